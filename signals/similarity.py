"""Suggestions by text similarity (DESIGN.md §5): for a case, the open signals and the other
open cases it most resembles; for a signal, the cases not yet linked that resemble it.

On PostgreSQL one score, in SQL, from two measures:

- Dutch full-text search: the stored, GIN-indexed search document (cases/search.py: the
  title or summary weighted A, the description B) against the Dutch lexemes of the other
  text (``to_tsvector('dutch', ...)``: stemmed, stop words out) joined with OR, without the
  lexemes that a large share of all documents contain (``common_lexemes``), ranked with
  ``ts_rank`` normalised to 0..1 (``rank / (rank + 1)``);
- ``pg_trgm`` similarity of the two titles (signal title, case summary), 0..1, which
  catches spelling variants and compound words that stemming misses.

``score = FULLTEXT_WEIGHT * rank + TRIGRAM_WEIGHT * similarity``, in two stages: the rows
that match the text search (GIN index) are ranked by text, and the best ``CANDIDATES`` of
them get the title similarity and the final score. The weights were chosen on the labelled
set in tests/data/signal_suggestions.json (docs/benchmarks.md).

On SQLite (the embedded demo database) there is neither: a simpler word match (shared
word stems over the union, the title counted twice) over a bounded set of recent rows.
``method()`` says which one ran, and the pages and the API say so.
"""

import math
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus
from cases.search import CONFIG
from cases.status import OPEN_STATUSES

from .models import Signal, SignalCase
from .status import OPEN_SIGNAL_STATUSES

FULLTEXT = "fulltext"
WORDS = "words"
METHOD_LABELS = {
    FULLTEXT: _("Gelijkenis volgens Nederlandse full-text search en trigrammen (PostgreSQL)."),
    WORDS: _(
        "Eenvoudige woordvergelijking (SQLite, demo): minder nauwkeurig dan de full-text "
        "search van PostgreSQL in productie."
    ),
}

FULLTEXT_WEIGHT = 0.7
TRIGRAM_WEIGHT = 0.3
# ts_rank's normalisation 32: rank / (rank + 1), so the rank is 0..1 like the similarity.
RANK_NORMALISATION = 32
# A suggestion below this score is noise, not a resemblance.
MIN_SCORE = 0.05
# Words of the query text; a longer text adds little but costs time on every row.
MAX_QUERY_WORDS = 60
# Lexemes in more than this share of the documents of a table of at least PRUNE_FROM_ROWS
# rows are left out of the query (common_lexemes).
COMMON_SHARE = 0.05
PRUNE_FROM_ROWS = 10_000
COMMON_CACHE_SECONDS = 600
# How many of the best rows by text rank get their title similarity computed.
CANDIDATES = 200
# SQLite: how many of the most recent rows the word match compares with.
WORDS_CANDIDATES = 2000

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    obj: Signal | Case
    score: float


def method() -> str:
    return FULLTEXT if connection.vendor == "postgresql" else WORDS


def method_label(name: str | None = None) -> str:
    return str(METHOD_LABELS[name or method()])


def case_text(case: Case) -> tuple[str, str]:
    return case.summary, f"{case.summary} {case.description}"


def signal_text(signal: Signal) -> tuple[str, str]:
    return signal.title, f"{signal.title} {signal.description} {signal.regulation}"


def _words(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        seen.setdefault(word, None)
    return list(seen)


def _lexemes(text: str) -> list[str]:
    """The Dutch lexemes of ``text`` (stemmed, stop words out), in order: one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [CONFIG, text])
        return list(cursor.fetchone()[0] or [])


def common_lexemes(table: str) -> frozenset[str]:
    """Lexemes in more than ``COMMON_SHARE`` of a large table's documents, from the
    planner's statistics (``pg_stats.most_common_elems``, kept by ANALYZE): a word that half
    of all cases contain says nothing about which cases are alike, yet it would make every
    one of them a candidate to rank. Small tables (below ``PRUNE_FROM_ROWS``) keep every
    word. Cached for ``COMMON_CACHE_SECONDS``."""
    key = f"signals:common-lexemes:{table}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs
            FROM pg_class c
            LEFT JOIN pg_stats s
              ON s.tablename = c.relname AND s.attname = 'search_document'
             AND s.schemaname = current_schema()
            WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace
            """,
            [table],
        )
        row = cursor.fetchone()
    common = frozenset()
    if row and row[0] >= PRUNE_FROM_ROWS and row[1]:
        common = frozenset(
            lex for lex, share in zip(row[1], row[2], strict=False) if share > COMMON_SHARE
        )
    cache.set(key, common, COMMON_CACHE_SECONDS)
    return common


def _or_query(lexemes: list[str]) -> SearchQuery | None:
    if not lexemes:
        return None
    # The lexemes are already Dutch stems: OR them as they are ('simple' does not stem again).
    quoted = " | ".join("'" + lex.replace("'", "''") + "'" for lex in lexemes)
    return SearchQuery(quoted, config="simple", search_type="raw")


def _queries(text: str, *, table: str) -> tuple[SearchQuery | None, SearchQuery | None]:
    """(which rows to consider, how to rank them): the rarer lexemes pick the candidates
    through the GIN index, all lexemes rank them."""
    lexemes = _lexemes(text)[:MAX_QUERY_WORDS]
    common = common_lexemes(table)
    full = _or_query(lexemes)
    rare = _or_query([lex for lex in lexemes if lex not in common])
    return rare or full, full


def _ranked(qs: QuerySet, *, title_field: str, title: str, text: str, limit: int) -> list:
    if method() == WORDS:
        return _ranked_by_words(qs, title_field=title_field, title=title, text=text, limit=limit)
    select, rank_by = _queries(text, table=qs.model._meta.db_table)
    if rank_by is None:
        return []
    rank = SearchRank(F("search_document"), rank_by, normalization=RANK_NORMALISATION)
    # Stage 1: the best CANDIDATES by text rank, from the GIN index. Stage 2: the title's
    # trigram similarity for those only; computed over every row (or as a `%` filter) it
    # costs seconds at 100,000 cases (docs/benchmarks.md).
    candidates = (
        qs.filter(search_document=select)
        .annotate(rank=rank)
        .order_by("-rank", "-pk")
        .values("pk")[:CANDIDATES]
    )
    similarity = (
        Cast(TrigramSimilarity(title_field, title), FloatField())
        if title.strip()
        else Value(0.0, output_field=FloatField())
    )
    rows = (
        qs.filter(pk__in=candidates)
        .annotate(rank=rank, similarity=similarity)
        .annotate(score=FULLTEXT_WEIGHT * F("rank") + TRIGRAM_WEIGHT * F("similarity"))
        .order_by("-score", "-pk")[:limit]
    )
    # MIN_SCORE applies to the few rows returned, not in SQL: there it would compute the
    # score of every candidate twice.
    return [
        Suggestion(obj=row, score=round(row.score, 3)) for row in rows if row.score >= MIN_SCORE
    ]


# --- SQLite: a simpler word match -----------------------------------------------------------

# Frequent Dutch words that say nothing about the problem.
_STOP = frozenset(
    [
        "aan",
        "als",
        "ben",
        "bij",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "haar",
        "heb",
        "heeft",
        "het",
        "hem",
        "hen",
        "hij",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kon",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "na",
        "naar",
        "niet",
        "nog",
        "nu",
        "of",
        "om",
        "ons",
        "ook",
        "op",
        "over",
        "te",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
    ]
)


def _stems(text: str) -> set[str]:
    # A crude stemmer: the first six letters ("terugvordering", "teruggevorderd" differ,
    # "verrekening" and "verrekend" agree), enough to show the idea on a demo.
    return {w[:6] for w in _words(text) if w not in _STOP}


def _word_score(title_a: set[str], text_a: set[str], title_b: set[str], text_b: set[str]):
    if not text_a or not text_b:
        return 0.0
    shared = len(text_a & text_b) + len(title_a & title_b)
    return shared / math.sqrt((len(text_a) + len(title_a)) * (len(text_b) + len(title_b)))


def _ranked_by_words(qs: QuerySet, *, title_field: str, title: str, text: str, limit: int):
    title_a, text_a = _stems(title), _stems(text)
    rows = list(qs.order_by("-pk")[:WORDS_CANDIDATES])
    scored = []
    for row in rows:
        row_title, row_text = signal_text(row) if isinstance(row, Signal) else case_text(row)
        score = _word_score(title_a, text_a, _stems(row_title), _stems(row_text))
        if score >= MIN_SCORE:
            scored.append(Suggestion(obj=row, score=round(score, 3)))
    scored.sort(key=lambda s: (-s.score, -s.obj.pk))
    return scored[:limit]


# --- the three questions ----------------------------------------------------------------------


def signals_like_case(case: Case, *, limit: int = 5, exclude_linked: bool = True):
    """The open signals that ``case`` most resembles, best first."""
    qs = Signal.objects.filter(status__in=OPEN_SIGNAL_STATUSES).only(
        "pk", "title", "description", "regulation", "status"
    )
    if exclude_linked:
        qs = qs.exclude(Exists(SignalCase.objects.filter(signal=OuterRef("pk"), case=case)))
    title, text = case_text(case)
    return _ranked(qs, title_field="title", title=title, text=text, limit=limit)


def cases_like_case(case: Case, *, limit: int = 5):
    """Other open cases that ``case`` most resembles, best first."""
    qs = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .exclude(pk=case.pk)
        .only("pk", "reference", "summary", "description", "status")
    )
    title, text = case_text(case)
    return _ranked(qs, title_field="summary", title=title, text=text, limit=limit)


def cases_like_signal(signal: Signal, *, limit: int = 10):
    """Submitted cases not yet linked to ``signal`` that resemble it, best first."""
    qs = (
        Case.objects.exclude(status=CaseStatus.DRAFT)
        .exclude(Exists(SignalCase.objects.filter(signal=signal, case=OuterRef("pk"))))
        .only("pk", "reference", "summary", "description", "status", "submitted_at")
    )
    title, text = signal_text(signal)
    return _ranked(qs, title_field="summary", title=title, text=text, limit=limit)
