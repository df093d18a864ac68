import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from belangenbehartiger.celery import app as celery_app
from cases import tasks
from cases.models import Case
from tests import factories


def _wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_confirmation_mail_is_sent_by_a_real_worker_over_redis(redis_broker_url):
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        helper = factories.helper()
        case = factories.submitted_case(by=helper)  # queues the task on commit
        assert _wait_for(lambda: len(mail.outbox) == 1), "the worker sent no confirmation"
        # A retried or duplicated message must not send it twice.
        tasks.send_submission_confirmation.delay(case.pk)
        time.sleep(1.0)
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject
    assert Case.objects.get(pk=case.pk).confirmation_sent_at is not None


def test_the_nightly_retention_task_removes_stale_drafts(helper, settings):
    from datetime import timedelta

    from django.utils import timezone

    from cases import services
    from casework import tasks as casework_tasks

    settings.DRAFT_RETENTION_DAYS = 30
    draft, _ = services.case_draft_create(user=helper)
    Case.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=31))
    assert casework_tasks.apply_retention.delay().get()["drafts_deleted"] == 1
    assert not Case.objects.exists()
