from celery import shared_task

from . import selectors, services


# Recounting is idempotent (it overwrites one cache entry); bounded like a monitor run.
@shared_task(soft_time_limit=240, time_limit=300)
def refresh_transparency() -> str:
    value = selectors.transparency_refresh()
    return value["made_at"].isoformat()


# The service checks the generation and the status, so a duplicate or a late retry is a
# no-op; the build is bounded (a year of figures at a million cases takes seconds).
@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=240,
    time_limit=300,
)
def build_kamer_report(report_id: int, generation: int) -> bool:
    return services.kamer_report_build(report_id=report_id, generation=generation)


@shared_task
def resume_stalled_kamer_reports() -> int:
    return services.kamer_reports_resume_stalled()
