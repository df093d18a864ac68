"""The broker goes away during intake: every case is still saved with a 201, and every
confirmation is sent, once, when the broker is back (the outbox, belangenbehartiger/queue.py).

The test runs a redis-server of its own on a port of its own, and stops and starts it; the
shared broker of the other tests is never touched."""

import os
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import time_machine
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from belangenbehartiger.celery import app as project_app
from cases.models import Case
from tests import factories
from tests.conftest import unavailable
from tests.factories import api
from tests.test_api_cases import payload

PORT = int(os.environ.get("BROKER_FAULT_REDIS_PORT", "8147"))


def _wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _listening() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


class OwnRedis:
    """A redis-server on PORT, writing its append-only file into ``folder`` so that queued
    tasks survive a restart, as a production broker's would."""

    def __init__(self, folder):
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert _wait_for(_listening, 10), "the test's own redis-server did not start"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        assert _wait_for(lambda: not _listening(), 10)


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        unavailable("redis-server (Debian package redis-server)")
    if _listening():
        pytest.fail(f"port {PORT} is taken; set BROKER_FAULT_REDIS_PORT", pytrace=False)
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fault_app(own_redis, monkeypatch):
    """A Celery app like the project's, on the test's own broker, made the current app so
    that belangenbehartiger.queue sends through it; the project's app is restored after."""
    # Celery reads CELERY_BROKER_URL from the environment before any setting.
    monkeypatch.setenv("CELERY_BROKER_URL", f"redis://127.0.0.1:{PORT}/0")
    app = Celery("broker-faults", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    # After the settings are read (they are read lazily and would win otherwise).
    assert app.conf.broker_url
    app.conf.update(
        broker_url=f"redis://127.0.0.1:{PORT}/0",
        task_always_eager=False,
    )
    app.autodiscover_tasks()
    app.loader.import_default_modules()
    app.set_current()
    assert app.conf.broker_url.endswith(f":{PORT}/0")
    yield app
    project_app.set_current()
    app.close()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_intake_survives_a_broker_outage_and_every_mail_goes_out_once(own_redis, fault_app):
    project_app.conf.task_always_eager = False
    helper = factories.helper()
    client = api(helper)

    # Broker up: the confirmation's task is queued as usual.
    before = client.post("/api/v1/cases/", payload(summary="Voor de storing"), format="json")
    assert before.status_code == 201

    # Broker down: every intake is still saved and answered with a 201, quickly.
    own_redis.stop()
    during = []
    for n in range(3):
        started = time.monotonic()
        response = client.post(
            "/api/v1/cases/", payload(summary=f"Tijdens de storing {n}"), format="json"
        )
        assert response.status_code == 201, response.content
        assert time.monotonic() - started < 10
        during.append(response.json()["reference"])
    references = [before.json()["reference"], *during]
    assert Case.objects.filter(reference__in=references).count() == 4
    assert mail.outbox == []

    # Broker back: the queued task runs, and the outbox sends what never reached the broker.
    own_redis.start()
    with start_worker(fault_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert _wait_for(lambda: len(mail.outbox) == 1), "the queued confirmation was not sent"
        with time_machine.travel(timezone.now() + timedelta(minutes=3)):
            fault_app.tasks["cases.tasks.send_outbox"].delay()
            assert _wait_for(lambda: len(mail.outbox) == 4), "the outbox did not send them all"
            fault_app.tasks["cases.tasks.send_outbox"].delay()  # again: nothing more
            time.sleep(1.0)

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(f"Casus {ref} is ontvangen" for ref in references)
    assert not Case.objects.filter(confirmation_sent_at__isnull=True).exists()
