from django.db import migrations

# code, name, what happens, position, acknowledge, answer, answer when urgent, approval, optional
RUNGS = [
    ("mediation", "Bemiddeling",
     "Contact met de Dienst en een voorstel voor een alternatieve oplossing.",
     1, 2, 10, 2, False, False),
    ("freeze_request", "Verzoek tot bevriezen",
     "Verzoek om invordering, terugvordering of procedure te pauzeren tot een datum.",
     2, None, 2, 1, True, False),
    ("management", "Escalatie naar de leiding van de Dienst",
     "De casus gaat naar het management van de Dienst.",
     3, None, 10, None, False, True),
    ("kamer_report", "Rapportage aan de Tweede Kamer",
     "De casus gaat geanonimiseerd mee in de volgende rapportage aan de Tweede Kamer.",
     4, None, None, None, True, False),
]


def create(apps, schema_editor):
    Rung = apps.get_model("escalation", "Rung")
    for code, name, description, position, ack, answer, urgent, approval, optional in RUNGS:
        Rung.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "position": position,
                "acknowledge_days": ack,
                "answer_days": answer,
                "answer_days_urgent": urgent,
                "needs_approval": approval,
                "optional": optional,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("escalation", "Rung").objects.filter(code__in=[r[0] for r in RUNGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("escalation", "0002_ladder_requests_deadlines_notifications")]
    operations = [migrations.RunPython(create, remove)]
