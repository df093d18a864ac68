"""Encrypt the BSN, KvK and RSIN numbers already stored in plain text (0013 widened the
columns to hold tokens). Raw SQL on purpose: the historical model's field decrypts on read,
and a plain number is not a token. The reverse decrypts them back, so 0016 can be undone;
it needs the keys that encrypted them (FIELD_ENCRYPTION_KEYS)."""

from cryptography.fernet import InvalidToken
from django.db import migrations

from belangenbehartiger import crypto

COLUMNS = ("bsn", "kvk_number", "rsin")


def _convert(schema_editor, change) -> None:
    connection = schema_editor.connection
    table = connection.ops.quote_name("cases_case")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(COLUMNS)} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        for pk, *values in rows:
            new = [change(value or "") for value in values]
            if new == [value or "" for value in values]:
                continue
            assignments = ", ".join(f"{column} = %s" for column in COLUMNS)
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*new, pk])  # noqa: S608


def _encrypt_plain(value: str) -> str:
    if not value:
        return value
    try:
        crypto.decrypt(value)
    except InvalidToken:
        return crypto.encrypt(value)
    return value  # already a token


def encrypt(apps, schema_editor):
    _convert(schema_editor, _encrypt_plain)


def decrypt(apps, schema_editor):
    _convert(schema_editor, crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_encrypt_identifiers")]

    operations = [migrations.RunPython(encrypt, decrypt, elidable=False)]
