"""Settings of the benchmark's gunicorn: the project's own, plus the floor views of
bench/urls.py. Nothing here reaches the product: only `make bench` uses this module."""

from belangenbehartiger.env import env_int

# belangenbehartiger/beat.py reads this through django.conf.settings while the project's
# settings are still loading, and here that means this module: give it its value first.
REMINDER_SWEEP_MINUTES = env_int("REMINDER_SWEEP_MINUTES", 5)

from belangenbehartiger.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
# The load run sends 50 users through one account per role: the per-user API throttle is
# for people, not for a benchmark.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
# Sign-in is done once by the bench (sessions made in the database), not per request.
TWO_FACTOR_REQUIRED = False
# Errors to stderr, nothing per request: a log line per request would measure the terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
