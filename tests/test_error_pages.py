"""Error pages in the product's own look: Dutch (English when chosen), with the header and
a way back; a draft URL that no longer works says the draft was submitted or deleted."""

import pytest
from django.conf import settings
from django.test import Client

from cases import services
from tests import factories


def broken_context_processor(request):
    raise RuntimeError("the database is down")


def test_an_unknown_page_is_a_dutch_404_with_the_header_and_a_way_home(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Deze pagina bestaat niet (meer)" in page
    assert 'class="app-header"' in page
    assert 'href="/">Naar de startpagina' in page


def test_the_404_page_is_english_when_english_is_chosen(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/bestaat-niet/").content.decode()

    assert '<html lang="en">' in page
    assert "This page does not exist (any more)" in page


def test_the_404_page_links_back_to_the_page_the_user_came_from(client, helper):
    client.force_login(helper)

    page = client.get("/bestaat-niet/", HTTP_REFERER="http://testserver/casussen/").content.decode()

    assert 'href="http://testserver/casussen/">Terug naar de vorige pagina' in page
    other = client.get("/bestaat-niet/", HTTP_REFERER="https://elders.example/").content.decode()
    assert "Terug naar de vorige pagina" not in other


def test_a_page_for_another_role_is_a_403_in_the_products_look(client, helper):
    client.force_login(helper)

    response = client.get("/triage/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Deze pagina is niet voor uw rol" in page
    assert "Onze casussen" in page  # the helper's own navigation


def test_a_bad_host_is_a_400_page(client):
    response = client.get("/inloggen/", HTTP_HOST="elders.example")

    assert response.status_code == 400
    assert "Dit verzoek kunnen wij niet verwerken" in response.content.decode()


def test_a_refused_form_says_it_expired_and_what_to_do(helper):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/inloggen/", {"username": helper.username, "password": "x"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier is verlopen" in page
    assert "Er is niets opgeslagen." in page
    assert "CSRF" not in page


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.error_urls"


def test_a_bug_is_a_500_page_in_the_products_look(failing_urls, helper):
    client = Client(raise_request_exception=False)
    client.force_login(helper)

    response = client.get("/kapot/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging bij ons iets mis" in page
    assert "Onze casussen" in page


def test_when_even_the_500_page_fails_a_plain_one_is_served(failing_urls, settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "OPTIONS": {
                **engine["OPTIONS"],
                "context_processors": [
                    *engine["OPTIONS"]["context_processors"],
                    "tests.test_error_pages.broken_context_processor",
                ],
            },
        }
    ]
    client = Client(raise_request_exception=False)

    response = client.get("/kapot/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging bij ons iets mis" in page
    assert 'class="app-header"' in page


def test_a_deleted_draft_says_it_was_submitted_or_deleted(client, helper):
    draft, _ = services.case_draft_create(user=helper, data={"summary": "Weg"})
    services.draft_delete(case=draft, user=helper)
    client.force_login(helper)

    response = client.get(f"/casussen/concept/{draft.uuid}/stap/betrokkene/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Dit concept bestaat niet meer" in page
    assert "Het concept is ingediend of verwijderd." in page


def test_a_submitted_draft_links_to_the_case_it_became(client, helper):
    case = factories.submitted_case(by=helper)
    client.force_login(helper)

    response = client.get(f"/casussen/concept/{case.uuid}/stap/probleem/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Dit concept is al ingediend" in page
    assert f'href="/casussen/{case.reference}/"' in page


def test_another_organisations_draft_reads_as_gone_and_names_nothing(client, helper, other_helper):
    draft, _ = services.case_draft_create(user=helper, data={"summary": "Geheim"})
    submitted = factories.submitted_case(by=helper)
    client.force_login(other_helper)

    for uuid in (draft.uuid, submitted.uuid):
        page = client.get(f"/casussen/concept/{uuid}/stap/betrokkene/").content.decode()
        assert "Dit concept bestaat niet meer" in page
        assert submitted.reference not in page
        assert "Geheim" not in page
