"""What keeps pages fast at a million cases (issue 12): totals from counter rows, counts
bounded where an exact one would scan, EXISTS filters, and an intake in few queries."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from cases import selectors as case_selectors
from cases import services
from cases.models import Case, CaseCount, CaseStatus
from casework import steps
from triage import selectors as triage_selectors
from triage import services as triage_services
from triage.decisions import case_decide
from triage.models import ReferralTarget

from . import factories
from .factories import api
from .test_api_cases import payload


# The API's one-step intake, as gunicorn runs it: the token and user, the Diensten and
# themes (one UNION), the active criteria set, the reference, the case, its history row, its
# event, its counter cell, the triage clock and its event, the Dienst and theme rows, the
# duplicate marks of the cases that share its BSN, and the assessment (the response's clocks
# are the ones the submission opened, not read back). On PostgreSQL one more: the advisory
# lock on the BSN's hash that keeps the marks exact when two cases for one person arrive at
# once.
def intake_query_count() -> int:
    return 15 if connection.vendor == "postgresql" else 14


# Inside the test's own transaction the request's transaction is a savepoint: SAVEPOINT
# and RELEASE. (The confirmation e-mail task, queued on commit, never runs here; in
# production it runs in a worker.)
TEST_TRANSACTION = 2


def counted_cells() -> dict[tuple[str, int], int]:
    """What the counters should say: the cases themselves, counted."""
    rows = (
        Case.objects.exclude(status=CaseStatus.DRAFT)
        .values("status", "triage_rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["status"], r["triage_rank"]): r["n"] for r in rows}


def counter_cells() -> dict[tuple[str, int], int]:
    cells = case_selectors.case_count_cells(statuses=tuple(CaseStatus.values))
    return {cell: n for cell, n in cells.items() if n}


def intake_queries(client, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            "/api/v1/cases/", payload(bsn="123456782"), format="json", headers=headers
        )
    assert response.status_code == 201, response.json()
    return len(ctx.captured_queries)


def test_api_intake_runs_in_few_queries(helper):
    client = api(helper)
    # The first request of a process fills the criteria cache and the calendar's cache.
    assert client.post("/api/v1/cases/", payload(), format="json").status_code == 201
    assert intake_queries(client) == intake_query_count() + TEST_TRANSACTION
    # An Idempotency-Key costs nothing extra: a retry is found when its INSERT conflicts.
    with_key = intake_queries(client, **{"Idempotency-Key": "k-1"})
    assert with_key == intake_query_count() + TEST_TRANSACTION


@pytest.mark.django_db(transaction=True)
def test_api_intake_keeps_history_event_clock_assessment_and_relations():
    helper = factories.helper()
    response = api(helper).post(
        "/api/v1/cases/",
        payload(diensten=["toeslagen", "belastingdienst"], themes=["invordering", "box-3"]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["diensten"] == ["belastingdienst", "toeslagen"]  # the model's order
    case = Case.objects.get(reference=body["reference"])
    assert set(case.themes.values_list("code", flat=True)) == {"invordering", "box-3"}
    assert case.history.count() == 1
    assert case.history.get().status == CaseStatus.SUBMITTED
    event = case.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", helper)
    assessment = case.assessments.get()
    assert (case.triage_band, case.triage_score) == (assessment.band, assessment.score)
    assert [d["kind"] for d in body["deadlines"]] == ["triage_decision"]
    # The clocks the intake answers with, not read back, are the ones the case has.
    assert (
        body["deadlines"] == api(helper).get(f"/api/v1/cases/{case.reference}/").json()["deadlines"]
    )
    assert counter_cells() == {(CaseStatus.SUBMITTED, case.triage_rank): 1}


def test_counters_follow_every_transition_and_reassessment(helper, casemanager):
    cases = [factories.submitted_case(by=helper) for _ in range(5)]
    case_decide(case=cases[0], actor=casemanager, decision="accept")
    case_decide(case=cases[1], actor=casemanager, decision="request_info", question="Welke?")
    case_decide(
        case=cases[2],
        actor=casemanager,
        decision="refer",
        referral_target=ReferralTarget.objects.get(code="juridisch-loket"),
        motivation="Hoort daar.",
    )
    steps.case_withdraw(case=cases[3], user=helper, reason="Opgelost")
    triage_services.case_reassess(
        case=cases[4],
        changes={"imminent_enforcement": True, "subsistence_at_risk": True},
        actor=casemanager,
        reason="Beslag gelegd",
    )
    services.case_draft_create(user=helper, data=factories.valid_case_data())
    assert counter_cells() == counted_cells()
    assert sum(counter_cells().values()) == 5  # the draft is not counted


def test_rebuild_recounts_from_the_cases(helper):
    for _ in range(3):
        factories.submitted_case(by=helper)
    CaseCount.objects.update(n=99)
    assert services.case_counts_rebuild() == 3
    assert counter_cells() == counted_cells()


def test_queue_counts_come_from_the_counter_rows_in_one_query(
    helper, casemanager, django_assert_num_queries
):
    factories.submitted_case(by=helper)
    factories.submitted_case(by=helper, triage_answers={"in_mandate": True})
    with django_assert_num_queries(1):
        counts = triage_selectors.queue_counts(user=casemanager)
    assert counts.total == 2
    assert counts.by_band == {"low": 2}


def test_queue_header_and_total_match_the_cases(client, helper, casemanager):
    for _ in range(2):
        factories.submitted_case(
            by=helper, triage_answers={"in_mandate": True, "imminent_enforcement": True}
        )
    factories.submitted_case(by=helper)
    client.force_login(casemanager)
    response = client.get("/triage/")
    assert response.context["page"].paginator.count == 3
    assert ("urgent", "Urgent", 2) in response.context["band_counts"]
    assert client.get("/triage/?band=urgent").context["page"].paginator.count == 2


def test_a_broad_filter_says_more_than_instead_of_counting(
    client, helper, casemanager, monkeypatch
):
    monkeypatch.setattr(case_selectors, "COUNT_BOUND", 2)
    for _ in range(4):
        factories.submitted_case(by=helper)
    org = helper.organisation_id
    client.force_login(casemanager)
    response = client.get(f"/triage/?organisation={org}")
    paginator = response.context["page"].paginator
    assert paginator.more and paginator.bound == 2
    assert "Meer dan 2 casussen in de wachtrij" in response.content.decode()
    # Without such a filter the total is exact: it comes from the counters.
    assert not client.get("/triage/").context["page"].paginator.more
    listed = client.get(f"/casussen/?organisation={org}")
    assert "Meer dan 2 casussen gevonden" in listed.content.decode()


def test_dienst_and_theme_totals_come_from_the_counters(client, helper, casemanager):
    factories.submitted_case(by=helper, diensten=("toeslagen",), themes=("box-3",))
    factories.submitted_case(
        by=helper, diensten=("toeslagen", "belastingdienst"), themes=("box-3", "invordering")
    )
    factories.submitted_case(by=helper, diensten=("belastingdienst",), themes=("box-3",))
    client.force_login(casemanager)
    expected = {
        "dienst=toeslagen": 2,
        "theme=box-3": 3,
        "dienst=toeslagen&theme=box-3": 2,
        "dienst=belastingdienst&theme=invordering": 1,
        "dienst=toeslagen&theme=invordering&band=urgent": 0,
    }
    for query, n in expected.items():
        page = client.get(f"/triage/?{query}").context["page"]
        assert (page.paginator.count, page.paginator.more) == (n, False), query
        assert len(page.object_list) == n
    listed = client.get("/casussen/?dienst=toeslagen&theme=invordering")
    assert listed.context["page"].paginator.count == 1
    assert api(casemanager).get("/api/v1/cases/?theme=box-3").json()["count"] == 3


def test_api_list_says_when_its_count_is_a_lower_bound(helper, casemanager, monkeypatch):
    monkeypatch.setattr(case_selectors, "COUNT_BOUND", 2)
    for _ in range(4):
        factories.submitted_case(by=helper, themes=("box-3",))
    team = api(casemanager)
    exact = team.get("/api/v1/cases/").json()
    assert exact["count"] == 4 and "count_is_lower_bound" not in exact
    bounded = team.get(f"/api/v1/cases/?organisation={helper.organisation_id}").json()
    assert bounded["count"] == 3 and bounded["count_is_lower_bound"] is True
    assert team.get("/api/v1/cases/?status=submitted").json()["count"] == 4


def test_queue_filters_by_dienst_and_theme_without_join_or_distinct(helper, casemanager):
    both = factories.submitted_case(
        by=helper, diensten=("belastingdienst", "toeslagen"), themes=("box-3", "invordering")
    )
    factories.submitted_case(by=helper, diensten=("belastingdienst",), themes=("box-3",))
    queue = triage_selectors.triage_queue(
        user=casemanager,
        filters=triage_selectors.QueueFilters(dienst="toeslagen", theme="box-3"),
    )
    sql = str(queue.query).upper()
    assert "DISTINCT" not in sql and "EXISTS" in sql
    assert [c.pk for c in queue] == [both.pk]


def test_active_criteria_set_reads_its_criteria_from_the_cache(db, django_assert_num_queries):
    first = triage_selectors.active_criteria_set()
    with django_assert_num_queries(1):
        again = triage_selectors.active_criteria_set()
        keys = [c.key for c in again.criteria.all()]
    assert keys == [c.key for c in first.criteria.all()] and "in_mandate" in keys


def test_a_newly_published_set_is_used_at_once(helper, admin_user, lead):
    factories.submitted_case(by=helper)  # the old set is cached now
    draft = triage_services.criteria_set_draft_create(actor=admin_user)
    triage_services.criterion_add(
        criteria_set=draft,
        actor=admin_user,
        data={
            "key": "no_income",
            "question": "Geen inkomen?",
            "weight": 7,
            "role": "scored",
            "answered_by": "helper",
        },
    )
    triage_services.criteria_set_publish(criteria_set=draft, actor=lead)
    case = factories.submitted_case(
        by=helper, triage_answers={"in_mandate": True, "no_income": True}
    )
    assessment = case.assessments.get()
    assert assessment.criteria_set_id == draft.pk and assessment.score == 7


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_and_decisions_keep_the_counters_exact(postgres):
    helper = factories.helper()
    manager = factories.team_member()
    queued = [factories.submitted_case(by=helper) for _ in range(4)]
    barrier = threading.Barrier(8)
    errors = []

    def submit():
        try:
            barrier.wait()
            factories.submitted_case(by=helper)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def accept(case):
        try:
            barrier.wait()
            case_decide(case=Case.objects.get(pk=case.pk), actor=manager, decision="accept")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    threads += [threading.Thread(target=accept, args=(c,)) for c in queued]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert counter_cells() == counted_cells()
    assert triage_selectors.queue_counts(user=manager).total == 4


def test_rebuild_command_recounts(helper):
    factories.submitted_case(by=helper)
    CaseCount.objects.all().delete()
    out = StringIO()
    call_command("rebuild_case_counts", stdout=out)
    assert "Counted 1 submitted cases" in out.getvalue()
    assert counter_cells() == counted_cells()


def test_the_deadlines_table_is_vacuumed_after_two_percent_of_its_rows_changed(postgres):
    """Dead rows at the front of deadline_open_due_idx slow the reminder sweep's find
    (deadlines/migrations/0004_deadline_autovacuum.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'deadlines_deadline'")
        [options] = cursor.fetchone()
    assert "autovacuum_vacuum_scale_factor=0.02" in options
