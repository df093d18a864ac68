from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_case_outcome'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseevent',
            name='helper_text',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='kind',
            field=models.CharField(choices=[('status_changed', 'Status gewijzigd'), ('attachment_added', 'Bijlage toegevoegd'), ('attachment_removed', 'Bijlage verwijderd'), ('assigned', 'Toegewezen'), ('rung_changed', 'Trede gewijzigd'), ('kamer_approved', 'Voordracht Kamerrapportage goedgekeurd')], max_length=30),
        ),
    ]
