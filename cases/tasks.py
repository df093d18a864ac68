from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_submission_confirmation(case_id: int) -> bool:
    return services.case_confirmation_send(case_id=case_id)


@shared_task
def purge_stale_drafts() -> int:
    return services.drafts_purge_stale()


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_message_notification(message_id: int) -> bool:
    return services.message_notification_send(message_id=message_id)
