"""Small-cell suppression (reports.suppression): counts 1 to 4 become "<5", complementary
suppression in every breakdown, and nothing hidden can be worked out again."""

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.figures import monitor_figures
from reports.suppression import (
    HIDDEN,
    SMALL,
    recoverable,
    suppress_breakdown,
    suppress_count,
    suppress_figures,
)
from triage.decisions import case_decide

from . import factories

breakdowns = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(0, 40), min_size=1, max_size=6
)
small_breakdowns = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 9), min_size=1, max_size=4
)


def test_counts_from_one_to_four_become_less_than_five():
    assert [suppress_count(n) for n in (0, 1, 4, 5, 12)] == [0, SMALL, SMALL, 5, 12]


def test_one_small_cell_takes_the_smallest_other_cell_with_it():
    assert suppress_breakdown({"a": 3, "b": 7, "c": 20}) == {"a": SMALL, "b": HIDDEN, "c": 20}


def test_two_small_cells_that_could_only_be_ones_need_a_third():
    # 1 + 1 = 2 out of the visible total: both would be 1 without the hidden 9.
    assert suppress_breakdown({"a": 1, "b": 1, "c": 9, "d": 30}) == {
        "a": SMALL,
        "b": SMALL,
        "c": HIDDEN,
        "d": 30,
    }


def test_where_no_cell_can_cover_a_small_one_every_cell_is_hidden():
    # 5 and 1 of 6: hiding the 5 as "5 or more" would still pin the 1 down.
    assert suppress_breakdown({"a": 5, "b": 1, "z": 0}) == {"a": HIDDEN, "b": HIDDEN, "z": 0}


def test_where_even_hiding_all_cells_pins_them_down_the_breakdown_collapses():
    # Five cells of 1 out of a total of 5: each is 1, whatever the marks say.
    cells = {key: 1 for key in "abcde"}
    assert suppress_breakdown(cells) == {"other": 5}


def test_a_breakdown_without_small_cells_stays_exact():
    assert suppress_breakdown({"a": 0, "b": 5, "c": 70}) == {"a": 0, "b": 5, "c": 70}


@settings(max_examples=400)
@given(breakdowns)
def test_no_suppressed_cell_follows_from_the_total_and_the_visible_cells(cells):
    shown = suppress_breakdown(cells)
    assert recoverable(cells, shown) == set()
    if set(shown) == {"other"}:  # collapsed: only the sum is left
        assert shown["other"] == sum(cells.values())
        return
    for key, n in cells.items():
        if 0 < n < 5:
            assert shown[key] in (SMALL, HIDDEN)
        if not isinstance(shown[key], str):
            assert shown[key] == n


def _consistent_values(cells: dict, shown: dict) -> dict[str, set[int]]:
    """Brute force, apart from the module's own reasoning: every value each suppressed cell
    can have given the published sum (0 or at least 5), the visible cells and the marks."""
    total = sum(cells.values())
    suppressed = [key for key, value in shown.items() if isinstance(value, str)]
    all_hidden = all(shown[k] == HIDDEN for k in suppressed)
    ranges = []
    for key in suppressed:
        if shown[key] == SMALL:
            ranges.append(range(1, 5))
        elif all_hidden:
            ranges.append(range(1, total + 1))
        else:
            ranges.append(range(5, total + 1))
    visible = sum(v for v in shown.values() if isinstance(v, int))
    possible: dict[str, set[int]] = {key: set() for key in suppressed}
    for combination in itertools.product(*ranges):
        if 0 < total < 5 or visible + sum(combination) == total:
            for key, value in zip(suppressed, combination, strict=True):
                possible[key].add(value)
    return possible


@settings(max_examples=150, deadline=None)
@given(small_breakdowns)
def test_brute_force_finds_at_least_two_values_for_every_suppressed_cell(cells):
    shown = suppress_breakdown(cells)
    if set(shown) == {"other"}:
        return  # collapsed into its sum: no cell is published
    for key, values in _consistent_values(cells, shown).items():
        assert cells[key] in values
        assert len(values) >= 2, (cells, shown, key)


def _walk(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, (*path, key))
    else:
        yield path, value


# Counts of areas and organisations, not of people, and the period's own numbers.
NOT_PEOPLE = {"areas", "areas_without_help", "submitting_organisations"}


def test_suppressed_figures_show_no_count_from_one_to_four(helper, casemanager):
    for area in ("3511", "3511", "3512", "4501", "4501", "4501", "4501", "4501", "4501"):
        case = factories.submitted_case(by=helper, postcode_area=area, themes=["invordering"])
    case_decide(case=case, actor=casemanager, decision="accept")
    today = date.today()
    exact = monitor_figures(today.replace(day=1), today)
    shown = suppress_figures(exact)

    for path, value in _walk(shown):
        if path[-1] in NOT_PEOPLE or isinstance(value, bool):
            continue
        if isinstance(value, int):
            assert not 0 < value < 5, path
    assert shown["intake"]["total"] == 9
    # Areas with fewer than five cases are not named: 3 cases from "other" areas.
    assert shown["intake"]["by_region"] == {"4501": HIDDEN, "other": SMALL}
    assert shown["accepted"] == SMALL
    assert shown["acceptance_rate"] == HIDDEN
    assert set(shown["coverage"]["areas"]) == {"4501"}
    assert shown["suppressed"] is True
    assert "suppressed" not in exact


def test_rates_over_a_visible_base_hide_a_small_remainder(db):
    exact = _figures_with(dienst_answers={"belastingdienst": {"due": 20, "on_time": 17}})
    shown = suppress_figures(exact)
    # 17 of 20 would tell that 3 were late.
    assert shown["dienst_answers"]["belastingdienst"] == {"due": 20, "on_time": HIDDEN}
    assert shown["dienst_answers_on_time"]["belastingdienst"] == HIDDEN
    fine = suppress_figures(_figures_with(dienst_answers={"bd": {"due": 20, "on_time": 10}}))
    assert fine["dienst_answers_on_time"]["bd"] == 0.5


def test_medians_and_means_need_five_cases(db):
    exact = _figures_with(
        feedback={
            "helper": {"n": 4, "outcome_mean": 4.5, "process_mean": 4.0},
            "person": {"n": 5, "outcome_mean": 3.2, "process_mean": 3.0},
        }
    )
    shown = suppress_figures(exact)
    assert shown["feedback"]["helper"] == {
        "n": SMALL,
        "outcome_mean": HIDDEN,
        "process_mean": HIDDEN,
    }
    assert shown["feedback"]["person"] == {"n": 5, "outcome_mean": 3.2, "process_mean": 3.0}


def _figures_with(**overrides) -> dict:
    """The figures of an empty period, with some groups replaced."""
    exact = monitor_figures(date(2020, 1, 1), date(2020, 1, 31))
    exact.update(overrides)
    return exact


def test_every_breakdown_of_a_published_total_is_suppressed_as_one(db):
    """The provinces of the coverage are the intake's cells by province, and the answers per
    Dienst add up to all answers: both take complementary suppression, not only "<5"."""
    exact = _figures_with(
        intake={
            "total": 12,
            "by_dienst": {},
            "by_theme": {},
            "by_region": {"3511": 9, "9711": 3},
            "by_province": {"UT": 9, "GR": 3},
            "by_source": {},
        },
        time_to_dienst_answer={
            "n": 11,
            "median_days": 4.0,
            "p90_days": 9.0,
            "by_dienst": {
                "belastingdienst": {"n": 8, "median_days": 4.0, "p90_days": 8.0},
                "toeslagen": {"n": 3, "median_days": 6.0, "p90_days": 9.0},
            },
        },
    )
    exact["coverage"]["provinces"]["UT"].update(cases=9, areas=1, cases_without_help=7)
    exact["coverage"]["provinces"]["GR"].update(cases=3, areas=1)
    shown = suppress_figures(exact)
    assert shown["intake"]["by_province"] == {"UT": HIDDEN, "GR": SMALL}
    assert shown["coverage"]["provinces"]["UT"]["cases"] == HIDDEN
    assert shown["coverage"]["provinces"]["GR"]["cases"] == SMALL
    # 7 of 9 without help would tell that 2 had help.
    assert shown["coverage"]["provinces"]["UT"]["cases_without_help"] == HIDDEN
    by_dienst = shown["time_to_dienst_answer"]["by_dienst"]
    assert (by_dienst["belastingdienst"]["n"], by_dienst["toeslagen"]["n"]) == (HIDDEN, SMALL)
