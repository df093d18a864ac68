from django.db import migrations


class Migration(migrations.Migration):
    """Deadlines, their extensions, notifications and the extra non-working days moved to the
    deadlines app, which copied them first (deadlines.0002)."""

    dependencies = [
        ('escalation', '0006_copy_ladder_positions'),
        ('deadlines', '0002_copy_from_escalation'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='deadlineextension',
            name='deadline',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='deadline',
        ),
        migrations.RemoveField(
            model_name='deadlineextension',
            name='actor',
        ),
        migrations.RemoveField(
            model_name='extranonworkingday',
            name='created_by',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='recipient',
        ),
        migrations.DeleteModel(
            name='Deadline',
        ),
        migrations.DeleteModel(
            name='DeadlineExtension',
        ),
        migrations.DeleteModel(
            name='ExtraNonWorkingDay',
        ),
        migrations.DeleteModel(
            name='Notification',
        ),
    ]
