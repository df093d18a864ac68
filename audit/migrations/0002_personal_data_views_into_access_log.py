"""Move the rows of the old cases.PersonalDataView into the access log, which replaces it
(cases 0015 then drops the old table). Old rows had no trace: each gets a trace of its own.
The reverse puts them back, so the move can be undone while the old model still exists."""

import secrets

from django.db import migrations

# The old channel -> the access log's operation and channel.
OPERATIONS = {
    "web": ("case.view", "web"),
    "api": ("case.view", "api"),
    "bsn": ("bsn.reveal", "web"),
    "document": ("document.download", "web"),
}
ACTIVITIES = {
    "case.view": "casusbehandeling",
    "bsn.reveal": "verzoeken-aan-diensten",
    "document.download": "verzoeken-aan-diensten",
}
CHANNELS = {(name, channel): old for old, (name, channel) in OPERATIONS.items()}


def forward(apps, schema_editor):
    from django.conf import settings

    PersonalDataView = apps.get_model("cases", "PersonalDataView")
    AccessRecord = apps.get_model("audit", "AccessRecord")
    records = []
    for view in PersonalDataView.objects.select_related("case", "user").iterator():
        name, channel = OPERATIONS.get(view.channel, ("case.view", "web"))
        reference = view.case.reference or ""
        records.append(
            AccessRecord(
                trace_id=secrets.token_hex(16),
                operation_id=secrets.token_hex(8),
                name=name,
                start_time=view.viewed_at,
                end_time=view.viewed_at,
                status_code=1,
                user_id=view.user_id,
                case_id=view.case_id,
                case_reference=reference,
                attributes={
                    "dpl.core.processing_activity_id": settings.PROCESSING_REGISTER_URI
                    + ACTIVITIES[name],
                    "bb.processing_activity": ACTIVITIES[name],
                    "bb.user.id": view.user_id,
                    "bb.user.username": view.user.username,
                    "bb.user.role": view.user.role,
                    "bb.case.id": view.case_id,
                    "bb.case.reference": reference,
                    "bb.channel": channel,
                },
            )
        )
    AccessRecord.objects.bulk_create(records, batch_size=1000)


def backward(apps, schema_editor):
    PersonalDataView = apps.get_model("cases", "PersonalDataView")
    AccessRecord = apps.get_model("audit", "AccessRecord")
    Case = apps.get_model("cases", "Case")
    existing = set(Case.objects.values_list("pk", flat=True))
    for record in AccessRecord.objects.iterator():
        if record.case_id not in existing:
            continue
        channel = CHANNELS.get((record.name, record.attributes.get("bb.channel")), "web")
        view = PersonalDataView.objects.create(
            case_id=record.case_id, user_id=record.user_id, channel=channel
        )
        PersonalDataView.objects.filter(pk=view.pk).update(viewed_at=record.start_time)
    AccessRecord.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_access_log"),
        ("cases", "0017_encrypt_existing_identifiers"),
    ]

    operations = [migrations.RunPython(forward, backward)]
