"""The database router: reads of the monitor and the reports go to a read replica when
``DATABASE_REPLICA_URL`` configures one (the ``replica`` alias); everything else, and every
write, uses ``default``.

Only reads inside ``replica_reads()`` go there: a page that reads what it just wrote must
not read a replica that is a moment behind. Without a replica the router answers "no
opinion" and Django uses the one database.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
_reporting: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads made inside the block to the replica, where there is one."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reporting.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
