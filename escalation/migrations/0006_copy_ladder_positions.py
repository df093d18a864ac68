from django.db import migrations


def copy(apps, schema_editor):
    """Each case's rung, from the case row into its LadderPosition."""
    Case = apps.get_model("cases", "Case")
    LadderPosition = apps.get_model("escalation", "LadderPosition")
    LadderPosition.objects.bulk_create(
        LadderPosition(case_id=pk, rung_id=rung_id)
        for pk, rung_id in Case.objects.filter(rung__isnull=False).values_list("pk", "rung_id")
    )


def uncopy(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    LadderPosition = apps.get_model("escalation", "LadderPosition")
    for position in LadderPosition.objects.all():
        Case.objects.filter(pk=position.case_id).update(rung_id=position.rung_id)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0005_ladder_positions_and_kamer_events")]

    operations = [migrations.RunPython(copy, uncopy)]
