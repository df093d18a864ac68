"""The monitor page, its API and CSV, the analyst's home and the transparency page."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import selectors, tasks
from reports.figures import FIGURE_GROUPS
from signals import services as signal_services
from triage.decisions import case_decide

from . import factories

pytestmark = pytest.mark.django_db


def _period() -> str:
    today = timezone.localdate()
    return f"from={(today - timedelta(days=30)).isoformat()}&to={today.isoformat()}"


def _three_cases(helper, casemanager):
    cases = [factories.submitted_case(by=helper, postcode_area="3511") for _ in range(3)]
    case_decide(case=cases[0], actor=casemanager, decision="accept")
    return cases


def test_analysts_get_suppressed_figures_from_the_api(helper, casemanager, analyst):
    _three_cases(helper, casemanager)
    response = factories.api(analyst).get(f"/api/v1/monitor/?{_period()}")
    assert response.status_code == 200
    body = response.json()
    assert body["exact"] is False
    assert body["intake"]["total"] == "<5"
    assert body["intake"]["by_region"] == {"other": "<5"}
    assert body["accepted"] == "<5"
    assert body["previous"]["intake"]["total"] == 0
    assert {"time_to_triage", "cycle_time", "dienst_answers_on_time", "freeze_requests"} <= set(
        body
    )
    assert body["signals"] == {"on_agenda": 0, "resolved": 0}


def test_the_team_gets_exact_figures(helper, casemanager, lead):
    _three_cases(helper, casemanager)
    for user in (casemanager, lead):
        body = factories.api(user).get(f"/api/v1/monitor/?{_period()}").json()
        assert (body["exact"], body["intake"]["total"], body["accepted"]) == (True, 3, 1)


@pytest.mark.parametrize("role", ["helper", "liaison", "admin"])
def test_other_roles_may_not_see_the_monitor(client, role):
    user = {
        "helper": factories.helper,
        "liaison": factories.liaison,
        "admin": lambda: factories.team_member(role="admin"),
    }[role]()
    assert factories.api(user).get(f"/api/v1/monitor/?{_period()}").status_code == 403
    client.force_login(user)
    assert client.get(f"/monitor/?{_period()}").status_code == 403
    assert client.get(f"/monitor/csv/?{_period()}").status_code == 403


def test_the_api_refuses_a_bad_period_and_unknown_parameters(analyst):
    api = factories.api(analyst)
    assert api.get("/api/v1/monitor/?from=2026-03-31&to=2026-03-01").status_code == 400
    assert api.get("/api/v1/monitor/?to=2026-03-01").status_code == 400
    assert api.get("/api/v1/monitor/?from=2020-01-01&to=2026-03-01").status_code == 400
    unknown = api.get(f"/api/v1/monitor/?{_period()}&colour=blue")
    assert unknown.status_code == 400
    assert "colour" in unknown.content.decode()
    assert api.get(f"/api/v1/monitor/?{_period()}&region=XX").status_code == 400
    assert api.get(f"/api/v1/monitor/?{_period()}&dienst=nope").status_code == 400


def test_the_csv_has_every_table_suppressed_for_analysts(helper, casemanager, analyst):
    _three_cases(helper, casemanager)
    response = factories.api(analyst).get(f"/api/v1/monitor/?{_period()}&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    keys = {row[0] for row in rows if len(row) == 2}
    assert {"intake", "intake_by_dienst", "decisions", "times", "feedback"} <= keys
    assert ["Ingediende casussen", "<5", "0"] in rows
    assert not any(cell in {"1", "2", "3", "4"} for row in rows[3:] for cell in row[1:2])


def test_the_page_shows_each_chart_beside_its_table(client, helper, casemanager, analyst):
    _three_cases(helper, casemanager)
    client.force_login(analyst)
    response = client.get(f"/monitor/?{_period()}&dienst=belastingdienst")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('src="data:image/svg+xml;base64,') >= 5
    assert 'data-testid="table-intake_by_dienst"' in html
    assert "&lt;5" in html
    assert "exact-figures" not in html


def test_the_page_without_a_period_shows_the_last_90_days(client, casemanager):
    client.force_login(casemanager)
    response = client.get("/monitor/")
    assert response.status_code == 200
    assert b"exact-figures" in response.content


def test_a_bad_period_on_the_page_is_a_clear_error(client, analyst):
    client.force_login(analyst)
    response = client.get("/monitor/?from=2026-03-31&to=2026-03-01")
    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


def test_the_page_runs_the_same_queries_however_many_cases(client, helper, casemanager, analyst):
    _three_cases(helper, casemanager)
    client.force_login(analyst)
    url = f"/monitor/?{_period()}"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    _three_cases(helper, casemanager)
    factories.submitted_case(by=helper, postcode_area="9711", themes=["invordering"])
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(first) == len(second)
    # Both periods in one query per figure group (with the working memory and savepoint
    # of their transaction on PostgreSQL), and the session, user, labels and whether the
    # user linked a second factor (accounts/middleware.py).
    assert len(second) <= len(FIGURE_GROUPS) + 11


def test_analysts_start_at_their_home_with_monitor_and_dashboard(client, analyst):
    client.force_login(analyst)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/analyse/"
    html = response.content.decode()
    assert 'href="/monitor/"' in html
    assert 'href="/signalen/dashboard/"' in html


def test_the_transparency_page_needs_no_login_and_lists_agenda_signals(client, helper, casemanager):
    factories.signal_on_agenda(by=helper, team=casemanager, title="Toeslag te laat uitbetaald")
    hidden = factories.signal(by=helper, title="Nog in behandeling bij het team")
    signal_services.signal_transition(signal=hidden, to_status="analysing", actor=casemanager)
    response = client.get("/transparantie/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toeslag te laat uitbetaald" in html
    assert "Nog in behandeling bij het team" not in html
    assert 'src="data:image/svg+xml;base64,' in html


def test_the_transparency_figures_come_from_the_cache(client, helper):
    client.get("/transparantie/")
    factories.submitted_case(by=helper)
    with CaptureQueriesContext(connection) as cached:
        response = client.get("/transparantie/")
    assert response.status_code == 200
    assert len(cached) <= 3  # the labels of the tables; no figure is counted again
    selectors.transparency_forget()
    with CaptureQueriesContext(connection) as fresh:
        client.get("/transparantie/")
    assert len(fresh) >= len(FIGURE_GROUPS)


def test_the_front_door_links_to_the_transparency_page(client):
    assert 'href="/transparantie/"' in client.get("/over/").content.decode()


def test_the_beat_task_counts_the_transparency_figures_ahead_of_visitors(client, helper):
    factories.submitted_case(by=helper)
    tasks.refresh_transparency.delay()
    with CaptureQueriesContext(connection) as visit:
        assert client.get("/transparantie/").status_code == 200
    assert len(visit) <= 3
    assert "refresh-transparency" in settings.CELERY_BEAT_SCHEDULE
