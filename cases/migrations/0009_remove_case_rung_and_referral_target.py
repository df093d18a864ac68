from django.db import migrations


class Migration(migrations.Migration):
    """The rung and the referral target moved to the apps they belong to (escalation's
    LadderPosition, triage's Referral); their data was copied there first."""

    dependencies = [
        ('cases', '0008_caseevent_helper_text'),
        ('escalation', '0006_copy_ladder_positions'),
        ('triage', '0004_copy_referrals'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='case',
            name='referral_target',
        ),
        migrations.RemoveField(
            model_name='case',
            name='rung',
        ),
        migrations.RemoveField(
            model_name='historicalcase',
            name='referral_target',
        ),
        migrations.RemoveField(
            model_name='historicalcase',
            name='rung',
        ),
    ]
