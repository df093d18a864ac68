# Production-like image: one image for web (gunicorn), Celery worker and Celery beat.
# See docs/operations.md for the environment variables and docker-compose.yml for the services.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=belangenbehartiger.settings \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/data/private_media \
    WHITENOISE_USE_FINDERS=false

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.lock ./
RUN python -m pip install -r requirements.lock

COPY . .

# collectstatic only needs settings to load. Throwaway values keep it from writing secrets
# or broker folders into the image (settings would otherwise create them under VAR_DIR).
RUN SECRET_KEY=collectstatic-only \
    IDENTIFIER_HASH_KEY=collectstatic-only \
    FIELD_ENCRYPTION_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXJlYWwta2U= \
    CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput

# Non-root. VAR_DIR (beat schedule, generated secrets when none are given) and the upload
# folder are writable by this user only; compose mounts named volumes on both.
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home app \
    && mkdir -p "$VAR_DIR" "$PRIVATE_MEDIA_ROOT" \
    && chown app:app "$VAR_DIR" "$PRIVATE_MEDIA_ROOT" \
    && chmod 0700 "$PRIVATE_MEDIA_ROOT"
USER app

EXPOSE 8000

# More workers or threads: GUNICORN_CMD_ARGS="--workers 4 --threads 4".
CMD ["gunicorn", "belangenbehartiger.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
