from celery import shared_task

from . import retention


@shared_task(soft_time_limit=900, time_limit=1000)
def apply_retention() -> dict[str, int]:
    report = retention.retention_apply()
    return {
        "drafts_deleted": report.drafts_deleted,
        "proposed": report.proposed,
        "anonymised": report.anonymised,
    }


@shared_task(soft_time_limit=900, time_limit=1000)
def carry_out_destruction_lists() -> int:
    return retention.destruction_lists_carry_out()
