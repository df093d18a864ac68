"""The monitor's exact figures (reports.figures): what counts in a period, the breakdowns,
medians and p90 in SQL on either database, one query per figure group."""

import statistics
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from cases import services as case_services
from cases.models import Case
from casework import steps
from escalation import services as ladder
from reports import figures
from reports.figures import FIGURE_GROUPS, monitor_figures, previous_period
from signals import services as signal_services
from triage.decisions import case_decide
from triage.models import ReferralTarget

from . import factories

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _submitted(helper, day: date, **overrides) -> Case:
    with time_machine.travel(factories.at(day.year, day.month, day.day, 9), tick=False):
        return factories.submitted_case(by=helper, **overrides)


def _decide(case: Case, who, day: date, decision: str = "accept", hour: int = 9, **kwargs) -> Case:
    with time_machine.travel(factories.at(day.year, day.month, day.day, hour), tick=False):
        if decision in ("refer", "decline"):
            kwargs.setdefault("motivation", "Past beter bij de eerste lijn.")
        if decision == "refer":
            kwargs.setdefault("referral_target", ReferralTarget.objects.first())
        return case_decide(case=case, actor=who, decision=decision, **kwargs)


def _close(case: Case, who, day: date, outcome: str = "fully_solved", amount=None) -> Case:
    with time_machine.travel(factories.at(day.year, day.month, day.day, 9), tick=False):
        case.refresh_from_db()
        if case.status in ("accepted", "in_progress"):
            steps.case_resolve(case=case, user=who, reason="De Dienst stemde in.")
        return steps.case_close(
            case=case, user=who, outcome=outcome, amount_relieved=amount and Decimal(amount)
        )


def test_intake_is_broken_down_by_dienst_theme_area_province_and_source(helper):
    staff = factories.dienst_staff_helper("toeslagen")
    _submitted(helper, date(2026, 3, 2), postcode_area="3511", themes=["invordering"])
    _submitted(
        helper, date(2026, 3, 3), postcode_area="3512", diensten=("belastingdienst", "toeslagen")
    )
    _submitted(staff, date(2026, 3, 31), postcode_area="1011", diensten=("toeslagen",))
    _submitted(helper, date(2026, 4, 1), postcode_area="1011")  # after the period
    case_services.case_draft_create(user=helper, data={"postcode_area": "3511"})  # a draft

    intake = monitor_figures(*MARCH)["intake"]

    assert intake["total"] == 3
    assert intake["by_dienst"] == {"belastingdienst": 2, "toeslagen": 2}
    assert intake["by_theme"] == {"invordering": 1}
    assert intake["by_region"] == {"1011": 1, "3511": 1, "3512": 1}
    assert intake["by_province"] == {"NH": 1, "UT": 2}
    assert intake["by_source"] == {Organisation.Kind.DIENST_STAFF: 1, Organisation.Kind.SOCIAL: 2}


def test_decisions_count_when_taken_and_time_to_triage_has_median_and_p90(helper, casemanager):
    for days, decision in (
        (1, "accept"),
        (2, "accept"),
        (3, "refer"),
        (4, "decline"),
        (10, "accept"),
    ):
        case = _submitted(helper, date(2026, 3, 2))
        _decide(case, casemanager, date(2026, 3, 2) + timedelta(days=days), decision)
    late = _submitted(helper, date(2026, 3, 30))
    _decide(late, casemanager, date(2026, 4, 2))  # decided after the period

    result = monitor_figures(*MARCH)

    assert (result["accepted"], result["referred"], result["declined"]) == (3, 1, 1)
    assert result["decisions"] == 5
    assert result["acceptance_rate"] == 0.6
    # percentile_cont over 1, 2, 3, 4, 10 days: the median is 3, p90 is 4 + 0.6 * 6.
    assert result["time_to_triage"] == {"n": 5, "median_days": 3.0, "p90_days": 7.6}


def test_cycle_time_by_band_outcomes_and_relief_of_cases_closed_in_the_period(helper, casemanager):
    relieved = []
    for day, amount in ((2, "1200.50"), (4, "300")):
        case = _submitted(helper, date(2026, 2, 20))
        _decide(case, casemanager, date(2026, 2, 21))
        relieved.append(_close(case, casemanager, date(2026, 3, day), amount=amount))
    unsolved = _submitted(helper, date(2026, 2, 20))
    _decide(unsolved, casemanager, date(2026, 2, 21))
    _close(unsolved, casemanager, date(2026, 3, 10), outcome="not_solved")
    declined = _submitted(helper, date(2026, 3, 1))
    _decide(declined, casemanager, date(2026, 3, 2), "decline")
    _close(declined, casemanager, date(2026, 3, 3), outcome="not_solved")

    result = monitor_figures(*MARCH)

    assert result["closed"] == {"total": 4, "by_outcome": {"fully_solved": 2, "not_solved": 2}}
    # Relief counts the accepted cases: 2 of 3, not 2 of 4.
    assert result["relief"] == {
        "handled": 3,
        "relieved": 2,
        "rate": 0.6667,
        "cases_with_amount": 2,
        "amount_halted": "1500.50",
    }
    cycle = result["cycle_time"]
    assert (cycle["n"], cycle["median_days"]) == (4, 11.0)  # 2, 10, 12, 18 days
    band = relieved[0].triage_band
    assert sum(row["n"] for row in cycle["by_band"].values()) == 4
    assert band in cycle["by_band"]


def test_dienst_answers_on_time_and_freeze_requests_made_and_granted(
    helper, casemanager, lead, liaison
):
    with time_machine.travel(factories.at(2026, 3, 2), tick=False):
        on_time = factories.accepted_case(helper=helper, casemanager=casemanager)
        late = factories.accepted_case(helper=helper, casemanager=casemanager)
        quick = factories.proposal(on_time, casemanager)
        slow = factories.proposal(late, casemanager)
        frozen = factories.accepted_case(helper=helper, casemanager=casemanager)
        freeze = factories.freeze(frozen, casemanager, until=date(2026, 4, 30))
        ladder.request_approve(request=freeze, actor=lead)
    with time_machine.travel(factories.at(2026, 3, 4), tick=False):
        ladder.request_respond(request=quick, actor=liaison, outcome="accepted")
        ladder.request_respond(
            request=freeze, actor=liaison, outcome="accepted", granted_until=date(2026, 4, 15)
        )
    with time_machine.travel(factories.at(2026, 3, 30), tick=False):
        ladder.request_respond(request=slow, actor=liaison, outcome="rejected", motivation="Nee.")

    result = monitor_figures(*MARCH)

    assert result["dienst_answers"] == {"belastingdienst": {"due": 3, "on_time": 2}}
    assert result["dienst_answers_on_time"] == {"belastingdienst": 0.6667}
    assert result["freeze_requests"] == {"made": 1, "granted": 1}
    answer_time = result["time_to_dienst_answer"]
    assert (answer_time["n"], answer_time["median_days"]) == (3, 2.0)
    assert answer_time["by_dienst"]["belastingdienst"]["n"] == 3


def test_signals_on_agenda_resolved_and_commitments_kept(helper, casemanager):
    with time_machine.travel(factories.at(2026, 3, 2), tick=False):
        first = factories.signal_on_agenda(by=helper, team=casemanager)
        factories.signal_on_agenda(by=helper, team=casemanager, title="Tweede signaal")
        kept = signal_services.commitment_create(
            signal=first,
            actor=casemanager,
            dienst=factories.dienst(),
            description="Nieuwe brief",
            due_date=date(2026, 3, 20),
        )
        broken = signal_services.commitment_create(
            signal=first,
            actor=casemanager,
            dienst=factories.dienst(),
            description="Betere uitleg",
            due_date=date(2026, 3, 20),
        )
    with time_machine.travel(factories.at(2026, 3, 25), tick=False):
        signal_services.commitment_close(commitment=kept, actor=casemanager, kept=True, note="Ja")
        signal_services.commitment_close(
            commitment=broken, actor=casemanager, kept=False, note="Nee"
        )
        signal_services.signal_transition(
            signal=first, to_status="resolved", actor=casemanager, reason="De brief is aangepast."
        )

    result = monitor_figures(*MARCH)

    assert result["signals"] == {"on_agenda": 2, "resolved": 1}
    assert result["commitments"] == {"ended": 2, "kept": 1, "not_kept": 1, "kept_rate": 0.5}
    # Signals have no region: a region filter leaves them as they are, and says so.
    filtered = monitor_figures(*MARCH, region="9999")
    assert filtered["signals"] == {"on_agenda": 2, "resolved": 1}
    assert filtered["filters_apply"]["signals"] is False


def test_feedback_scores_per_respondent(helper, casemanager):
    for outcome, process in ((5, 4), (3, 2)):
        case = _submitted(helper, date(2026, 2, 20))
        _decide(case, casemanager, date(2026, 2, 21))
        _close(case, casemanager, date(2026, 3, 1))
        with time_machine.travel(factories.at(2026, 3, 5), tick=False):
            case_services.feedback_give(
                case=case,
                respondent="helper",
                user=helper,
                outcome_rating=outcome,
                process_rating=process,
            )
    case_services.feedback_give(case=case, respondent="person", outcome_rating=4, process_rating=4)

    feedback = monitor_figures(*MARCH)["feedback"]

    assert feedback["helper"] == {"n": 2, "outcome_mean": 4.0, "process_mean": 3.0}
    assert feedback["person"] == {"n": 0, "outcome_mean": None, "process_mean": None}


def test_filters_narrow_every_case_figure(helper, casemanager):
    bd = _submitted(helper, date(2026, 3, 2), postcode_area="3511")
    tsl = _submitted(helper, date(2026, 3, 2), postcode_area="9711", diensten=("toeslagen",))
    _decide(bd, casemanager, date(2026, 3, 3))
    _decide(tsl, casemanager, date(2026, 3, 3), "decline")

    by_dienst = monitor_figures(*MARCH, dienst="toeslagen")
    by_province = monitor_figures(*MARCH, region="UT")
    by_source = monitor_figures(*MARCH, source="commercial")

    assert (by_dienst["intake"]["total"], by_dienst["accepted"], by_dienst["declined"]) == (1, 0, 1)
    assert (by_province["intake"]["by_region"], by_province["accepted"]) == ({"3511": 1}, 1)
    assert by_source["intake"]["total"] == 0
    assert by_province["filters"] == {"region": "UT"}


def test_coverage_sets_intake_per_area_beside_local_help(helper, other_helper):
    factories.help_organisation(ranges=[(3500, 3585)])
    _submitted(helper, date(2026, 3, 2), postcode_area="3511")
    _submitted(helper, date(2026, 3, 2), postcode_area="4501")
    _submitted(other_helper, date(2026, 3, 2), postcode_area="4501")

    coverage = monitor_figures(*MARCH)["coverage"]

    assert coverage["areas"]["3511"] == {
        "cases": 1,
        "local_help": True,
        "submitting_organisations": 1,
    }
    assert coverage["areas"]["4501"] == {
        "cases": 2,
        "local_help": False,
        "submitting_organisations": 2,
    }
    assert coverage["provinces"]["ZE"] == {
        "cases": 2,
        "areas": 1,
        "areas_without_help": 1,
        "cases_without_help": 2,
    }


def _reads(captured) -> list[str]:
    """The queries that read; the rest may only be the transaction's working memory
    (PostgreSQL) and its savepoint."""
    statements = [query["sql"] for query in captured.captured_queries]
    reads = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    others = [sql.split()[0].upper() for sql in statements if sql not in reads]
    assert set(others) <= {"SET", "SAVEPOINT", "RELEASE"}, others
    return reads


def test_one_query_per_figure_group(helper, casemanager):
    case = _submitted(helper, date(2026, 3, 2), themes=["invordering"])
    _decide(case, casemanager, date(2026, 3, 3))
    with CaptureQueriesContext(connection) as captured:
        monitor_figures(*MARCH, dienst="belastingdienst")
    assert len(_reads(captured)) == len(FIGURE_GROUPS)
    for _ in range(3):
        _decide(_submitted(helper, date(2026, 3, 4)), casemanager, date(2026, 3, 5))
    with CaptureQueriesContext(connection) as again:
        monitor_figures(*MARCH, dienst="belastingdienst")
    assert len(_reads(again)) == len(FIGURE_GROUPS)


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 1, 29),
        date(2026, 2, 28),
    )
    assert previous_period(date(2026, 1, 1), date(2026, 1, 1)) == (
        date(2025, 12, 31),
        date(2025, 12, 31),
    )


@pytest.mark.parametrize(
    "values",
    [[4.0], [1.0, 2.0], [3.5, 1.25, 9.0, 2.0, 7.0, 7.0], [float(n * n % 17) for n in range(23)]],
)
def test_percentiles_in_sql_match_linear_interpolation(db, values):
    """The SQL of either database interpolates like percentile_cont."""
    selects = " UNION ALL ".join("SELECT %s, %s, %s" for _ in values)
    params = [p for v in values for p in ("now", "g", v)]
    sql = figures._percentile_sql(f"SELECT * FROM ({selects}) s", connection.vendor)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, figures.ALL])
        rows = {grp: (n, median, p90) for _p, grp, n, median, p90 in cursor.fetchall()}
    ordered = sorted(values)
    expected_p90 = (
        ordered[0]
        if len(values) == 1
        else statistics.quantiles(values, n=10, method="inclusive")[8]
    )
    for grp in ("g", figures.ALL):
        n, median, p90 = rows[grp]
        assert n == len(values)
        assert float(median) == pytest.approx(statistics.median(values))
        assert float(p90) == pytest.approx(expected_p90)


def test_both_periods_come_from_the_same_queries_and_match_one_by_one(helper, casemanager):
    for day in (date(2026, 2, 10), date(2026, 3, 2), date(2026, 3, 20)):
        case = _submitted(helper, day, postcode_area="3511")
        _decide(case, casemanager, day + timedelta(days=2))
    with CaptureQueriesContext(connection) as captured:
        now, before = figures.monitor_figures_with_previous(*MARCH)
    assert len(_reads(captured)) == len(FIGURE_GROUPS)
    assert now == monitor_figures(*MARCH)
    assert before == monitor_figures(*previous_period(*MARCH))
    assert (now["intake"]["total"], before["intake"]["total"]) == (2, 1)
    assert before["time_to_triage"]["median_days"] == 2.0
