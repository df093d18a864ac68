"""The triage score (DESIGN.md §4), as a pure function, including property-based tests."""

from hypothesis import given
from hypothesis import strategies as st

from triage.scoring import CriterionSpec, score

DEFAULT = [
    CriterionSpec("in_mandate", 0, "gate"),
    CriterionSpec("first_line_tried", 0, "gate"),
    CriterionSpec("parallel_procedure", 0, "flag"),
    CriterionSpec("imminent_enforcement", 5, "urgent"),
    CriterionSpec("subsistence_at_risk", 4, "urgent"),
    CriterionSpec("long_term_harm", 4, "scored"),
    CriterionSpec("business_continuity", 3, "scored"),
    CriterionSpec("dienst_deadline_missed", 3, "scored"),
    CriterionSpec("remedy_deadline_near", 3, "scored"),
    CriterionSpec("vulnerable", 3, "scored"),
    CriterionSpec("disproportionate_outcome", 3, "scored"),
    CriterionSpec("systemic_impact", 2, "scored"),
]
KEYS = [c.key for c in DEFAULT]
GATES = {"in_mandate": True, "first_line_tried": True}
answers_strategy = st.dictionaries(st.sampled_from(KEYS), st.booleans())


def test_score_is_the_sum_of_weights_answered_yes():
    result = score({**GATES, "long_term_harm": True, "vulnerable": True}, DEFAULT)
    assert result.score == 7
    assert {c["key"]: c["points"] for c in result.contributions}["vulnerable"] == 3


def test_urgent_criterion_in_mandate_makes_the_band_urgent_and_suggests_accept():
    result = score({**GATES, "imminent_enforcement": True}, DEFAULT)
    assert (result.band, result.suggestion) == ("urgent", "accept")


def test_urgent_but_out_of_mandate_is_not_urgent_and_suggests_referral():
    result = score(
        {"in_mandate": False, "first_line_tried": True, "imminent_enforcement": True}, DEFAULT
    )
    assert result.band == "normal"
    assert result.suggestion == "refer"


def test_first_line_not_tried_but_urgent_is_not_referred():
    result = score(
        {"in_mandate": True, "first_line_tried": False, "subsistence_at_risk": True}, DEFAULT
    )
    assert (result.band, result.suggestion) == ("urgent", "accept")


def test_first_line_not_tried_and_not_urgent_suggests_referral():
    result = score({"in_mandate": True, "first_line_tried": False, "long_term_harm": True}, DEFAULT)
    assert result.suggestion == "refer"


def test_missing_gate_answer_counts_as_no():
    assert score({"in_mandate": True, "long_term_harm": True}, DEFAULT).suggestion == "refer"


def test_bands_follow_the_thresholds():
    assert (
        score(
            {**GATES, "long_term_harm": True, "vulnerable": True, "business_continuity": True},
            DEFAULT,
        ).band
        == "high"
    )  # 10
    assert (
        score(
            {**GATES, "long_term_harm": True, "systemic_impact": True, "business_continuity": True},
            DEFAULT,
        ).band
        == "high"
    )  # 9
    assert (
        score({**GATES, "long_term_harm": True, "systemic_impact": True}, DEFAULT).band == "normal"
    )  # 6
    assert (
        score({**GATES, "vulnerable": True, "systemic_impact": True}, DEFAULT).band == "normal"
    )  # 5
    assert score({**GATES, "long_term_harm": True}, DEFAULT).band == "low"  # 4


def test_suggestion_accept_from_six_points_otherwise_decide():
    assert (
        score({**GATES, "vulnerable": True, "business_continuity": True}, DEFAULT).suggestion
        == "accept"
    )  # 6
    assert (
        score({**GATES, "vulnerable": True, "systemic_impact": True}, DEFAULT).suggestion
        == "decide"
    )  # 5


def test_flag_is_reported_but_scores_nothing():
    result = score({**GATES, "parallel_procedure": True}, DEFAULT)
    assert result.flags == ["parallel_procedure"]
    assert result.score == 0


def test_contributions_list_every_criterion_with_its_answer():
    result = score({"in_mandate": True, "vulnerable": False}, DEFAULT)
    by_key = {c["key"]: c for c in result.contributions}
    assert set(by_key) == set(KEYS)
    assert by_key["in_mandate"]["answer"] is True
    assert by_key["vulnerable"]["answer"] is False
    assert by_key["long_term_harm"]["answer"] is None


@given(answers_strategy, st.sampled_from([c.key for c in DEFAULT if c.weight > 0]))
def test_answering_an_extra_scored_criterion_yes_never_lowers_the_score(answers, key):
    before = score({**answers, key: False}, DEFAULT)
    after = score({**answers, key: True}, DEFAULT)
    assert after.score >= before.score


@given(answers_strategy)
def test_band_always_follows_the_rules(answers):
    result = score(answers, DEFAULT)
    urgent = answers.get("in_mandate") is True and any(
        answers.get(k) is True for k in ("imminent_enforcement", "subsistence_at_risk")
    )
    expected = (
        "urgent"
        if urgent
        else "high"
        if result.score >= 9
        else "normal"
        if result.score >= 5
        else "low"
    )
    assert result.band == expected
    assert result.score == sum(c.weight for c in DEFAULT if answers.get(c.key) is True)


@given(answers_strategy)
def test_suggestion_always_follows_the_rules(answers):
    result = score(answers, DEFAULT)
    gate_failed = not (
        answers.get("in_mandate") is True and answers.get("first_line_tried") is True
    )
    if gate_failed and result.band != "urgent":
        assert result.suggestion == "refer"
    elif result.band == "urgent" or result.score >= 6:
        assert result.suggestion == "accept"
    else:
        assert result.suggestion == "decide"
