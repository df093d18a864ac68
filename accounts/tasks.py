from celery import shared_task

from . import services

RETRY = {"autoretry_for": (ConnectionError, TimeoutError, OSError), "retry_backoff": True}


@shared_task(**RETRY, max_retries=5)
def send_password_reset(user_id: int) -> bool:
    return services.password_reset_email_send(user_id=user_id)


@shared_task(**RETRY, max_retries=5)
def send_security_notice(user_id: int, change: str) -> bool:
    return services.security_notice_send(user_id=user_id, change=change)
