from django.db import migrations

DIENSTEN = [("belastingdienst", "Belastingdienst"), ("toeslagen", "Dienst Toeslagen")]


def create(apps, schema_editor):
    Dienst = apps.get_model("accounts", "Dienst")
    for code, name in DIENSTEN:
        Dienst.objects.get_or_create(code=code, defaults={"name": name})


def remove(apps, schema_editor):
    apps.get_model("accounts", "Dienst").objects.filter(
        code__in=[code for code, _ in DIENSTEN], cases__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
