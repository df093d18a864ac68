from celery import shared_task

from . import selectors


# Recounting is idempotent (it overwrites one cache entry); bounded like a monitor run.
@shared_task(soft_time_limit=240, time_limit=300)
def refresh_transparency() -> str:
    value = selectors.transparency_refresh()
    return value["made_at"].isoformat()
