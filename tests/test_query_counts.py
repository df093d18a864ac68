"""Every list page runs a constant number of queries, however many rows it shows.

Each test loads its page, adds more rows of what it lists, loads it again, and asserts the
same number of queries both times (DESIGN.md §7, "Pages stay fast as data grows").
"""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from deadlines import services as clocks
from escalation import services as ladder

from . import factories
from .factories import accepted_case, freeze, proposal


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_constant(client, url: str, grow: Callable[[], None]) -> None:
    before = queries(client, url)
    grow()
    after = queries(client, url)
    assert before == after, f"{url}: {before} queries, then {after} with more rows"


def test_helper_case_list(client, helper):
    factories.submitted_case(by=helper)
    client.force_login(helper)
    assert_constant(
        client, "/casussen/", lambda: [factories.submitted_case(by=helper) for _ in range(4)]
    )


def test_helper_case_list_with_more_drafts(client, helper):
    services.case_draft_create(user=helper, data={"summary": "Eerste concept"})
    factories.submitted_case(by=helper)
    client.force_login(helper)

    def more():
        for n in range(4):
            draft, _ = services.case_draft_create(
                user=helper, data={"subject_name": f"Persoon {n}", "summary": "Concept"}
            )
            services.case_draft_update(case=draft, user=helper, diensten=[factories.dienst()])

    assert_constant(client, "/casussen/", more)


def test_team_case_list_and_triage_queue(client, helper, casemanager):
    factories.submitted_case(by=helper)
    client.force_login(casemanager)
    for url in ("/casussen/", "/triage/"):
        assert_constant(
            client, url, lambda: [factories.submitted_case(by=helper) for _ in range(3)]
        )


def test_liaison_inbox(client, helper, casemanager, liaison):
    proposal(accepted_case(helper=helper, casemanager=casemanager), casemanager)
    client.force_login(liaison)

    def more():
        for _ in range(3):
            proposal(accepted_case(helper=helper, casemanager=casemanager), casemanager)

    assert_constant(client, "/dienst/", more)


def test_approvals(client, helper, casemanager, lead):
    freeze(accepted_case(helper=helper, casemanager=casemanager), casemanager)
    client.force_login(lead)

    def more():
        for _ in range(3):
            freeze(accepted_case(helper=helper, casemanager=casemanager), casemanager)

    assert_constant(client, "/escalatie/akkoord/", more)


def test_notifications(client, helper, casemanager):
    client.force_login(casemanager)
    clocks.notify(recipients=[casemanager], title="Een", url="/")
    assert_constant(
        client,
        "/meldingen/",
        lambda: [clocks.notify(recipients=[casemanager], title="Meer", url="/") for _ in range(5)],
    )


def test_case_workspace_with_more_requests_threads_contacts_and_events(
    client, helper, casemanager, liaison
):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    proposal(case, casemanager)
    client.force_login(casemanager)

    def more():
        answered = proposal(case, casemanager, text="Tweede voorstel")
        ladder.request_respond(request=answered, actor=liaison, outcome="accepted")
        asked = proposal(case, casemanager, text="Derde voorstel")
        ladder.request_respond(
            request=asked, actor=liaison, outcome="question", motivation="Welk jaar?"
        )
        ladder.request_reply(request=asked, actor=casemanager, text="Het jaar 2025.")
        proposal(case, casemanager, dienst="toeslagen", text="Vierde voorstel")
        for kind in ("phone", "meeting"):
            factories.informal_contact(case, casemanager, kind=kind)
        services.message_post(case=case, author=casemanager, body="Nog een bericht")

    assert_constant(client, f"/casussen/{case.reference}/", more)


def test_werkvoorraad_with_more_cases_requests_and_answers(
    client, helper, casemanager, lead, liaison
):
    def work_for(user):
        case = accepted_case(helper=helper, casemanager=user)
        asked = proposal(case, user)
        ladder.request_respond(request=asked, actor=liaison, outcome="question", motivation="?")
        answered = proposal(case, user, text="Tweede")
        ladder.request_respond(request=answered, actor=liaison, outcome="accepted")
        proposal(case, user, text="Derde")
        freeze(case, casemanager)

    work_for(lead)
    client.force_login(lead)
    assert_constant(client, "/werkvoorraad/", lambda: [work_for(lead) for _ in range(3)])


def test_case_page_with_more_messages(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    assert_constant(
        client,
        f"/casussen/{case.reference}/",
        lambda: [
            services.message_post(case=case, author=casemanager, body=f"Bericht {i}")
            for i in range(4)
        ],
    )


# 30 before the page read each part once; docs/architecture.md, "The team's case page".
CASE_PAGE_QUERIES = 23


def test_the_case_page_reads_each_part_once(client, helper, lead):
    """The team's case page of a case in triage: session, user and second factor; the case
    with its Diensten and themes; the access record; requests, clocks, assessments and
    their criteria, referral, rungs, Kamer item, contacts, messages, events, attachments
    and their shares, the clocks' history, the unread count. One more for a case marked
    as a possible duplicate: the other open cases."""
    lone = factories.submitted_case(by=helper, bsn="123456782")
    marked = factories.submitted_case(by=helper)
    factories.submitted_case(by=helper)  # the same person again: both are marked
    client.force_login(lead)
    queries(client, f"/casussen/{lone.reference}/")  # fills the per-process caches
    assert queries(client, f"/casussen/{lone.reference}/") == CASE_PAGE_QUERIES
    assert queries(client, f"/casussen/{marked.reference}/") == CASE_PAGE_QUERIES + 1
