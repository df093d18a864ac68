"""The case file as its users work it: the same action behaves the same on the web and in
the API, the helper sees steps and never the team's reasons, the clocks and the Dienst's
dates agree, closed cases stay closed, and domain errors reach the web user in one way."""

import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from audit.models import AccessRecord
from belangenbehartiger.celery import app as celery_app
from belangenbehartiger.errors import InvalidInput, TransitionNotAllowed
from cases import services as case_services
from cases.models import Case, CaseStatus, Message
from casework import steps
from deadlines.models import Deadline, Notification
from escalation import services as ladder
from escalation.models import DienstRequest
from escalation.selectors import case_timeline
from triage.decisions import case_decide

from . import factories
from .factories import accepted_case, api, freeze, proposal


def info_requested_case(helper, casemanager) -> Case:
    case = factories.submitted_case(by=helper)
    case_decide(case=case, actor=casemanager, decision="request_info", question="Welke brief?")
    return case


def test_a_helpers_web_message_while_info_is_requested_answers_the_question(
    client, helper, casemanager
):
    case = info_requested_case(helper, casemanager)
    client.force_login(helper)
    response = client.post(f"/casussen/{case.reference}/berichten/", {"body": "De brief komt."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAGE
    assert case.messages.get(author=helper).kind == Message.Kind.ANSWER


def test_the_same_message_through_the_api_answers_the_question_too(helper, casemanager):
    case = info_requested_case(helper, casemanager)
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/messages/", {"body": "De brief komt."}, format="json"
    )
    assert response.status_code == 201
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAGE


def test_no_message_on_a_closed_case_by_service_web_or_api(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    steps.case_withdraw(case=case, user=helper, reason="Opgelost")
    steps.case_close(case=case, user=casemanager, outcome="withdrawn")
    with pytest.raises(TransitionNotAllowed):
        case_services.conversation_post(case=case, author=helper, body="Nog iets")
    client.force_login(helper)
    client.post(f"/casussen/{case.reference}/berichten/", {"body": "Nog iets"})
    response = api(casemanager).post(
        f"/api/v1/cases/{case.reference}/messages/", {"body": "Nog iets"}, format="json"
    )
    assert response.status_code == 409
    assert not case.messages.filter(body="Nog iets").exists()


def test_the_answered_notification_links_to_the_request_in_the_case_workspace(
    client, helper, casemanager, liaison
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = proposal(case, casemanager)
    ladder.request_respond(request=request, actor=liaison, outcome="accepted")
    notification = Notification.objects.get(
        recipient=casemanager, stage=Notification.Stage.ANSWERED
    )
    path, anchor = notification.url.split("#")
    assert path == f"/casussen/{case.reference}/"
    client.force_login(casemanager)
    page = client.get(path).content.decode()
    assert f'id="{anchor}"' in page


def test_the_old_ladder_url_redirects_to_the_workspace_keeping_the_fragment(
    client, helper, casemanager
):
    """Reminders sent before the workspace link to /ladder/#verzoek-<id>: a redirect without
    a fragment of its own lets the browser keep that one."""
    case = accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(casemanager)
    response = client.get(f"/casussen/{case.reference}/ladder/")
    assert (response.status_code, response["Location"]) == (302, f"/casussen/{case.reference}/")


def test_the_helper_sees_the_new_step_but_never_the_teams_reason(client, helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    ladder.case_rung_move(
        case=case,
        rung=ladder.Rung.objects.get(code="mediation"),
        actor=casemanager,
        reason="Interne afweging: de inspecteur reageert traag",
    )
    titles = [item["title"] for item in case_timeline(user=helper, case=case)]
    texts = " ".join(item["text"] for item in case_timeline(user=helper, case=case))
    assert "Bemiddeling" in titles
    assert "inspecteur" not in texts
    client.force_login(helper)
    assert "inspecteur" not in client.get(f"/casussen/{case.reference}/").content.decode()
    team_texts = " ".join(item["text"] for item in case_timeline(user=casemanager, case=case))
    assert "inspecteur" in team_texts


def test_a_move_to_the_kamer_rung_is_hidden_from_the_helper_until_a_lead_approves(
    helper, casemanager, lead
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    item = ladder.kamer_item_propose(
        case=case,
        actor=casemanager,
        vignette="Een burger kreeg een dwangbevel terwijl de betalingsregeling nog liep.",
        reason="Structureel probleem bij de invordering",
    )

    def helper_sees() -> str:
        return " ".join(f"{i['title']} {i['text']}" for i in case_timeline(user=helper, case=case))

    assert "Kamer" not in helper_sees()
    assert "Structureel" not in helper_sees()
    ladder.kamer_item_approve(item=item, actor=lead)
    assert "Tweede Kamer" in helper_sees()
    assert "Structureel" not in helper_sees()
    assert item.events.count() == 2  # proposed, approved: each a KamerItemEvent


def test_extending_the_end_of_a_freeze_moves_the_granted_date(
    client, helper, casemanager, lead, liaison
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = freeze(case, casemanager, until=timezone.localdate() + timedelta(days=40))
    ladder.request_approve(request=request, actor=lead)
    ladder.request_respond(request=request, actor=liaison, outcome="accepted")
    freeze_end = request.deadlines.get(kind=Deadline.Kind.FREEZE_END)
    new_end = timezone.localdate() + timedelta(days=60)
    client.force_login(casemanager)
    client.post(
        f"/escalatie/termijnen/{freeze_end.pk}/verlengen/",
        {"new_due": new_end.isoformat(), "reason": "Bezwaar duurt langer"},
    )
    request.refresh_from_db()
    freeze_end.refresh_from_db()
    assert request.granted_until == new_end
    assert timezone.localtime(freeze_end.due_at).date() == new_end
    assert freeze_end.events.filter(kind="extended").exists()


@pytest.mark.parametrize("until", [date(9999, 12, 31), None])
def test_a_freeze_cannot_be_asked_for_years_ahead(helper, casemanager, until):
    case = accepted_case(helper=helper, casemanager=casemanager)
    too_far = until or timezone.localdate() + timedelta(days=settings.FREEZE_MAX_DAYS + 1)
    with pytest.raises(InvalidInput) as exc:
        freeze(case, casemanager, until=too_far)
    assert exc.value.field == "until"
    assert "hoogstens" in exc.value.message
    assert not DienstRequest.objects.exists()


def test_a_dienst_cannot_grant_a_longer_freeze_than_was_asked(helper, casemanager, lead, liaison):
    case = accepted_case(helper=helper, casemanager=casemanager)
    asked = timezone.localdate() + timedelta(days=30)
    request = freeze(case, casemanager, until=asked)
    ladder.request_approve(request=request, actor=lead)
    response = api(liaison).post(
        f"/api/v1/dienst-requests/{request.pk}/respond/",
        {"outcome": "accepted", "granted_until": (asked + timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "granted_until" in response.json()
    request.refresh_from_db()
    assert request.status == DienstRequest.Status.SENT


def test_the_triage_page_shows_the_masked_bsn_and_logs_the_view(client, helper, casemanager):
    case = factories.submitted_case(by=helper, bsn="111222333")
    client.force_login(casemanager)
    page = client.get(f"/triage/casus/{case.reference}/", follow=True).content.decode()
    assert "******333" in page
    assert "111222333" not in page
    assert AccessRecord.objects.filter(case_id=case.pk, user=casemanager).exists()


def test_a_domain_error_after_a_post_comes_back_as_a_message_on_the_page(
    client, helper, casemanager, liaison
):
    """One mapping for the web: acknowledging a request twice is refused where it clicked."""
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = proposal(case, casemanager)
    ladder.request_acknowledge(request=request, actor=liaison)
    client.force_login(liaison)
    page_url = f"/dienst/verzoeken/{request.pk}/"
    response = client.post(
        page_url, {"acknowledge": "1"}, HTTP_REFERER=f"http://testserver{page_url}"
    )
    assert response.status_code == 303
    assert response["Location"] == f"http://testserver{page_url}"
    assert "kan niet naar" in client.get(page_url).content.decode()
    no_referer = client.post(page_url, {"acknowledge": "1"})
    assert no_referer.status_code == 409
    assert "kan niet naar" in no_referer.content.decode()


def test_intake_answers_201_and_saves_when_the_broker_is_down_and_the_outbox_sends_later(
    helper, settings
):
    """The commit happened: the client must hear 201, not a 500 that makes it retry into a
    duplicate. The confirmation waits in its outbox until a sweep sends it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = False
    old_url = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    celery_app._pool = None  # the next publish connects anew, to the dead broker
    try:
        response = api(helper).post(
            "/api/v1/cases/",
            {
                "subject_type": "burger",
                "subject_name": "J. Jansen",
                "bsn": "111222333",
                "postcode_area": "3511",
                "consent": True,
                "diensten": ["belastingdienst"],
                "summary": "Beslag ondanks regeling",
                "description": "Beslag loopt door.",
            },
            format="json",
        )
    finally:
        celery_app.conf.broker_url = old_url
        celery_app._pool = None
        celery_app.conf.task_always_eager = True
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()["reference"])
    assert case.confirmation_sent_at is None
    assert mail.outbox == []
    sent = case_services.outbox_send(older_than=timedelta(0))
    assert sent["confirmations"] == 1
    assert [m.subject for m in mail.outbox] == [f"Casus {case.reference} is ontvangen"]
    assert case_services.outbox_send(older_than=timedelta(0))["confirmations"] == 0


def test_a_missing_secret_key_stops_the_start_outside_the_demo_and_tests(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), "HOME": str(tmp_path)}
    check = [sys.executable, "-c", "import django; django.setup()"]
    env["DJANGO_SETTINGS_MODULE"] = "belangenbehartiger.settings"
    result = subprocess.run(
        check, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()
    demo = subprocess.run(
        check,
        cwd=settings.BASE_DIR,
        env={**env, "LOCAL_SECRETS": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr


def test_redis_hands_a_dead_workers_task_on_within_the_visibility_timeout(tmp_path):
    """Tasks are acknowledged late; on Redis an unacknowledged task returns to the queue
    after visibility_timeout, which must be longer than any task may run and far shorter
    than kombu's default hour."""
    script = (
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.CELERY_TASK_TIME_LIMIT)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "VAR_DIR": str(tmp_path),
        "LOCAL_SECRETS": "true",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SETTINGS_MODULE": "belangenbehartiger.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    visibility, time_limit = map(int, result.stdout.split())
    assert time_limit < 300 < visibility < 3600  # the sweep's own hard limit is 300 s
