"""The solution library: writing a summary of a resolved case, the anonymity check, the
lead's review through the one transition, who sees what, the search and the API."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases import services as case_services
from cases.models import Theme
from casework import steps
from deadlines.models import Notification
from escalation.services import anonymity_problems
from frontdoor import selectors, services
from frontdoor.models import Solution, SolutionEvent

from . import factories
from .factories import SOLUTION_TEXTS
from .test_query_counts import assert_constant

S = Solution.Status


@pytest.fixture
def resolved(helper, casemanager):
    return factories.resolved_case(helper=helper, casemanager=casemanager)


@pytest.fixture
def other_lead(db):
    return factories.team_member(role=Role.LEAD)


def _submit(case, actor, **texts):
    return factories.solution(case=case, author=actor, **texts)


# --- writing a summary -----------------------------------------------------------------------


def test_a_casemanager_submits_a_summary_of_a_resolved_case(resolved, casemanager):
    solution = _submit(resolved, casemanager)
    assert (solution.status, solution.author, solution.case) == (S.SUBMITTED, casemanager, resolved)
    event = SolutionEvent.objects.get(solution=solution)
    assert (event.actor, event.from_status, event.to_status) == (casemanager, "", S.SUBMITTED)


def test_only_a_resolved_case_gets_a_summary(helper, casemanager):
    case = factories.accepted_case(helper=helper, casemanager=casemanager)
    with pytest.raises(TransitionNotAllowed):
        _submit(case, casemanager)
    assert not Solution.objects.exists()


def test_a_closed_case_that_was_solved_gets_a_summary_too(resolved, casemanager):
    steps.case_close(case=resolved, user=casemanager, outcome="partly_solved")
    assert _submit(resolved, casemanager).status == S.SUBMITTED


def test_a_helper_cannot_write_a_summary(resolved, helper):
    with pytest.raises(NotPermitted):
        _submit(resolved, helper)


@pytest.mark.parametrize(
    ("field", "text", "named"),
    [
        ("problem", "Mevrouw Jansen kreeg een dwangbevel terwijl er een regeling liep.", "de naam"),
        ("tried", "Gebeld over BSN 111222333 met de BelastingTelefoon.", "het BSN"),
        (
            "accepted_solution",
            "In postcodegebied 3511 stemde de Dienst in met uitstel en een regeling.",
            "het postcodegebied",
        ),
        ("title", "Casus {reference} opgelost", "het kenmerk"),
    ],
)
def test_a_summary_that_is_not_anonymous_is_refused_naming_what_to_remove(
    resolved, casemanager, field, text, named
):
    with pytest.raises(InvalidInput, match=f"haal {named} weg") as exc:
        _submit(resolved, casemanager, **{field: text.format(reference=resolved.reference)})
    assert exc.value.field == field
    assert not Solution.objects.exists()


def test_the_kamer_vignette_and_the_library_share_one_anonymity_check(resolved):
    assert anonymity_problems(resolved, "J. Jansen uit 3511") == [
        "de naam",
        "het postcodegebied",
    ]
    assert anonymity_problems(resolved, SOLUTION_TEXTS["problem"]) == []


def test_the_dienst_must_be_one_of_the_cases_own(resolved, casemanager):
    with pytest.raises(InvalidInput) as exc:
        services.solution_submit(
            case=resolved,
            actor=casemanager,
            theme=Theme.objects.get(code="invordering"),
            dienst=factories.dienst("toeslagen"),
            **SOLUTION_TEXTS,
        )
    assert exc.value.field == "dienst"


def test_one_summary_per_case(resolved, casemanager):
    _submit(resolved, casemanager)
    with pytest.raises(InvalidInput, match="al een samenvatting"):
        _submit(resolved, casemanager)
    assert Solution.objects.count() == 1


def test_short_texts_are_refused(resolved, casemanager):
    with pytest.raises(InvalidInput) as exc:
        _submit(resolved, casemanager, accepted_solution="Opgelost.")
    assert exc.value.field == "accepted_solution"


# --- the lead's review: one transition -------------------------------------------------------


def test_another_lead_approves_and_the_summary_is_published(resolved, casemanager, lead):
    solution = _submit(resolved, casemanager)
    services.solution_approve(solution=solution, actor=lead)
    solution.refresh_from_db()
    assert (solution.status, solution.reviewed_by) == (S.APPROVED, lead)
    assert solution.published_at is not None
    event = solution.events.last()
    assert (event.actor, event.from_status, event.to_status) == (lead, S.SUBMITTED, S.APPROVED)
    assert Notification.objects.filter(recipient=casemanager, url=f"/oplossingen/{solution.pk}/")


def test_the_author_never_reviews_its_own_summary(resolved, lead):
    solution = _submit(resolved, lead)
    with pytest.raises(NotPermitted):
        services.solution_approve(solution=solution, actor=lead)
    with pytest.raises(NotPermitted):
        services.solution_refuse(solution=solution, actor=lead, reason="Niet goed")
    solution.refresh_from_db()
    assert solution.status == S.SUBMITTED


def test_a_casemanager_cannot_approve(resolved, casemanager):
    solution = _submit(resolved, casemanager)
    other = factories.team_member()
    with pytest.raises(NotPermitted):
        services.solution_approve(solution=solution, actor=other)


def test_a_refusal_needs_a_reason_that_the_author_reads(resolved, casemanager, lead):
    solution = _submit(resolved, casemanager)
    with pytest.raises(InvalidInput):
        services.solution_refuse(solution=solution, actor=lead, reason="  ")
    services.solution_refuse(
        solution=solution, actor=lead, reason="Te weinig over wat de Dienst precies deed."
    )
    solution.refresh_from_db()
    assert solution.status == S.REFUSED
    assert solution.refusal_reason == "Te weinig over wat de Dienst precies deed."
    assert solution.events.last().reason == "Te weinig over wat de Dienst precies deed."
    assert Notification.objects.filter(recipient=casemanager, title__contains="niet goedgekeurd")


def test_a_revised_refused_summary_goes_back_to_the_leads(resolved, casemanager, lead):
    solution = _submit(resolved, casemanager)
    services.solution_refuse(solution=solution, actor=lead, reason="Meer uitleg graag.")
    services.solution_revise(
        solution=solution,
        actor=casemanager,
        theme=solution.theme,
        dienst=solution.dienst,
        **{**SOLUTION_TEXTS, "accepted_solution": SOLUTION_TEXTS["accepted_solution"] + " Uitleg."},
    )
    solution.refresh_from_db()
    assert (solution.status, solution.refusal_reason) == (S.SUBMITTED, "")
    assert solution.accepted_solution.endswith("Uitleg.")
    assert [e.to_status for e in solution.events.all()] == [S.SUBMITTED, S.REFUSED, S.SUBMITTED]


def test_a_published_summary_is_not_revised_but_can_be_withdrawn_with_a_reason(
    resolved, casemanager, lead
):
    solution = factories.solution(case=resolved, author=casemanager, approve_by=lead)
    with pytest.raises(TransitionNotAllowed):
        services.solution_revise(
            solution=solution,
            actor=casemanager,
            theme=solution.theme,
            dienst=solution.dienst,
            **SOLUTION_TEXTS,
        )
    with pytest.raises(InvalidInput):
        services.solution_withdraw(solution=solution, actor=lead, reason="")
    services.solution_withdraw(solution=solution, actor=lead, reason="De regeling is veranderd.")
    solution.refresh_from_db()
    assert solution.status == S.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        services.solution_approve(solution=solution, actor=lead)


def test_a_stale_summary_raises_a_concurrent_change(resolved, casemanager, lead, other_lead):
    solution = _submit(resolved, casemanager)
    stale = Solution.objects.get(pk=solution.pk)
    services.solution_approve(solution=solution, actor=lead)
    with pytest.raises(ConcurrentChange):
        services.solution_refuse(solution=stale, actor=other_lead, reason="Te laat")
    assert Solution.objects.get(pk=solution.pk).status == S.APPROVED


@pytest.mark.django_db(transaction=True)
def test_two_leads_reviewing_at_once_one_wins(postgres, helper, casemanager, lead, other_lead):
    case = factories.resolved_case(helper=helper, casemanager=casemanager)
    solution = _submit(case, casemanager)
    results = []
    barrier = threading.Barrier(2)

    def review(actor, approve):
        copy = Solution.objects.get(pk=solution.pk)
        barrier.wait()
        try:
            if approve:
                services.solution_approve(solution=copy, actor=actor)
            else:
                services.solution_refuse(solution=copy, actor=actor, reason="Nee")
            results.append("ok")
        except ConcurrentChange:
            results.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=review, args=(lead, True)),
        threading.Thread(target=review, args=(other_lead, False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert SolutionEvent.objects.filter(solution=solution).count() == 2


# --- who sees what ---------------------------------------------------------------------------


def test_helpers_see_published_summaries_only(resolved, casemanager, lead, helper, client):
    published = factories.solution(case=resolved, author=casemanager, approve_by=lead)
    waiting = _submit(factories.resolved_case(helper=helper, casemanager=casemanager), casemanager)
    client.force_login(helper)
    assert client.get(f"/oplossingen/{published.pk}/").status_code == 200
    assert client.get(f"/oplossingen/{waiting.pk}/").status_code == 404
    body = client.get("/oplossingen/").content.decode()
    assert published.title in body
    assert resolved.reference not in client.get(f"/oplossingen/{published.pk}/").content.decode()


@pytest.mark.parametrize("role", [Role.LIAISON, Role.ANALYST, Role.ADMIN])
def test_other_roles_never_use_the_library(client, role, db):
    user = factories.liaison() if role == Role.LIAISON else factories.team_member(role=role)
    client.force_login(user)
    assert client.get("/oplossingen/").status_code == 403
    assert factories.api(user).get("/api/v1/solutions/").status_code == 403


def test_the_library_needs_a_login(client, db):
    response = client.get("/oplossingen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert APIClient().get("/api/v1/solutions/").status_code == 401


# --- the search ------------------------------------------------------------------------------


def _published(helper, casemanager, lead, **texts):
    case = factories.resolved_case(helper=helper, casemanager=casemanager)
    return factories.solution(case=case, author=casemanager, approve_by=lead, **texts)


def test_a_word_found_only_in_its_stemmed_form(postgres, helper, casemanager, lead):
    """PostgreSQL's Dutch stemmer: 'betalingsregelingen' finds a text that only says
    'betalingsregeling' (both stem to 'betalingsregel')."""
    found = _published(helper, casemanager, lead)
    _published(
        helper,
        casemanager,
        lead,
        title="Huurtoeslag hersteld na verhuizing",
        problem="Na een verhuizing werd de huurtoeslag van een jaar in één keer teruggevorderd.",
        accepted_solution="Dienst Toeslagen herstelde de toeslag nadat het huurcontract kwam.",
    )
    texts = " ".join(getattr(found, name) for name in services.TEXT_FIELDS).lower()
    assert "betalingsregelingen" not in texts and "betalingsregeling" in texts
    result = selectors.solution_search(
        user=helper, filters=selectors.SolutionFilters(q="betalingsregelingen")
    )
    assert result.full_text is True
    assert list(result.results) == [found]


def test_without_postgresql_the_search_matches_words_as_typed(helper, casemanager, lead):
    """The labelled simple search: literal words, so another word form finds nothing."""
    found = _published(helper, casemanager, lead)
    literal = selectors.solution_search(
        user=helper, filters=selectors.SolutionFilters(q="Betalingsregeling dwangbevel")
    )
    other_form = selectors.solution_search(
        user=helper, filters=selectors.SolutionFilters(q="betalingsregelingen")
    )
    postgres = connection.vendor == "postgresql"
    assert literal.full_text is postgres
    assert list(literal.results) == [found]
    assert list(other_form.results) == ([found] if postgres else [])


def test_the_best_match_comes_first(postgres, helper, casemanager, lead):
    """A word in the title (weight A) counts for more than one in what was tried (C); the
    weak match is the newer one, so newest-first would put it first."""
    strong = _published(helper, casemanager, lead, title="Dwangbevel ingetrokken na dwangbevel")
    weak = _published(
        helper,
        casemanager,
        lead,
        title="Uitstel van betaling voor een zzp'er",
        problem="Een zzp'er kreeg een naheffing en vroeg uitstel van betaling aan.",
        tried="Na het dwangbevel gebeld met de BelastingTelefoon.",
    )
    result = selectors.solution_search(
        user=helper, filters=selectors.SolutionFilters(q="dwangbevel")
    )
    assert list(result.results) == [strong, weak]


def test_the_search_mode_is_labelled_on_the_page(client, helper, casemanager, lead):
    _published(helper, casemanager, lead)
    client.force_login(helper)
    body = client.get("/oplossingen/", {"q": "dwangbevel"}).content.decode()
    simple = 'data-testid="simple-search"' in body
    assert simple == (connection.vendor != "postgresql")
    assert "1 oplossing gevonden" in body


def test_the_search_narrows_by_theme_and_dienst(helper, casemanager, lead, client):
    invordering = _published(helper, casemanager, lead)
    case = factories.resolved_case(
        helper=helper, casemanager=casemanager, themes=("huurtoeslag",), diensten=("toeslagen",)
    )
    toeslag = factories.solution(case=case, author=casemanager, approve_by=lead)
    by_theme = selectors.solution_search(
        user=helper, filters=selectors.SolutionFilters(themes=("huurtoeslag",))
    )
    by_dienst = selectors.solution_search(
        user=helper, filters=selectors.SolutionFilters(dienst="belastingdienst")
    )
    assert list(by_theme.results) == [toeslag]
    assert list(by_dienst.results) == [invordering]
    client.force_login(helper)
    body = client.get("/oplossingen/", {"thema": "huurtoeslag"}).content.decode()
    assert f'href="/oplossingen/{toeslag.pk}/"' in body
    assert f'href="/oplossingen/{invordering.pk}/"' not in body


def test_the_library_page_runs_a_constant_number_of_queries(client, helper, casemanager, lead):
    _published(helper, casemanager, lead)
    client.force_login(helper)
    assert_constant(
        client,
        "/oplossingen/?q=dwangbevel",
        lambda: [_published(helper, casemanager, lead) for _ in range(3)],
    )


def test_the_related_solutions_fragment_follows_the_intakes_themes(
    helper, casemanager, lead, client
):
    found = _published(helper, casemanager, lead)
    theme = Theme.objects.get(code="invordering")
    client.force_login(helper)
    by_id = client.get("/oplossingen/gerelateerd/", {"id": theme.pk}).content.decode()
    by_code = client.get("/oplossingen/gerelateerd/", {"thema": "huurtoeslag"}).content.decode()
    assert found.title in by_id
    assert "Nog geen gepubliceerde oplossingen bij: Huurtoeslag." in by_code


def test_the_intakes_problem_step_links_to_the_library(client, helper):
    draft, _ = case_services.case_draft_create(user=helper, data=factories.valid_case_data())
    case_services.case_draft_update(
        case=draft, user=helper, themes=[Theme.objects.get(code="invordering")]
    )
    client.force_login(helper)
    body = client.get(f"/casussen/concept/{draft.uuid}/stap/probleem/").content.decode()
    assert 'data-related-solutions="/oplossingen/gerelateerd/"' in body
    assert 'href="/oplossingen/?thema=invordering"' in body
    assert "js/related-solutions.js" in body


# --- the pages of the team -------------------------------------------------------------------


def test_the_team_writes_a_summary_from_the_case_page(client, resolved, casemanager):
    client.force_login(casemanager)
    detail = client.get(f"/casussen/{resolved.reference}/").content.decode()
    assert f'href="/oplossingen/nieuw/{resolved.reference}/"' in detail
    form = client.get(f"/oplossingen/nieuw/{resolved.reference}/")
    assert form.status_code == 200
    response = client.post(
        f"/oplossingen/nieuw/{resolved.reference}/",
        {
            **SOLUTION_TEXTS,
            "theme": Theme.objects.get(code="invordering").pk,
            "dienst": resolved.diensten.first().pk,
        },
    )
    solution = Solution.objects.get()
    assert response["Location"] == f"/oplossingen/{solution.pk}/"


def test_the_form_shows_the_anonymity_problem_on_its_field(client, resolved, casemanager):
    client.force_login(casemanager)
    response = client.post(
        f"/oplossingen/nieuw/{resolved.reference}/",
        {
            **SOLUTION_TEXTS,
            "problem": "De heer Jansen kreeg een dwangbevel terwijl de regeling liep.",
            "theme": Theme.objects.get(code="invordering").pk,
            "dienst": resolved.diensten.first().pk,
        },
    )
    assert response.status_code == 400
    assert "De tekst is niet anoniem: haal de naam weg." in response.content.decode()
    assert not Solution.objects.exists()


def test_a_lead_reviews_on_the_detail_page_and_a_refusal_is_explained(
    client, resolved, casemanager, lead
):
    solution = _submit(resolved, casemanager)
    client.force_login(lead)
    page = client.get(f"/oplossingen/{solution.pk}/").content.decode()
    assert "Beoordelen (tweede paar ogen)" in page
    missing = client.post(f"/oplossingen/{solution.pk}/beoordelen/", {"decision": "refuse"})
    assert missing.status_code == 400
    client.post(
        f"/oplossingen/{solution.pk}/beoordelen/",
        {"decision": "refuse", "reason": "Noem welke regeling de Dienst toepaste."},
    )
    client.force_login(casemanager)
    page = client.get(f"/oplossingen/{solution.pk}/").content.decode()
    assert "Noem welke regeling de Dienst toepaste." in page
    assert "Aanpassen en opnieuw indienen" in page


def test_withdrawing_asks_for_confirmation_first(client, resolved, casemanager, lead):
    solution = factories.solution(case=resolved, author=casemanager, approve_by=lead)
    client.force_login(lead)
    confirm = client.get(f"/oplossingen/{solution.pk}/intrekken/")
    assert "Dit kunt u niet ongedaan maken" in confirm.content.decode()
    solution.refresh_from_db()
    assert solution.status == S.APPROVED
    client.post(f"/oplossingen/{solution.pk}/intrekken/", {"reason": "Wet gewijzigd."})
    solution.refresh_from_db()
    assert solution.status == S.WITHDRAWN


def test_the_team_page_lists_what_waits_and_cases_without_a_summary(
    client, helper, casemanager, lead
):
    waiting_case = factories.resolved_case(helper=helper, casemanager=casemanager)
    waiting = _submit(waiting_case, casemanager)
    without = factories.resolved_case(helper=helper, casemanager=casemanager)
    client.force_login(lead)
    body = client.get("/oplossingen/team/").content.decode()
    assert f'href="/oplossingen/{waiting.pk}/"' in body
    assert f'href="/oplossingen/nieuw/{without.reference}/"' in body
    assert f'href="/oplossingen/nieuw/{waiting_case.reference}/"' not in body


def test_the_team_page_runs_a_constant_number_of_queries(client, helper, casemanager, lead):
    factories.resolved_case(helper=helper, casemanager=casemanager)
    _submit(factories.resolved_case(helper=helper, casemanager=casemanager), lead)
    client.force_login(lead)

    def more():
        for _ in range(2):
            factories.resolved_case(helper=helper, casemanager=casemanager)
            _submit(factories.resolved_case(helper=helper, casemanager=casemanager), casemanager)

    assert_constant(client, "/oplossingen/team/", more)


@pytest.mark.parametrize("url", ["/oplossingen/team/", "/dekking/"])
def test_team_pages_are_a_403_for_helpers(client, helper, url):
    client.force_login(helper)
    assert client.get(url).status_code == 403


# --- the API ---------------------------------------------------------------------------------


def test_the_api_lists_published_solutions_without_the_case(helper, casemanager, lead):
    found = _published(helper, casemanager, lead)
    _submit(factories.resolved_case(helper=helper, casemanager=casemanager), casemanager)
    response = factories.api(helper).get("/api/v1/solutions/", {"q": "dwangbevel"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [found.pk]
    assert rows[0]["theme"] == "invordering"
    assert rows[0]["dienst"] == "belastingdienst"
    assert "case" not in rows[0] and "reference" not in rows[0]
    assert found.case.reference not in response.content.decode()


def test_the_api_retrieves_only_published_solutions(helper, casemanager, lead):
    found = _published(helper, casemanager, lead)
    waiting = _submit(factories.resolved_case(helper=helper, casemanager=casemanager), casemanager)
    client = factories.api(helper)
    assert client.get(f"/api/v1/solutions/{found.pk}/").status_code == 200
    assert client.get(f"/api/v1/solutions/{waiting.pk}/").status_code == 404


@pytest.mark.parametrize("query", [{"theme": "onbekend"}, {"dienst": "x"}, {"onderwerp": "y"}])
def test_the_api_refuses_unknown_parameters_and_values(helper, query):
    response = factories.api(helper).get("/api/v1/solutions/", query)
    assert response.status_code == 400
    assert set(query) <= set(response.json())


def test_the_api_filters_by_theme_and_dienst(helper, casemanager, lead):
    found = _published(helper, casemanager, lead)
    client = factories.api(helper)
    both = client.get("/api/v1/solutions/", {"theme": "invordering", "dienst": "belastingdienst"})
    other = client.get("/api/v1/solutions/", {"dienst": "toeslagen"})
    assert [row["id"] for row in both.json()["results"]] == [found.pk]
    assert other.json()["results"] == []


def test_an_unknown_theme_in_the_search_is_a_400_with_a_message(client, helper):
    client.force_login(helper)
    response = client.get("/oplossingen/", {"thema": "bestaat-niet"})
    assert response.status_code == 400
    assert "Thema" in response.content.decode()


def test_the_demo_library_has_approved_and_waiting_summaries(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-123")
    call_command("seed_demo")
    statuses = sorted(Solution.objects.values_list("status", flat=True))
    assert statuses == [S.APPROVED, S.APPROVED, S.SUBMITTED]
    assert all(anonymity_problems(s.case, s.problem) == [] for s in Solution.objects.all())
