from celery import shared_task

from . import reminders


@shared_task(soft_time_limit=240, time_limit=300)
def reminder_sweep() -> dict:
    """Beat runs this every REMINDER_SWEEP_MINUTES; safe to run twice at once (see reminders)."""
    result = reminders.reminder_sweep()
    return {
        "candidates": result.candidates,
        "notifications": result.notifications,
        "emails": result.emails,
    }
