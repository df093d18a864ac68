"""Coverage of the first-line network: postcode areas with intake but no local help in the
directory, and postcode regions with no intake at all."""

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from cases import services as case_services
from frontdoor import selectors

from . import factories
from .test_query_counts import assert_constant


def _period():
    today = timezone.localdate()
    return {"since": today - timedelta(days=30), "until": today}


def test_areas_with_intake_but_no_local_help_most_cases_first(helper):
    factories.help_organisation(ranges=[(3500, 3585)])
    factories.help_organisation(nationwide=True)  # helps everyone, covers no area
    factories.help_organisation(ranges=[(4500, 4599)], active=False)
    for area in ("3511", "4501", "4501", "3833"):
        factories.submitted_case(by=helper, postcode_area=area)
    result = selectors.coverage(**_period())
    assert [(a.area, a.cases) for a in result.uncovered] == [("4501", 2), ("3833", 1)]
    assert (result.total_cases, result.areas_with_intake, result.cases_without_help) == (4, 3, 3)


def test_regions_without_intake_and_without_help_are_marked(helper):
    factories.help_organisation(ranges=[(3500, 3585)])
    factories.help_organisation(ranges=[(9700, 9747)])
    factories.submitted_case(by=helper, postcode_area="3511")
    factories.submitted_case(by=helper, postcode_area="4501")
    regions = {r.region: r for r in selectors.coverage(**_period()).regions}
    assert len(regions) == 90
    assert regions["35"].state == "covered"
    assert (regions["45"].state, regions["45"].areas_without_help) == ("intake_without_help", 1)
    assert regions["97"].state == "no_intake"
    assert regions["12"].state == "no_help_no_intake"
    assert regions["35"].organisations == 1


def test_only_cases_submitted_in_the_period_count(helper):
    with time_machine.travel(date(2025, 1, 15)):
        factories.submitted_case(by=helper, postcode_area="4501")
    with time_machine.travel(date(2025, 3, 1)):
        factories.submitted_case(by=helper, postcode_area="4502")
    result = selectors.coverage(since=date(2025, 2, 1), until=date(2025, 3, 1))
    assert [a.area for a in result.uncovered] == ["4502"]


def test_drafts_do_not_count_as_intake(helper):
    case_services.case_draft_create(user=helper, data={"postcode_area": "4501"})
    assert selectors.coverage(**_period()).total_cases == 0


def test_the_coverage_page_is_for_the_team(client, helper, casemanager, analyst):
    factories.submitted_case(by=helper, postcode_area="4501")
    client.force_login(casemanager)
    body = client.get("/dekking/").content.decode()
    assert 'data-testid="areas-without-help">1<' in body
    assert '<th class="utrecht-table__header-cell" scope="row">4501</th>' in body
    for user in (helper, analyst):
        client.force_login(user)
        assert client.get("/dekking/").status_code == 403


def test_the_list_pages_through_the_default_period(client, helper, casemanager):
    for area in range(4500, 4527):
        factories.submitted_case(by=helper, postcode_area=str(area))
    client.force_login(casemanager)
    second = client.get("/dekking/", {"pagina": 2})
    assert second.status_code == 200
    assert "Pagina 2 van 2" in second.content.decode()


def test_a_reversed_period_is_refused_with_a_message(client, casemanager):
    client.force_login(casemanager)
    response = client.get("/dekking/", {"since": "2025-03-01", "until": "2025-02-01"})
    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


def test_the_coverage_page_runs_a_constant_number_of_queries(client, helper, casemanager):
    factories.submitted_case(by=helper, postcode_area="4501")
    factories.help_organisation()
    client.force_login(casemanager)

    def more():
        for area in ("3511", "3833", "9999"):
            factories.submitted_case(by=helper, postcode_area=area)
        factories.help_organisation(ranges=[(1000, 1100)])

    assert_constant(client, "/dekking/", more)
