"""The GIN index on the solutions' Dutch full-text document, on PostgreSQL only.

Not declared in Solution.Meta.indexes: SQLite (the local demo) has no GIN indexes and
would fail on it, also whenever a later migration rebuilds the table. The search
(frontdoor.selectors.solution_search) filters on ``search_document @@ query``, which this
index serves.
"""

from django.db import migrations

INDEX = "frontdoor_solution_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON frontdoor_solution USING gin (search_document)"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0001_solution_library")]
    operations = [migrations.RunPython(create, remove)]
