import pytest
from django.http import Http404

from cases import selectors
from casework import steps
from tests import factories


def test_helper_sees_only_its_organisations_cases(helper, other_helper):
    mine = factories.submitted_case(by=helper)
    factories.submitted_case(by=other_helper)
    assert list(selectors.cases_visible_to(helper)) == [mine]


def test_team_sees_all_submitted_cases_but_no_drafts(helper, casemanager, lead):
    submitted = factories.submitted_case(by=helper)
    from cases import services

    services.case_draft_create(user=helper, data={"subject_name": "Concept"})
    assert list(selectors.cases_visible_to(casemanager)) == [submitted]
    assert list(selectors.cases_visible_to(lead)) == [submitted]


def test_liaison_analyst_and_admin_see_no_cases(helper, liaison, analyst, admin_user):
    factories.submitted_case(by=helper)
    for user in (liaison, analyst, admin_user):
        assert not selectors.cases_visible_to(user).exists()


def test_inactive_user_sees_nothing(helper):
    factories.submitted_case(by=helper)
    helper.is_active = False
    assert not selectors.cases_visible_to(helper).exists()


def test_the_case_door_is_a_404_for_a_case_outside_the_users_view(helper, other_helper):
    case = factories.submitted_case(by=helper)
    with pytest.raises(Http404):
        selectors.case_for_user_or_404(other_helper, case.reference)


def test_possible_duplicates_ignore_closed_cases(helper, casemanager):
    from cases import services
    from cases.models import CaseStatus

    first = factories.submitted_case(by=helper)
    second = factories.submitted_case(by=helper)
    assert list(selectors.case_possible_duplicates(case=second)) == [first]
    steps.case_withdraw(case=first, user=helper, reason="Opgelost")
    services.case_transition(case=first, to_status=CaseStatus.CLOSED, actor=casemanager)
    assert not selectors.case_possible_duplicates(case=second).exists()
