"""The Celery beat schedule: every periodic task, declared here and only here.

Each entry says why it runs and how often.
"""

BEAT_SCHEDULE: dict[str, dict] = {
    # Drafts that nobody touched for a long time hold personal data without purpose:
    # remove them nightly (cases.services.drafts_purge_stale).
    "purge-stale-drafts": {
        "task": "cases.tasks.purge_stale_drafts",
        "schedule": 24 * 60 * 60,
    },
}
