"""Saving a draft keeps what was typed, valid or not yet, and says what is still missing;
only "Opslaan en verder" and "Indienen" validate. The step indicator and the helper's
overview show each draft's real state."""

import re
from decimal import Decimal

from cases import services
from cases.models import Case
from tests import factories


def _draft(helper, **data) -> Case:
    case, _ = services.case_draft_create(user=helper, data=data)
    return case


def _step(case: Case, slug: str) -> str:
    return f"/casussen/concept/{case.uuid}/stap/{slug}/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_summary_without_a_dienst_is_kept_and_the_missing_steps_are_named(client, helper):
    case = _draft(helper, subject_name="J. Jansen")
    client.force_login(helper)

    response = client.post(
        _step(case, "probleem"),
        {"summary": "Toeslag gestopt", "description": "", "save_draft": ""},
        follow=True,
    )

    case.refresh_from_db()
    assert case.summary == "Toeslag gestopt"
    assert not case.diensten.exists()
    assert response.redirect_chain[-1][0] == "/casussen/"
    assert _messages(response) == [
        "Het concept is opgeslagen. Nog niet compleet: Betrokkene, Toestemming, Probleem."
    ]


def test_next_with_the_same_input_validates_and_stores_nothing(client, helper):
    case = _draft(helper)
    client.force_login(helper)

    response = client.post(
        _step(case, "probleem"), {"summary": "Toeslag gestopt", "description": "", "next": ""}
    )

    assert response.status_code == 200
    assert "Kies ten minste één Dienst." in response.content.decode()
    case.refresh_from_db()
    assert case.summary == ""


def test_an_invalid_bsn_is_kept_in_the_draft_and_the_review_says_it_is_invalid(client, helper):
    client.force_login(helper)

    client.post(
        "/casussen/nieuw/",
        {
            "subject_type": "burger",
            "subject_name": "J. Jansen",
            "bsn": "1234 56789",
            "intake_token": "t1",
            "save_draft": "",
        },
    )

    case = Case.objects.get()
    assert case.bsn == "123456789"  # as typed, without the space
    review = client.get(_step(case, "controleren")).content.decode()
    assert "Dit is geen geldig BSN" in review


def test_the_first_step_saved_as_draft_keeps_a_name_without_anything_else(client, helper):
    client.force_login(helper)

    response = client.post(
        "/casussen/nieuw/", {"subject_name": "A. de Boer", "intake_token": "t2", "save_draft": ""}
    )

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.status, case.subject_name, case.subject_type) == ("draft", "A. de Boer", "")


def test_an_empty_first_step_saved_as_draft_makes_no_draft(client, helper):
    client.force_login(helper)

    response = client.post("/casussen/nieuw/", {"intake_token": "t3", "save_draft": ""})

    assert response.status_code == 200
    assert not Case.objects.exists()
    assert _messages(response) == ["Er is nog niets ingevuld. Een leeg concept bewaren wij niet."]


def test_input_that_cannot_be_stored_stays_on_the_step_with_only_its_error(client, helper):
    case = _draft(helper)
    client.force_login(helper)

    response = client.post(
        _step(case, "urgentie"),
        {
            "enforcement_date": "31-31-2026",
            "amount_involved": "1250,50",
            "urgency_notes": "Beslag volgende week",
            "save_draft": "",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="31-31-2026"' in page  # the typed value is still on screen
    assert page.count('aria-invalid="true"') == 1
    assert any(
        "Niet opgeslagen, want niet geldig: Datum van de dreigende" in m
        for m in _messages(response)
    )
    case.refresh_from_db()
    assert case.urgency_notes == "Beslag volgende week"
    assert case.enforcement_date is None


def test_a_negative_amount_is_kept_but_blocks_submission(client, helper):
    case = _draft(helper, **factories.valid_case_data())
    services.case_draft_update(case=case, user=helper, diensten=[factories.dienst()])
    client.force_login(helper)

    client.post(_step(case, "urgentie"), {"amount_involved": "-10", "save_draft": ""})

    case.refresh_from_db()
    assert case.amount_involved == Decimal("-10")
    assert services.case_completeness_errors(case) == {
        "amount_involved": "Het bedrag kan niet negatief zijn."
    }


def test_the_step_indicator_shows_each_steps_real_state(client, helper):
    case = _draft(
        helper,
        subject_type="burger",
        subject_name="J. Jansen",
        bsn="111222333",
        postcode_area="3511",
    )
    client.force_login(helper)

    page = client.get(_step(case, "controleren")).content.decode()

    states = re.findall(r'<span class="visually-hidden">\((.*?)\)</span>', page)
    assert states[:5] == [
        "ingevuld",  # Betrokkene
        "nog niet compleet",  # Toestemming
        "nog niet compleet",  # Probleem
        "nog niet ingevuld",  # Urgentie
        "nog niet ingevuld",  # Bijlagen
    ]


def test_the_overview_tells_drafts_apart_by_name_summary_and_last_saved(client, helper):
    _draft(helper, subject_name="A. de Boer", summary="Beslag op loon")
    _draft(helper, summary="Zorgtoeslag teruggevorderd")
    client.force_login(helper)

    page = client.get("/casussen/").content.decode()

    assert "Concept — verder invullen" not in page
    assert "A. de Boer" in page and "Beslag op loon" in page
    assert "Naam nog niet ingevuld" in page and "Zorgtoeslag teruggevorderd" in page
    assert page.count("Laatst opgeslagen") == 1


def test_a_colleagues_draft_of_the_same_organisation_says_who_started_it(client, helper):
    colleague = factories.helper(organisation=helper.organisation)
    _draft(colleague, subject_name="C. Visser")
    client.force_login(helper)

    page = client.get("/casussen/").content.decode()

    assert f"begonnen door {colleague.get_full_name()}" in page
