"""The Celery beat schedule: every periodic task, declared here and only here.

Each entry says why it runs and how often.
"""

from django.conf import settings

BEAT_SCHEDULE: dict[str, dict] = {
    # Deadline reminders: upcoming, due today and overdue (deadlines.reminders). Each
    # reminder is sent once however often this runs, so the interval only sets how fast.
    "reminder-sweep": {
        "task": "deadlines.tasks.reminder_sweep",
        "schedule": settings.REMINDER_SWEEP_MINUTES * 60,
    },
    # The outbox: confirmations and message e-mails whose task never ran (the broker was
    # down when the case or message was saved). Each is claimed before it is sent.
    "send-outbox": {
        "task": "cases.tasks.send_outbox",
        "schedule": settings.REMINDER_SWEEP_MINUTES * 60,
    },
    # Retention (casework/retention.py), nightly: stale drafts deleted, closed cases past
    # RETENTION_CLOSED_DAYS proposed on a destruction list, approved lists anonymised.
    "apply-retention": {
        "task": "casework.tasks.apply_retention",
        "schedule": 24 * 60 * 60,
    },
    # The public transparency page's figures, counted ahead of its visitors: more often
    # than the cache keeps them (an hour), so the page never waits for the counting.
    "refresh-transparency": {
        "task": "reports.tasks.refresh_transparency",
        "schedule": 50 * 60,
    },
}
