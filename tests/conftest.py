"""Shared fixtures. Tests that need PostgreSQL, Redis or Chromium skip locally when the
service is missing, but fail under CI=true: in CI a skipped test would hide a gap."""

import importlib
import os
import shutil

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from belangenbehartiger.celery import app as celery_app

from . import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REDIS_URL = os.environ.get("CELERY_BROKER_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(items):
    """Tests that need PostgreSQL carry the ``postgres`` marker, so a run on the embedded
    SQLite default can leave them out on purpose (-m "not postgres")."""
    for item in items:
        if "postgres" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def unavailable(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available", pytrace=False)
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "10000/minute"},
    }
    # The second factor has its own tests (tests/test_two_factor.py, with the
    # ``two_factor_required`` fixture); the others sign in with force_login and one factor.
    settings.TWO_FACTOR_REQUIRED = False
    cache.clear()  # rate-limit counters and the calendar's cached extra days
    # A test that switches the interface to English must not leave it on for the next one.
    translation.activate(settings.LANGUAGE_CODE)
    # Tasks run in-process unless a test asks for a real worker (see tests/test_tasks.py).
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
    translation.deactivate()


REFERENCE_DATA_MIGRATIONS = (
    "accounts.migrations.0002_default_diensten",
    "cases.migrations.0002_default_themes",
    "triage.migrations.0002_default_criteria_and_referral_targets",
    "escalation.migrations.0003_default_rungs",
)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database after each test, taking the rows of the data
    migrations with it; put them back by running those migrations' own (idempotent) code."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).create(django_apps, None)


@pytest.fixture
def two_factor_required(settings):
    """Staff must sign in with a second factor, as in production."""
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        unavailable("PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_broker_url():
    if not REDIS_URL.startswith("redis://"):
        unavailable("Redis (set CELERY_BROKER_URL=redis://...)")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        unavailable(f"Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture(scope="session")
def chromium_path():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        unavailable(f"Chromium at {CHROMIUM}")
    return CHROMIUM


@pytest.fixture
def helper(db):
    return factories.helper()


@pytest.fixture
def other_helper(db):
    return factories.helper()


@pytest.fixture
def casemanager(db):
    return factories.team_member()


@pytest.fixture
def lead(db):
    return factories.team_member(role="lead")


@pytest.fixture
def liaison(db):
    return factories.liaison()


@pytest.fixture
def analyst(db):
    return factories.team_member(role="analyst")


@pytest.fixture
def admin_user(db):
    return factories.team_member(role="admin")
