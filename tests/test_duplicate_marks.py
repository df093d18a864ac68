"""The stored duplicate mark (Case.possible_duplicate): exact after every transition that
opens a case or takes it out of the open statuses, also when two cases for one person
arrive at once; what the queue's duplicate filter reads."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors
from cases.models import Case, CaseStatus
from cases.services import case_draft_create, case_transition, duplicate_marks_rebuild
from casework import steps

from . import factories

OTHER_BSN = "123456782"


def marks() -> dict[int, bool]:
    return dict(
        Case.objects.exclude(status=CaseStatus.DRAFT).values_list("pk", "possible_duplicate")
    )


def asked() -> dict[int, bool]:
    """The mark as the definition asks it, row by row."""
    rows = (
        Case.objects.exclude(status=CaseStatus.DRAFT)
        .annotate(asked=selectors.possible_duplicate())
        .values_list("pk", "asked")
    )
    return {pk: bool(value) for pk, value in rows}


def test_a_second_open_case_for_one_bsn_marks_both_and_a_draft_marks_nobody(helper):
    first = factories.submitted_case(by=helper)
    assert marks() == {first.pk: False}
    draft, _ = case_draft_create(user=helper, data=factories.valid_case_data())
    assert marks() == {first.pk: False}
    assert Case.objects.get(pk=draft.pk).possible_duplicate is False
    other = factories.submitted_case(by=helper, bsn=OTHER_BSN)
    second = factories.submitted_case(by=helper)
    assert marks() == {first.pk: True, second.pk: True, other.pk: False}
    assert marks() == asked()


def test_a_case_that_leaves_the_open_statuses_takes_its_mark_from_the_others(helper):
    first, second, third = (factories.submitted_case(by=helper) for _ in range(3))
    steps.case_withdraw(case=first, user=helper, reason="Dubbel ingediend")
    # The other two still share an open duplicate; the withdrawn one still has two.
    assert marks() == {first.pk: True, second.pk: True, third.pk: True}
    steps.case_withdraw(case=second, user=helper, reason="Dubbel ingediend")
    assert marks() == {first.pk: True, second.pk: True, third.pk: False}
    assert marks() == asked()


def test_the_kvk_number_marks_as_the_bsn_does(helper):
    company = {"subject_type": "ondernemer", "bsn": "", "kvk_number": "12345678"}
    first = factories.submitted_case(by=helper, **company)
    second = factories.submitted_case(by=helper, **company)
    burger = factories.submitted_case(by=helper)
    assert marks() == {first.pk: True, second.pk: True, burger.pk: False}


def test_transitions_between_open_statuses_change_no_mark(helper, casemanager):
    first, second = factories.submitted_case(by=helper), factories.submitted_case(by=helper)
    case_transition(case=first, to_status=CaseStatus.IN_TRIAGE, actor=casemanager)
    assert marks() == {first.pk: True, second.pk: True}


def test_the_queue_filters_and_marks_on_the_stored_mark(client, helper, lead):
    first = factories.submitted_case(by=helper)
    factories.submitted_case(by=helper, bsn=OTHER_BSN)
    second = factories.submitted_case(by=helper)
    client.force_login(lead)
    listed = {c.reference for c in client.get("/triage/?duplicate=on").context["page"]}
    assert listed == {first.reference, second.reference}
    Case.objects.filter(pk=first.pk).update(possible_duplicate=False)
    listed = {c.reference for c in client.get("/triage/?duplicate=on").context["page"]}
    assert listed == {second.reference}


def test_the_case_page_lists_the_other_open_cases_only_when_marked(client, helper, lead):
    first = factories.submitted_case(by=helper)
    lone = factories.submitted_case(by=helper, bsn=OTHER_BSN)
    second = factories.submitted_case(by=helper)
    client.force_login(lead)
    page = client.get(f"/casussen/{first.reference}/")
    assert [c.reference for c in page.context["duplicates"]] == [second.reference]
    assert "Mogelijk dubbel" in page.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(f"/casussen/{lone.reference}/")
    assert page.context["duplicates"] == [] and "Mogelijk dubbel" not in page.content.decode()
    # Unmarked: the page does not look for duplicates at all.
    assert not [q for q in ctx.captured_queries if '"bsn_hash" =' in q["sql"]]


def test_rebuild_recomputes_every_mark(helper):
    first, second = factories.submitted_case(by=helper), factories.submitted_case(by=helper)
    lone = factories.submitted_case(by=helper, bsn=OTHER_BSN)
    Case.objects.filter(pk=first.pk).update(possible_duplicate=False)
    Case.objects.filter(pk=lone.pk).update(possible_duplicate=True)
    assert duplicate_marks_rebuild() == 2
    assert marks() == {first.pk: True, second.pk: True, lone.pk: False}


def test_anonymising_a_case_clears_its_mark(helper, casemanager):
    from casework.retention import case_anonymise

    closed = factories.submitted_case(by=helper)
    factories.submitted_case(by=helper)
    steps.case_withdraw(case=closed, user=helper, reason="Dubbel")
    assert Case.objects.get(pk=closed.pk).possible_duplicate is True
    case_anonymise(case=closed)
    assert Case.objects.get(pk=closed.pk).possible_duplicate is False


@pytest.mark.django_db(transaction=True)
def test_two_cases_for_one_person_submitted_at_once_mark_each_other(postgres):
    """Without the advisory lock each transaction misses the other's uncommitted case and
    both stay unmarked; several rounds, each with a BSN of its own, make that show."""
    helper = factories.helper()
    errors = []
    bsns = ["111222333", "123456782", "100000009", "999999990", "111111110"]
    for bsn in bsns:
        barrier = threading.Barrier(2)

        def submit(bsn=bsn, barrier=barrier):
            try:
                barrier.wait()
                factories.submitted_case(by=helper, bsn=bsn)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=submit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len(marks()) == 2 * len(bsns)
    assert all(marks().values())
    assert marks() == asked()
