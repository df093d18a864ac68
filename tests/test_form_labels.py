"""Labels never contradict the rules: a field required in some cases says when instead of
"niet verplicht"; filters do not say "niet verplicht" at all; a checkbox's error reads as
one sentence in the error summary."""

import re

from cases import services
from tests import factories
from tests.factories import accepted_case, proposal


def label_of(page: str, field_id: str) -> str:
    match = re.search(rf'<label class="utrecht-form-label" for="{field_id}">(.*?)</label>', page)
    assert match, field_id
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_bsn_and_kvk_say_for_whom_they_are_required(client, helper):
    client.force_login(helper)
    page = client.get("/casussen/nieuw/").content.decode()

    assert label_of(page, "id_bsn") == "BSN (verplicht voor een burger)"
    assert label_of(page, "id_kvk_number") == "KvK-nummer (verplicht voor een ondernemer)"
    assert label_of(page, "id_rsin") == "RSIN (niet verplicht)"
    assert "Verplicht voor een burger." not in page


def test_the_dienst_motivation_says_when_it_is_required(client, helper, casemanager, liaison):
    request = proposal(accepted_case(helper=helper, casemanager=casemanager), casemanager)
    client.force_login(liaison)
    page = client.get(f"/dienst/verzoeken/{request.pk}/").content.decode()

    assert (
        label_of(page, "id_motivation")
        == "Motivering, tegenvoorstel of vraag (verplicht, behalve bij volledig accepteren)"
    )


def test_the_triage_decision_fields_say_for_which_decision(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    page = client.get(f"/triage/casus/{case.reference}/besluit/").content.decode()

    assert label_of(page, "id_motivation") == (
        "Motivering voor de hulpverlener (verplicht bij doorverwijzen en niet in behandeling nemen)"
    )
    assert (
        label_of(page, "id_question")
        == "Vraag aan de hulpverlener (verplicht bij informatie vragen)"
    )
    assert "niet verplicht" not in label_of(page, "id_referral_target")


def test_filters_do_not_say_niet_verplicht(client, helper, casemanager):
    factories.submitted_case(by=helper)
    client.force_login(casemanager)
    for url in ("/casussen/", "/triage/"):
        page = client.get(url).content.decode()
        form = page[page.index('class="app-filter-bar"') :]
        form = form[: form.index("</form>")]
        assert "niet verplicht" not in form, url


def test_the_consent_error_reads_as_one_sentence(client, helper):
    draft, _ = services.case_draft_create(user=helper)
    client.force_login(helper)

    page = client.post(
        f"/casussen/concept/{draft.uuid}/stap/toestemming/",
        {"consent_method": "written", "consent_date": "2026-01-05", "next": ""},
    ).content.decode()

    summary = page[page.index("Controleer de volgende punten") :]
    summary = summary[: summary.index("</ul>")]
    items = [re.sub(r"<[^>]+>", "", i).strip() for i in re.findall(r"<li.*?</li>", summary, re.S)]
    assert (
        "Zonder toestemming van de betrokkene kunnen wij de casus niet in behandeling nemen."
        in items
    )
    assert not any(i.startswith("De betrokkene geeft toestemming") for i in items)


def test_a_radio_error_in_the_summary_links_to_its_first_option(client, helper):
    client.force_login(helper)
    page = client.post(
        "/casussen/nieuw/", {"subject_name": "J. Jansen", "intake_token": "t", "next": ""}
    ).content.decode()
    assert 'href="#id_subject_type_0"' in page
    assert 'id="id_subject_type_0"' in page
