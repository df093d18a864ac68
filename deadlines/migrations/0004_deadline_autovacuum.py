"""Vacuum the deadlines table after 2 % of its rows changed, not PostgreSQL's default 20 %.

The reminder sweep finds due clocks by reading the front of ``deadline_open_due_idx``
(open deadlines by due moment). Closing, extending or reminding a clock leaves a dead
row there until vacuum clears it; at a million cases the default waits for about 190,000
of them, and the sweep's find slowed from 4 ms to 25 ms with 40,000 (docs/benchmarks.md).
"""

from django.db import migrations

SCALE_FACTOR = 0.02


def tune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE deadlines_deadline SET (autovacuum_vacuum_scale_factor = {SCALE_FACTOR})"
        )


def untune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE deadlines_deadline RESET (autovacuum_vacuum_scale_factor)")


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0003_commitment_kind")]

    operations = [migrations.RunPython(tune, untune, elidable=False)]
