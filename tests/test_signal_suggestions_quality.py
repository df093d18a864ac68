"""How good the suggestions are, on a labelled set (tests/data/signal_suggestions.json):
eight open signals and 45 case texts that each belong to one of them.

- precision@1: the share of cases whose best suggested signal is the right one;
- recall@3: the share of cases whose right signal is among the first three suggestions.

The floors are what the suggestions reach today (docs/benchmarks.md, with the command): a
change that makes them worse fails here. Run with ``-s`` to see the figures.
"""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from cases.models import Case, Theme
from signals import services, similarity
from signals.models import Signal

from . import factories

DATA = json.loads((Path(__file__).parent / "data" / "signal_suggestions.json").read_text())

# Reached on PostgreSQL (full-text search + trigrams: 50/52 and 51/52) and on SQLite (the
# word match: 51/52 and 51/52); one case less fails.
FLOORS = {
    similarity.FULLTEXT: {"precision@1": 0.96, "recall@3": 0.98},
    similarity.WORDS: {"precision@1": 0.98, "recall@3": 0.98},
}


def load_labelled_set(helper, casemanager):
    signals = {}
    for row in DATA["signals"]:
        signals[row["key"]] = services.signal_submit(
            user=casemanager,
            title=row["title"],
            description=row["description"],
            regulation=row["regulation"],
            diensten=[factories.dienst(code) for code in row["diensten"]],
            themes=list(Theme.objects.filter(code__in=row["themes"])),
            source=Signal.Source.OWN_RESEARCH,
        )
    cases = [
        (
            factories.submitted_case(
                by=helper, summary=row["summary"], description=row["description"]
            ),
            row["signal"],
        )
        for row in DATA["cases"]
    ]
    return signals, cases


def evaluate(signals, cases) -> dict[str, float]:
    hits_at_1 = hits_at_3 = 0
    for case, key in cases:
        ranked = [s.obj.pk for s in similarity.signals_like_case(case, limit=3)]
        right = signals[key].pk
        hits_at_1 += ranked[:1] == [right]
        hits_at_3 += right in ranked
    return {
        "precision@1": round(hits_at_1 / len(cases), 3),
        "recall@3": round(hits_at_3 / len(cases), 3),
    }


def test_the_labelled_set_is_big_enough():
    assert len(DATA["signals"]) >= 8 and len(DATA["cases"]) >= 40
    keys = {row["key"] for row in DATA["signals"]}
    assert {row["signal"] for row in DATA["cases"]} == keys


@pytest.mark.django_db
def test_suggestions_reach_their_precision_and_recall(helper, casemanager):
    signals, cases = load_labelled_set(helper, casemanager)
    figures = evaluate(signals, cases)
    print(
        f"\nsuggestions ({similarity.method()}, {len(cases)} cases, {len(signals)} signals): {figures}"
    )
    floor = FLOORS[similarity.method()]
    assert figures["precision@1"] >= floor["precision@1"], figures
    assert figures["recall@3"] >= floor["recall@3"], figures


def test_words_most_cases_contain_are_left_out_of_the_query_on_a_large_table(
    postgres, helper, casemanager, monkeypatch
):
    common = "Belastingdienst stuurt brieven."
    for n in range(30):
        factories.submitted_case(by=helper, summary=f"Casus {n}", description=common)
    box3 = factories.submitted_case(
        by=helper, summary="Box 3 over spaargeld", description=f"{common} Fictief rendement box 3."
    )
    signal = services.signal_submit(
        user=casemanager,
        title="Box 3 heffing op spaargeld",
        description="De Belastingdienst rekent met een fictief rendement.",
        diensten=[factories.dienst()],
        source=Signal.Source.OWN_RESEARCH,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
    monkeypatch.setattr(similarity, "PRUNE_FROM_ROWS", 1)
    cache.clear()
    left_out = similarity.common_lexemes(Case._meta.db_table)
    assert {"belastingdienst", "stuurt"} <= left_out
    found = similarity.cases_like_signal(signal, limit=3)
    assert [s.obj for s in found] == [box3]
