"""The triage queue page as the team sees it: each row (names, duplicate mark, clock), the
filter bar and the header menu, which are rendered once per combination and kept
(CACHES["fragments"]), and the page's queries. And the team list, which marks duplicates
with the same check."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Organisation
from cases import services
from cases.models import CaseStatus, Theme
from casework import steps
from deadlines import services as clocks
from deadlines.models import Deadline

from . import factories

# Session, user, whether the user has a second factor (accounts.middleware), the filter
# choices, the counter rows, the page (its rows with their clock, duplicate mark and names in
# one query), the unread count.
QUEUE_QUERIES = 7


def queue_html(client, query: str = "") -> str:
    response = client.get(f"/triage/{query}")
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, reference: str) -> str:
    start = html.index(f">{reference}</a>")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_the_page_reads_its_rows_names_marks_and_clocks_in_one_query(client, helper, casemanager):
    factories.submitted_case(by=helper, diensten=("belastingdienst", "toeslagen"))
    client.force_login(casemanager)
    client.get("/triage/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/triage/").status_code == 200
    assert len(ctx.captured_queries) == QUEUE_QUERIES, "\n".join(q["sql"][:150] for q in ctx)
    for _ in range(3):
        factories.submitted_case(by=helper, themes=("invordering", "box-3"))
    with CaptureQueriesContext(connection) as ctx:
        client.get("/triage/?dienst=toeslagen&duplicate=on")
    assert len(ctx.captured_queries) == QUEUE_QUERIES + 1  # the bounded count of a narrow filter


def test_a_row_marks_another_open_case_for_the_same_bsn_or_kvk(client, helper, casemanager):
    first = factories.submitted_case(by=helper, bsn="111222333")
    second = factories.submitted_case(by=helper, bsn="111222333")
    alone = factories.submitted_case(by=helper, bsn="123456782")
    firm = factories.submitted_case(
        by=helper, subject_type="ondernemer", bsn="", kvk_number="12345678"
    )
    same_firm = factories.submitted_case(
        by=helper, subject_type="ondernemer", bsn="", kvk_number="12345678"
    )
    other_firm = factories.submitted_case(
        by=helper, subject_type="ondernemer", bsn="", kvk_number="69599084"
    )
    client.force_login(casemanager)
    html = queue_html(client)
    for case in (first, second, firm, same_firm):
        assert "mogelijk dubbel" in row_of(html, case.reference), case
    for case in (alone, other_firm):
        assert "mogelijk dubbel" not in row_of(html, case.reference), case
    flagged = queue_html(client, "?duplicate=on")
    listed = {c.reference for c in client.get("/triage/?duplicate=on").context["page"]}
    assert listed == {first.reference, second.reference, firm.reference, same_firm.reference}
    assert alone.reference not in flagged

    # A closed case is no duplicate any more.
    steps.case_withdraw(case=first, user=helper, reason="Opgelost")
    services.case_transition(case=first, to_status=CaseStatus.CLOSED, actor=casemanager)
    assert "mogelijk dubbel" not in row_of(queue_html(client), second.reference)


def test_a_row_shows_diensten_themes_status_and_clock(client, helper, casemanager):
    case = factories.submitted_case(
        by=helper, diensten=("toeslagen", "belastingdienst"), themes=("invordering", "box-3")
    )
    case.organisation.name = "Wijk & <Buurt>"
    case.organisation.save()
    client.force_login(casemanager)
    row = row_of(queue_html(client), case.reference)
    assert "Wijk &amp; &lt;Buurt&gt;" in row  # escaped, like every value from the database
    assert "Belastingdienst, Dienst Toeslagen" in row
    themes = sorted(
        Theme.objects.filter(code__in=("invordering", "box-3")).values_list("name_nl", flat=True)
    )
    assert ", ".join(themes) in row
    assert f'href="/triage/casus/{case.reference}/"' in row
    assert "app-status--info" in row and "Ingediend" in row
    assert '<time datetime="' in row and "verlopen" not in row

    client.post("/i18n/setlang/", {"language": "en", "next": "/triage/"})
    english = row_of(queue_html(client), case.reference)
    names_en = sorted(
        Theme.objects.filter(code__in=("invordering", "box-3")).values_list("name_en", flat=True)
    )
    assert ", ".join(names_en) in english
    assert "Submitted" in english


def test_an_overdue_clock_says_so(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    assert "verlopen" not in row_of(queue_html(client), case.reference)
    Deadline.objects.filter(subject_id=case.pk, status=Deadline.Status.OPEN).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    assert "verlopen" in row_of(queue_html(client), case.reference)


def test_the_filter_bar_offers_a_new_organisation_and_shows_the_chosen_filters(
    client, helper, casemanager
):
    factories.submitted_case(by=helper)
    client.force_login(casemanager)
    assert "Wijkteam Nieuwland" not in queue_html(client)
    organisation = Organisation.objects.create(
        name="Wijkteam Nieuwland", kind=helper.organisation.kind
    )
    html = queue_html(client)
    assert f'<option value="{organisation.pk}">Wijkteam Nieuwland</option>' in html
    chosen = queue_html(client, f"?band=urgent&organisation={organisation.pk}")
    assert '<option value="urgent" selected>' in chosen
    assert f'<option value="{organisation.pk}" selected>Wijkteam Nieuwland</option>' in chosen
    assert '<option value="urgent" selected>' not in queue_html(client)


def test_the_header_menu_marks_the_page_and_counts_unread_notifications(
    client, helper, casemanager, lead
):
    client.force_login(casemanager)
    assert 'href="/triage/" aria-current="page"' in queue_html(client)
    listed = client.get("/casussen/").content.decode()
    assert 'href="/casussen/" aria-current="page"' in listed
    assert 'href="/triage/" aria-current="page"' not in listed
    assert "ongelezen" not in queue_html(client)
    clocks.notify(recipients=[casemanager], title="Nieuw", url="/")
    assert '1<span class="visually-hidden"> ongelezen' in queue_html(client)
    # Another role, the same page: its own menu.
    client.force_login(lead)
    assert 'href="/escalatie/akkoord/"' in queue_html(client)


def test_the_team_list_marks_possible_duplicates_with_the_same_check(client, helper, casemanager):
    first = factories.submitted_case(by=helper, bsn="111222333")
    second = factories.submitted_case(by=helper, bsn="111222333")
    alone = factories.submitted_case(by=helper, bsn="123456782")
    client.force_login(casemanager)
    html = client.get("/casussen/").content.decode()
    assert "mogelijk dubbel" in row_of(html, first.reference)
    assert "mogelijk dubbel" in row_of(html, second.reference)
    assert "mogelijk dubbel" not in row_of(html, alone.reference)
