"""Reads of the monitor go to the read replica when ``DATABASE_REPLICA_URL`` sets one up;
without it everything uses the one database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

from belangenbehartiger.routers import REPLICA, ReplicaRouter, replica_reads
from cases.models import Case

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def replica_alias():
    """The replica alias configured as DATABASE_REPLICA_URL would (pointing at the same
    database here)."""
    connections.settings[REPLICA] = {**connections["default"].settings_dict}
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_every_read_uses_the_default_database():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Case) is None
    assert router.db_for_read(Case) is None


def test_with_a_replica_only_the_reporting_reads_go_there(replica_alias):
    router = ReplicaRouter()
    assert router.db_for_read(Case) is None
    with replica_reads():
        assert router.db_for_read(Case) == REPLICA
        assert router.db_for_write(Case) == "default"
    assert router.allow_migrate("default", "cases") is True
    assert router.allow_migrate(REPLICA, "cases") is False


def test_the_setting_adds_a_replica_alias_that_mirrors_default_in_tests():
    env = {
        **os.environ,
        "LOCAL_SECRETS": "true",
        "DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/bb",
    }
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "r = settings.DATABASES['replica']; "
        "print(json.dumps([r['HOST'], r['USER'], r['TEST']['MIRROR'], settings.DATABASE_ROUTERS]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "belangenbehartiger.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [
        "replica.internal",
        "reader",
        "default",
        ["belangenbehartiger.routers.ReplicaRouter"],
    ]
