"""Feedback after closure: the helper on the case page and by the API, the person through
the status link; once per case per respondent, with clear Dutch errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Feedback
from casework import retention, steps
from reports.figures import monitor_figures

from . import factories


def _closed_case(helper, casemanager):
    case = factories.resolved_case(helper=helper, casemanager=casemanager)
    return steps.case_close(case=case, user=casemanager, outcome="fully_solved")


def _post(user, case, **body):
    return factories.api(user).post(
        f"/api/v1/cases/{case.reference}/feedback/",
        {"outcome_rating": 4, "process_rating": 5, **body},
        format="json",
    )


def test_the_helper_gives_feedback_on_a_closed_case_by_the_api(helper, casemanager):
    case = _closed_case(helper, casemanager)
    response = _post(helper, case, comment="Snel geregeld.")
    assert response.status_code == 201
    assert response.json()["respondent"] == "helper"
    feedback = Feedback.objects.get(case=case)
    assert (feedback.outcome_rating, feedback.process_rating, feedback.given_by) == (4, 5, helper)


def test_feedback_is_given_once_per_case(helper, casemanager):
    case = _closed_case(helper, casemanager)
    assert _post(helper, case).status_code == 201
    again = _post(helper, case, outcome_rating=1)
    assert again.status_code == 409
    assert "al een oordeel gegeven" in again.content.decode()
    assert Feedback.objects.get(case=case).outcome_rating == 4


def test_an_open_case_takes_no_feedback_yet(helper, casemanager):
    case = factories.accepted_case(helper=helper, casemanager=casemanager)
    response = _post(helper, case)
    assert response.status_code == 409
    assert "zodra de casus is afgesloten" in response.content.decode()


@pytest.mark.parametrize("rating", [0, 6, "vier", None])
def test_ratings_outside_one_to_five_are_refused(helper, casemanager, rating):
    case = _closed_case(helper, casemanager)
    assert _post(helper, case, outcome_rating=rating).status_code == 400
    assert not Feedback.objects.exists()


def test_other_helpers_and_the_team_cannot_give_the_helpers_feedback(
    helper, other_helper, casemanager
):
    case = _closed_case(helper, casemanager)
    assert _post(other_helper, case).status_code == 404
    assert _post(casemanager, case).status_code == 403
    assert not Feedback.objects.exists()


def test_the_helper_gives_feedback_on_the_case_page(client, helper, casemanager):
    case = _closed_case(helper, casemanager)
    client.force_login(helper)
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert "Hoe tevreden bent u over de uitkomst?" in page
    missing = client.post(f"/casussen/{case.reference}/oordeel/", {"outcome_rating": "3"})
    assert missing.status_code == 400
    assert "Kies een cijfer van 1 tot en met 5 voor de aanpak." in missing.content.decode()
    done = client.post(
        f"/casussen/{case.reference}/oordeel/",
        {"outcome_rating": "3", "process_rating": "4"},
        follow=True,
    )
    assert "U gaf de uitkomst een 3 en de aanpak een 4." in done.content.decode()
    assert "Hoe tevreden bent u over de uitkomst?" not in done.content.decode()


def test_the_person_gives_feedback_through_the_status_link(client, helper, casemanager):
    case = _closed_case(helper, casemanager)
    _link, token = case_services.status_link_create(case=case, user=helper)
    page = client.get(f"/status/{token}/")
    assert "Hoe tevreden bent u over de aanpak?" in page.content.decode()
    done = client.post(
        f"/status/{token}/", {"outcome_rating": "5", "process_rating": "5"}, follow=True
    )
    assert "U gaf de uitkomst een 5 en de aanpak een 5." in done.content.decode()
    given = Feedback.objects.get(case=case)
    assert (given.respondent, given.given_by) == ("person", None)
    # A second try changes nothing and shows no form any more.
    client.post(f"/status/{token}/", {"outcome_rating": "1", "process_rating": "1"})
    assert Feedback.objects.get(case=case).outcome_rating == 5


def test_the_status_page_of_an_open_case_has_no_feedback_form(client, helper, casemanager):
    case = factories.accepted_case(helper=helper, casemanager=casemanager)
    _link, token = case_services.status_link_create(case=case, user=helper)
    assert "Uw oordeel" not in client.get(f"/status/{token}/").content.decode()
    assert client.post(f"/status/{token}/", {"outcome_rating": "5"}).status_code == 200
    assert not Feedback.objects.exists()


def test_anonymising_a_case_clears_the_comment_and_keeps_the_scores_and_the_monitor(
    helper, casemanager
):
    case = _closed_case(helper, casemanager)
    _post(helper, case, comment="Mevrouw Jansen uit Utrecht is erg geholpen.")
    today = timezone.localdate()
    before = monitor_figures(today - timedelta(days=30), today)

    retention.case_anonymise(case=case)

    feedback = Feedback.objects.get(case=case)
    assert (feedback.comment, feedback.outcome_rating, feedback.process_rating) == ("", 4, 5)
    assert monitor_figures(today - timedelta(days=30), today) == before
