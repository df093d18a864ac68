from django.db import migrations


def copy(apps, schema_editor):
    """Each referred case's target, from the case row into its Referral."""
    Case = apps.get_model("cases", "Case")
    Referral = apps.get_model("triage", "Referral")
    Referral.objects.bulk_create(
        Referral(case_id=pk, target_id=target_id)
        for pk, target_id in Case.objects.filter(referral_target__isnull=False).values_list(
            "pk", "referral_target_id"
        )
    )


def uncopy(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Referral = apps.get_model("triage", "Referral")
    for referral in Referral.objects.all():
        Case.objects.filter(pk=referral.case_id).update(referral_target_id=referral.target_id)


class Migration(migrations.Migration):
    dependencies = [("triage", "0003_referral")]

    operations = [migrations.RunPython(copy, uncopy)]
