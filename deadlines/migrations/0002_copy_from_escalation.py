"""Copy the clocks out of the escalation app, keeping every id so notifications still point
at their deadlines. A deadline's subject is its request when it had one, else its case; the
reminder columns (owner, Dienst, label, links) are filled the way the services fill them.
"""

from django.core.management.color import no_style
from django.db import migrations

HELPER_ANSWER = "helper_answer"
FREEZE_END = "freeze_end"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def copy(apps, schema_editor):
    Old = apps.get_model("escalation", "Deadline")
    case_type = _content_type(apps, "cases", "case")
    request_type = _content_type(apps, "escalation", "dienstrequest")
    Deadline = apps.get_model("deadlines", "Deadline")
    DeadlineEvent = apps.get_model("deadlines", "DeadlineEvent")
    rows = []
    for old in Old.objects.select_related("case", "request").iterator():
        case, request = old.case, old.request
        on_request = request is not None
        rows.append(
            Deadline(
                pk=old.pk,
                subject_type=request_type if on_request else case_type,
                subject_id=request.pk if on_request else case.pk,
                kind=old.kind,
                status=old.status,
                due_at=old.due_at,
                paused_at=old.paused_at,
                revision=old.revision,
                owner_id=case.created_by_id if old.kind == HELPER_ANSWER else case.assignee_id,
                dienst_id=request.dienst_id if on_request and old.kind != FREEZE_END else None,
                label=case.reference or "",
                url=(
                    f"/casussen/{case.reference}/ladder/#verzoek-{request.pk}"
                    if on_request
                    else f"/casussen/{case.reference}/"
                ),
                dienst_url=f"/dienst/verzoeken/{request.pk}/" if on_request else "",
                created_at=old.created_at,
                closed_at=old.closed_at,
            )
        )
    Deadline.objects.bulk_create(rows, batch_size=1000)
    # created_at is auto_now_add: bulk_create overwrote it; put the original back.
    for old in Old.objects.only("pk", "created_at").iterator():
        Deadline.objects.filter(pk=old.pk).update(created_at=old.created_at)
    DeadlineEvent.objects.bulk_create(
        DeadlineEvent(
            deadline_id=ext.deadline_id,
            kind="extended",
            actor_id=ext.actor_id,
            old_due_at=ext.old_due_at,
            new_due_at=ext.new_due_at,
            reason=ext.reason,
        )
        for ext in apps.get_model("escalation", "DeadlineExtension").objects.all()
    )
    Notification = apps.get_model("deadlines", "Notification")
    Notification.objects.bulk_create(
        Notification(
            pk=old.pk,
            recipient_id=old.recipient_id,
            deadline_id=old.deadline_id,
            deadline_revision=old.deadline_revision,
            stage=old.stage,
            title=old.title,
            url=old.url.replace("/#ladder", "/ladder/#verzoeken"),
            read_at=old.read_at,
            email_state=old.email_state,
            email_claimed_at=old.email_claimed_at,
            emailed_at=old.emailed_at,
        )
        for old in apps.get_model("escalation", "Notification").objects.all()
    )
    _copy_days(apps, apps.get_model("escalation", "ExtraNonWorkingDay").objects.all())
    _reset_sequences(apps, schema_editor)


def _copy_days(apps, days):
    Day = apps.get_model("deadlines", "ExtraNonWorkingDay")
    Day.objects.bulk_create(
        Day(pk=d.pk, date=d.date, reason=d.reason, created_by_id=d.created_by_id) for d in days
    )


def _reset_sequences(apps, schema_editor):
    """Rows were inserted with their old ids: move the id sequences past them."""
    models = [
        apps.get_model("deadlines", name)
        for name in ("Deadline", "Notification", "ExtraNonWorkingDay")
    ]
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_initial"),
        ("escalation", "0006_copy_ladder_positions"),
        ("cases", "0008_caseevent_helper_text"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # No way back: the escalation tables are gone after escalation.0007.
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
