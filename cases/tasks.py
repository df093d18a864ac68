from celery import shared_task

from . import services

RETRY = {"autoretry_for": (ConnectionError, TimeoutError, OSError), "retry_backoff": True}


@shared_task(**RETRY, max_retries=5)
def send_submission_confirmation(case_id: int) -> bool:
    return services.case_confirmation_send(case_id=case_id)


@shared_task(**RETRY, max_retries=5)
def send_message_notification(message_id: int) -> bool:
    return services.message_notification_send(message_id=message_id)


@shared_task(soft_time_limit=240, time_limit=300)
def send_outbox() -> dict[str, int]:
    """What the broker never delivered: confirmations and message e-mails still unsent."""
    return services.outbox_send()
