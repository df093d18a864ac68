from django.db import migrations

THEMES = [
    ("huurtoeslag", "Huurtoeslag", "Rent benefit"),
    ("zorgtoeslag", "Zorgtoeslag", "Healthcare benefit"),
    ("kinderopvangtoeslag", "Kinderopvangtoeslag", "Childcare benefit"),
    ("kindgebonden-budget", "Kindgebonden budget", "Child-related budget"),
    ("inkomstenbelasting", "Inkomstenbelasting", "Income tax"),
    ("box-3", "Box 3", "Box 3 (savings and investments)"),
    ("betalingsregeling", "Betalingsregeling", "Payment arrangement"),
    ("invordering", "Invordering en dwanginvordering", "Collection and enforcement"),
    ("verrekening", "Verrekening", "Offsetting"),
    ("terugvordering", "Terugvordering", "Recovery"),
    ("naheffing", "Naheffing", "Additional assessment"),
    ("hersteloperatie", "Hersteloperatie toeslagen", "Benefits recovery operation"),
    ("ondernemers", "Ondernemers (btw, loonheffing)", "Entrepreneurs (VAT, payroll tax)"),
]


def create(apps, schema_editor):
    Theme = apps.get_model("cases", "Theme")
    for code, name_nl, name_en in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"name_nl": name_nl, "name_en": name_en})


def remove(apps, schema_editor):
    apps.get_model("cases", "Theme").objects.filter(
        code__in=[code for code, *_ in THEMES], cases__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
