"""Encryption at rest for the identifying numbers (BSN, KvK, RSIN).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a MultiFernet: the first
key of ``FIELD_ENCRYPTION_KEYS`` encrypts, every key decrypts, so a new key can be put in
front while rows written under the old one are still read; ``manage.py
rotate_field_encryption`` then re-encrypts those rows under the new key, after which the old
key can go. The database only ever sees the token; the keyed hash next to each number
(``cases.services.identifier_hash``) is what matching uses, since equal numbers give
different tokens.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

__all__ = ["EncryptedCharField", "InvalidToken", "decrypt", "encrypt", "uses_primary_key"]


@cache
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds no key.")
    try:
        parts = [Fernet(key.encode()) for key in keys]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "Each key in FIELD_ENCRYPTION_KEYS must be a Fernet key (32 url-safe base64 "
            "bytes; `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        ) from exc
    return MultiFernet(parts), parts[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    """A token for ``value``; the empty string stays empty (nothing to hide, and blank
    checks keep working in SQL)."""
    if not value:
        return ""
    return _keys()[0].encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The value of a token written under any configured key; raises InvalidToken when no
    key opens it (a missing key is a configuration error, never silently plain text)."""
    if not token:
        return ""
    return _keys()[0].decrypt(token.encode()).decode()


def uses_primary_key(token: str) -> bool:
    """Whether the newest key wrote this token (the rotation skips those)."""
    if not token:
        return True
    try:
        _keys()[1].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same value as a token under the newest key."""
    if not token:
        return ""
    return _keys()[0].rotate(token.encode()).decode()


class EncryptedCharField(models.CharField):
    """A CharField whose column holds a Fernet token instead of the value.

    ``max_length`` limits the plain value (forms, serializers, model validation); the
    column is ``text``, since a token is much longer. Lookups other than on the empty
    string cannot work (each token is different), so match on the keyed hash instead.
    """

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(value)
