from django.db import migrations


class Migration(migrations.Migration):
    # The rows moved into the access log first (audit 0002).
    dependencies = [
        ("cases", "0017_encrypt_existing_identifiers"),
        ("audit", "0002_personal_data_views_into_access_log"),
    ]

    operations = [migrations.DeleteModel(name="PersonalDataView")]
