import pytest
from django.core.management import call_command

from accounts.models import Role, User
from cases.models import Case, CaseStatus
from escalation.status import VISIBLE_TO_DIENST


def test_healthz_is_200(client):
    assert client.get("/healthz").status_code == 200


def test_readyz_is_200_when_database_and_broker_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_readyz_is_503_when_the_broker_is_down(client, db, monkeypatch):
    from belangenbehartiger.celery import app

    connect = app.connection_for_write
    # A broker address where nothing listens stands in for a broker that is down.
    monkeypatch.setattr(app, "connection_for_write", lambda: connect("redis://127.0.0.1:1/0"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_status(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-123")
    call_command("seed_demo")
    cases_after_first_run = Case.objects.count()
    call_command("seed_demo")
    expected = {
        "helper",
        "helper2",
        "casemanager",
        "lead",
        "liaison_bd",
        "liaison_toeslagen",
        "analyst",
        "admin",
    }
    assert expected <= set(User.objects.values_list("username", flat=True))
    assert User.objects.get(username="liaison_bd").organisation.dienst.code == "belastingdienst"
    assert (
        User.objects.get(username="helper").organisation
        != User.objects.get(username="helper2").organisation
    )
    assert User.objects.get(username="lead").role == Role.LEAD
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert Case.objects.count() == cases_after_first_run  # the second run adds nothing
    assert User.objects.get(username="casemanager").check_password("demo-wachtwoord-123")
    from escalation.models import DienstRequest

    assert DienstRequest.objects.filter(status="awaiting_approval", kind="freeze").count() == 1
    assert DienstRequest.objects.filter(status="sent", dienst__code="belastingdienst").exists()
    assert not Case.objects.filter(status="submitted", assessments__isnull=True).exists()
    from escalation.models import AttachmentShare

    # A document the helper added after submission, shared with the Dienst of a request.
    share = AttachmentShare.objects.select_related("attachment", "request").get()
    assert share.attachment.uploaded_by.username == "helper"
    assert share.request.status in VISIBLE_TO_DIENST
