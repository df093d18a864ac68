import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_caseevent_helper_text'),
        ('escalation', '0004_deadline_revisions_and_system_request_events'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The deadlines app takes over these names (deadlines.0001); the old tables keep
        # their rows, without the indexes, until they are copied and dropped (0007).
        migrations.RemoveConstraint(model_name='notification', name='notification_once_per_stage'),
        migrations.RemoveIndex(model_name='notification', name='notification_unread_idx'),
        migrations.RemoveIndex(model_name='notification', name='notification_email_todo_idx'),
        migrations.RemoveIndex(model_name='deadline', name='deadline_open_due_idx'),
        migrations.RemoveIndex(model_name='deadline', name='deadline_case_idx'),
        migrations.AlterField(
            model_name='kamerreportitem',
            name='status',
            field=models.CharField(choices=[('proposed', 'Voorgesteld'), ('approved', 'Goedgekeurd'), ('refused', 'Niet goedgekeurd')], default='proposed', max_length=10),
        ),
        migrations.CreateModel(
            name='KamerItemEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(blank=True, max_length=10)),
                ('to_status', models.CharField(max_length=10)),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='escalation.kamerreportitem')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='LadderPosition',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='ladder', serialize=False, to='cases.case')),
                ('moved_at', models.DateTimeField(auto_now=True)),
                ('rung', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='positions', to='escalation.rung')),
            ],
        ),
        migrations.AddIndex(
            model_name='ladderposition',
            index=models.Index(fields=['rung'], name='ladder_rung_idx'),
        ),
    ]
