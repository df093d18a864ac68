"""Fill the case counters (cases.CaseCount) from the cases already there, once.

From here on the services keep them exact; `cases.services.case_counts_rebuild` does the
same recount on a running system.
"""

from django.db import migrations
from django.db.models import Count


def fill(apps, schema_editor):
    """As cases.services.case_counts_rebuild: in all, per Dienst, per theme, per both."""
    Case = apps.get_model("cases", "Case")
    CaseCount = apps.get_model("cases", "CaseCount")
    CaseCount.objects.all().delete()
    submitted = Case.objects.exclude(status="draft")
    cells = []
    for extra in ((), ("diensten__id",), ("themes__id",), ("diensten__id", "themes__id")):
        rows = (
            submitted.filter(**{f"{name}__isnull": False for name in extra})
            .values("status", "triage_rank", *extra)
            .annotate(n=Count("id", distinct=True))
            .order_by()
        )
        cells += [
            CaseCount(
                status=row["status"],
                triage_rank=row["triage_rank"],
                dienst=row.get("diensten__id", 0),
                theme=row.get("themes__id", 0),
                stripe=0,
                n=row["n"],
            )
            for row in rows
        ]
    CaseCount.objects.bulk_create(cells, batch_size=5000)


def empty(apps, schema_editor):
    apps.get_model("cases", "CaseCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_case_counters")]

    operations = [migrations.RunPython(fill, empty)]
