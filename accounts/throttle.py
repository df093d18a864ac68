"""Counting requests per key in the cache: the password-reset throttles, and the client's
address as the throttles (and django-axes) see it.

The counts live in Django's cache: Redis (``CACHE_URL``) in production, so every web
process shares them; without it each process counts on its own (docs/operations.md).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

HOUR = 60 * 60


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind the TLS proxy (BEHIND_TLS_PROXY) the address that proxy put
    last in X-Forwarded-For: entries before it come from the client and can be forged."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def hit(key: str, *, limit: int, window_seconds: int = HOUR) -> bool:
    """Count one request under ``key``; False once more than ``limit`` came in the window
    (a fixed window that starts with the first request)."""
    full_key = f"throttle:{key}"
    cache.add(full_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def password_reset_allowed_for_ip(request: HttpRequest) -> bool:
    return hit(f"password-reset:ip:{client_ip(request)}", limit=settings.PASSWORD_RESET_PER_IP_HOUR)


def password_reset_allowed_for_account(user_pk: int) -> bool:
    return hit(f"password-reset:user:{user_pk}", limit=settings.PASSWORD_RESET_PER_ACCOUNT_HOUR)
