"""Queue a Celery task once the transaction commits, without ever failing the request.

Services call ``enqueue_on_commit("app.tasks.name", pk)``. Tasks are addressed by name so
that a service need not import the tasks module that imports it back. If the broker is down
the commit has already happened: the error is logged and the work stays in its outbox (a
row whose ``*_sent_at``/``notified_at`` is empty), which the periodic outbox task sends
once the broker is back (see belangenbehartiger/beat.py).
"""

import logging
import threading

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)
_discovery = threading.Lock()


def _task(task_name: str):
    if task_name not in current_app.tasks:
        # A web process imports the apps' tasks modules only when asked (a worker does it at
        # start): autodiscovery registers every app's tasks. One thread at a time: under
        # gunicorn's threads a second one would otherwise look while the first is halfway
        # through the import, miss the task and fail its request after the commit.
        with _discovery:
            if task_name not in current_app.tasks:
                current_app.loader.import_default_modules()
    return current_app.tasks[task_name]


def enqueue(task_name: str, *args) -> bool:
    """Send the task now; False (logged) when the broker cannot be reached."""
    try:
        _task(task_name).apply_async(args=args, retry=False)
    except (OperationalError, ConnectionError, OSError):
        logger.warning("broker unavailable; %s left to the outbox", task_name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task_name: str, *args) -> None:
    transaction.on_commit(lambda: enqueue(task_name, *args))
