"""Key rotation for the identifying numbers encrypted at rest (belangenbehartiger/crypto.py)."""

from django.db import connection, transaction

from belangenbehartiger import crypto

from ..models import Case

ENCRYPTED_FIELDS = ("bsn", "kvk_number", "rsin")


def identifiers_reencrypt(*, batch_size: int = 500) -> int:
    """Re-encrypt under the newest key every case whose numbers an older key wrote.

    Reads the stored tokens as they are (the model field would decrypt them), so rows that
    the newest key already wrote are skipped and a second run changes nothing. Returns how
    many cases were rewritten. Once it returns, the older keys can be removed.
    """
    table = connection.ops.quote_name(Case._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in ENCRYPTED_FIELDS)
    assignments = ", ".join(f"{connection.ops.quote_name(n)} = %s" for n in ENCRYPTED_FIELDS)
    select = f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT %s"  # noqa: S608
    # A case saved while the batch runs must not be overwritten with its old numbers.
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    rewritten = 0
    last_pk = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select + lock, [last_pk, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return rewritten
            for pk, *tokens in rows:
                last_pk = pk
                if all(crypto.uses_primary_key(token or "") for token in tokens):
                    continue
                new = [crypto.rotate(token or "") for token in tokens]
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                    [*new, pk],
                )
                rewritten += 1
