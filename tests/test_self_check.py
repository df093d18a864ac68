"""The public pages of the front door: /over/ and the self-check "Kan ik hier terecht?",
and the hand-over of its answers to the intake."""

import re

import pytest

from accounts.models import Role
from casework.intake import SELF_CHECK_SESSION_KEY, self_check_answers
from frontdoor import selfcheck
from triage import services as triage_services
from triage.models import CriteriaSet, Criterion

from . import factories

URL = "/kan-ik-hier-terecht/"
FITS = {
    "in_mandate": "ja",
    "first_line_tried": "ja",
    "parallel_procedure": "nee",
    "imminent_enforcement": "nee",
    "subsistence_at_risk": "nee",
}


def test_about_page_is_public_and_says_what_we_do_and_do_not(client, db):
    response = client.get("/over/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Wat wij doen",
        "Wat wij niet doen",
        "Hoe komt uw zaak bij ons?",
        "Nationale ombudsman",
        "Het Juridisch Loket",
        "Stella-team",
        "BelastingTelefoon",
    ):
        assert text in body
    assert 'content="index, follow"' in body
    assert 'href="/static/css/public.css"' in body  # with its print rules


def test_about_page_is_available_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/over/"})
    body = client.get("/over/").content.decode()
    assert "What we do" in body
    assert "What we do not do" in body


def test_the_public_header_shows_the_public_pages_and_no_app_navigation(client, db):
    body = client.get("/over/").content.decode()
    for link in ('href="/kan-ik-hier-terecht/"', 'href="/hulp-in-de-buurt/"', 'href="/inloggen/"'):
        assert link in body
    assert 'href="/casussen/"' not in body
    assert 'href="/triage/"' not in body


def test_the_questions_are_the_active_sets_gates_flags_and_urgent_criteria(db):
    keys = [q.key for q in selfcheck.questions()]
    assert keys == [
        "in_mandate",
        "first_line_tried",
        "parallel_procedure",
        "imminent_enforcement",
        "subsistence_at_risk",
    ]


def test_a_newly_published_urgent_criterion_is_asked_in_its_own_words(db):
    author, publisher = factories.team_member(role=Role.LEAD), factories.team_member(role=Role.LEAD)
    draft = triage_services.criteria_set_draft_create(actor=author)
    triage_services.criterion_add(
        criteria_set=draft,
        actor=author,
        data={
            "key": "eviction_notice",
            "question": "Is er een aanzegging tot ontruiming?",
            "question_en": "Is there an eviction notice?",
            "help_text": "",
            "weight": 5,
            "role": Criterion.Role.URGENT,
            "answered_by": Criterion.AnsweredBy.HELPER,
        },
    )
    triage_services.criteria_set_publish(criteria_set=draft, actor=publisher)
    questions = {q.key: q for q in selfcheck.questions()}
    assert questions["eviction_notice"].text == "Is er een aanzegging tot ontruiming?"


def test_one_question_per_screen_with_the_answers_so_far_carried_along(client, db):
    response = client.get(URL, {"in_mandate": "ja"})
    body = response.content.decode()
    assert "Vraag 2 van 5" in body
    assert "geprobeerd het probleem op te lossen" in body
    assert '<input type="hidden" name="in_mandate" value="ja">' in body
    assert 'name="first_line_tried" value="ja"' in body
    assert "sessionid" not in response.cookies


def test_a_screen_sent_without_a_choice_asks_again_with_a_message(client, db):
    response = client.get(URL, {"in_mandate": "ja", "beantwoord": "first_line_tried"})
    assert response.status_code == 400
    assert "Kies ‘ja’ of ‘nee’." in response.content.decode()


def test_not_in_mandate_sends_to_the_juridisch_loket_with_the_reason(client, db):
    response = client.get(URL, {"in_mandate": "nee"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "U kunt beter terecht bij Het Juridisch Loket" in body
    assert "Uw vraag gaat over wat de wet zegt" in body
    assert "https://www.juridischloket.nl" in body
    assert "Verder naar de aanmelding" not in body


def test_ordinary_routes_not_tried_and_not_urgent_sends_to_the_belastingtelefoon(client, db):
    answers = {**FITS, "first_line_tried": "nee"}
    body = client.get(URL, answers).content.decode()
    assert "U kunt beter terecht bij BelastingTelefoon" in body
    assert "Probeer het eerst bij de Dienst zelf" in body


def test_urgency_lets_a_case_skip_the_ordinary_routes_as_triage_does(client, db):
    answers = {**FITS, "first_line_tried": "nee", "imminent_enforcement": "ja"}
    body = client.get(URL, answers).content.decode()
    assert "Uw zaak past mogelijk bij de Belangenbehartiger" in body
    assert "Dit lijkt dringend" in body
    assert "U heeft de gewone wegen nog niet geprobeerd" in body


def test_a_fitting_case_says_what_to_prepare_and_offers_both_ways_on(client, db):
    body = client.get(URL, {**FITS, "parallel_procedure": "ja"}).content.decode()
    assert "Neem dit mee" in body
    assert "Het zaaknummer bij de rechter of de Nationale ombudsman" in body
    assert "Zoek hulp in de buurt" in body
    assert "Verder naar de aanmelding" in body


def test_the_result_follows_triage_scoring_when_a_gate_becomes_team_answered(db):
    """A gate the team answers at triage is not asked here and does not refer."""
    active = CriteriaSet.objects.get(status=CriteriaSet.Status.PUBLISHED)
    active.criteria.filter(key="first_line_tried").update(answered_by="team")
    asked = selfcheck.questions()
    assert "first_line_tried" not in [q.key for q in asked]
    answers = {"in_mandate": True, "parallel_procedure": False}
    assert selfcheck.result(asked, answers).fits is True


def test_continuing_hands_the_answers_to_the_intake_through_the_session(client, helper):
    response = client.post(f"{URL}naar-aanmelding/", FITS)
    assert response.status_code == 302
    assert response["Location"] == "/casussen/nieuw/"
    assert client.session[SELF_CHECK_SESSION_KEY] == {
        "in_mandate": True,
        "first_line_tried": True,
        "parallel_procedure": False,
        "imminent_enforcement": False,
        "subsistence_at_risk": False,
    }


def test_an_unfinished_or_referred_check_is_not_handed_over(client, db):
    for answers in ({"in_mandate": "ja"}, {"in_mandate": "nee"}):
        response = client.post(f"{URL}naar-aanmelding/", answers)
        assert response["Location"] == URL
        assert SELF_CHECK_SESSION_KEY not in client.session


def test_the_intake_pre_fills_the_triage_answers_and_forgets_the_hand_over(client, helper):
    client.post(f"{URL}naar-aanmelding/", {**FITS, "imminent_enforcement": "ja"})
    client.force_login(helper)
    start = client.get("/casussen/nieuw/")
    assert "De antwoorden uit ‘Kan ik hier terecht?’ worden overgenomen" in start.content.decode()
    data = factories.valid_case_data()
    response = client.post(
        "/casussen/nieuw/",
        {
            "subject_type": "burger",
            "subject_name": data["subject_name"],
            "bsn": data["bsn"],
            "postcode_area": "3511",
            "intake_token": "a" * 32,
        },
    )
    assert response.status_code == 302
    draft = helper.organisation.cases.get()
    assert draft.triage_answers == {
        "in_mandate": True,
        "first_line_tried": True,
        "parallel_procedure": False,
        "imminent_enforcement": True,
        "subsistence_at_risk": False,
    }
    assert SELF_CHECK_SESSION_KEY not in client.session
    urgency = client.get(f"/casussen/concept/{draft.uuid}/stap/urgentie/").content.decode()
    checked = re.findall(
        r'<input type="radio" name="(triage_\w+)" value="(\w+)"[^>]*checked>', urgency
    )
    assert ("triage_imminent_enforcement", "yes") in checked
    assert ("triage_subsistence_at_risk", "no") in checked


def test_the_intake_drops_answers_to_questions_the_active_set_no_longer_asks(client, helper):
    session = client.session
    session[SELF_CHECK_SESSION_KEY] = {"in_mandate": True, "retired_key": True, "x": "ja"}
    session.save()
    client.force_login(helper)
    assert self_check_answers(client.session) == {"in_mandate": True}


@pytest.mark.parametrize("url", ["/over/", URL, f"{URL}?in_mandate=nee", "/hulp-in-de-buurt/"])
def test_public_pages_need_no_login(client, db, url):
    assert client.get(url).status_code == 200
