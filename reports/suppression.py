"""Small-cell suppression (DESIGN.md §5 "Small cells"): the one way every figure that
analysts or the public see, and every export and report, leaves the application.

``suppress_figures(figures)`` takes the exact figures of ``reports.figures.monitor_figures``
and returns the same shape with:

- every count from 1 to 4 replaced by ``SMALL`` ("<5"); 0 and 5 or more stay as they are;
- 4-digit postcode areas with fewer than 5 cases not named: their cases are added up as
  ``OTHER_AREAS`` (in the intake by area and in the coverage);
- complementary suppression in every breakdown (``suppress_breakdown``): when a breakdown
  has hidden cells, more cells are hidden (the smallest of 5 or more first, shown as
  ``HIDDEN``, "x" as Statistics Netherlands writes it) until no hidden cell can be worked
  out from the breakdown's sum and the visible cells. Where even hiding every non-zero cell
  of 5 or more leaves a hidden cell determined (5 and 1 out of 6), all non-zero cells of
  that breakdown are shown as ``HIDDEN``, so the reader cannot tell which one is small; and
  where even that pins them down (five cells of 1 out of 5), the breakdown collapses into
  one cell ``OTHER`` with its sum;
- rates shown only where numerator and denominator are both shown and neither the
  numerator nor what is left of the denominator is a count from 1 to 4 (a rate over a
  visible base would give the small count away); otherwise ``HIDDEN``;
- medians, percentiles and mean scores shown only over at least 5 cases; otherwise
  ``HIDDEN`` (they do not reveal a count, but with fewer than five they describe people);
- a sum of money shown only over 0 or at least 5 cases.

Who may work out what: the reader knows the sum of each breakdown (we assume so even for
the breakdowns by Dienst and theme, where a case can count more than once), every visible
cell, that a "<5" cell is 1 to 4 and that an "x" cell is 5 or more. ``recoverable`` gives,
for a suppressed breakdown, the cells whose value that knowledge pins down; the property
tests assert it is always empty.
"""

from collections.abc import Mapping
from copy import deepcopy

SMALL = "<5"
HIDDEN = "x"
THRESHOLD = 5
# The one cell of a breakdown that could not be published cell by cell (and of the postcode
# areas with fewer than 5 cases): it adds them up.
OTHER = "other"

Cell = int | str


def is_small(n) -> bool:
    return isinstance(n, int) and 0 < n < THRESHOLD


def suppress_count(n: int) -> Cell:
    """A single count: 1 to 4 becomes "<5"."""
    return SMALL if is_small(n) else n


def _feasible(domains: list[tuple[int, int]], remainder: int) -> list[int]:
    """For each cell with the integer interval ``domains[i]``, how many of its values fit
    with the other cells in their intervals when all of them add up to ``remainder``."""
    low_all = sum(low for low, _ in domains)
    high_all = sum(high for _, high in domains)
    counts = []
    for low, high in domains:
        others_low, others_high = low_all - low, high_all - high
        fits_low = max(low, remainder - others_high)
        fits_high = min(high, remainder - others_low)
        counts.append(max(0, fits_high - fits_low + 1))
    return counts


def _safe(cells: Mapping[str, int], small: set[str], hidden: set[str]) -> bool:
    total = sum(cells.values())
    remainder = sum(cells[key] for key in small | hidden)
    domains = [(1, THRESHOLD - 1) for _ in small] + [(THRESHOLD, total) for _ in hidden]
    return all(n >= 2 for n in _feasible(domains, remainder))


def suppress_breakdown(cells: Mapping[str, int]) -> dict[str, Cell]:
    """A breakdown ``{key: count}``, suppressed with complementary suppression."""
    total = sum(cells.values())
    small = {key for key, n in cells.items() if is_small(n)}
    if not small:
        return dict(cells)
    if total < THRESHOLD:
        # The sum itself is small and shown as "<5": every cell is 1 to 4 or 0.
        return {key: suppress_count(n) for key, n in cells.items()}
    hidden: set[str] = set()
    candidates = sorted(
        (key for key, n in cells.items() if n >= THRESHOLD), key=lambda key: (cells[key], key)
    )
    while not _safe(cells, small, hidden):
        if not candidates:
            return _all_hidden(cells, total)
        hidden.add(candidates.pop(0))
    return {
        key: SMALL if key in small else HIDDEN if key in hidden else n for key, n in cells.items()
    }


def _all_hidden(cells: Mapping[str, int], total: int) -> dict[str, Cell]:
    """Every non-zero cell as "x"; and where even that pins them down (five cells of 1 out
    of 5), the breakdown collapses into one cell ``OTHER`` that only repeats the total."""
    nonzero = [n for n in cells.values() if n]
    if all(n >= 2 for n in _feasible([(1, total)] * len(nonzero), total)):
        return {key: (HIDDEN if n else 0) for key, n in cells.items()}
    return {OTHER: total}


def recoverable(cells: Mapping[str, int], shown: Mapping[str, Cell]) -> set[str]:
    """The suppressed cells of ``shown`` whose value follows from the breakdown's sum (when
    it is published, i.e. 0 or at least 5), the visible cells and the meaning of the marks."""
    total = sum(cells.values())
    suppressed = [key for key, value in shown.items() if isinstance(value, str)]
    if not suppressed or is_small(total):
        return set()
    remainder = total - sum(value for value in shown.values() if isinstance(value, int))
    everything_hidden = all(shown[key] == HIDDEN for key in suppressed) and any(
        is_small(cells[key]) for key in suppressed
    )
    domains = []
    for key in suppressed:
        if everything_hidden:
            # The reader cannot tell the small cells from the others here.
            domains.append((1, total))
        elif shown[key] == SMALL:
            domains.append((1, THRESHOLD - 1))
        else:
            domains.append((THRESHOLD, total))
    return {key for key, n in zip(suppressed, _feasible(domains, remainder), strict=True) if n < 2}


def _rate(numerator: Cell, denominator: Cell, exact_numerator: int, exact_denominator: int):
    if not isinstance(numerator, int) or not isinstance(denominator, int) or not denominator:
        return HIDDEN if exact_denominator else None
    if is_small(exact_denominator - exact_numerator):
        return HIDDEN
    return round(exact_numerator / exact_denominator, 4)


def _spread(row: dict, n: Cell | None = None) -> dict:
    """n, median and p90 of a group: the spread only over at least 5 cases."""
    enough = row["n"] >= THRESHOLD
    return {
        "n": suppress_count(row["n"]) if n is None else n,
        "median_days": row["median_days"] if enough or not row["n"] else HIDDEN,
        "p90_days": row["p90_days"] if enough or not row["n"] else HIDDEN,
    }


# Areas with fewer than 5 cases are not named at all: that someone from a small area came to
# us is itself a small cell. Their cases are added up under this key.
OTHER_AREAS = OTHER


def _areas(cells: Mapping[str, int]) -> dict[str, int]:
    merged = {area: n for area, n in cells.items() if not is_small(n)}
    small = sum(n for n in cells.values() if is_small(n))
    if small:
        merged[OTHER_AREAS] = small
    return merged


def _intake(exact: dict) -> dict:
    shown = {"total": suppress_count(exact["total"])}
    for name, cells in exact.items():
        if name == "by_region":
            shown[name] = suppress_breakdown(_areas(cells))
        elif name.startswith("by_"):
            shown[name] = suppress_breakdown(cells)
    return shown


def suppress_figures(figures: dict) -> dict:
    """The monitor's figures as analysts, exports, reports and the public may see them."""
    exact = figures
    out = deepcopy(figures)

    intake = _intake(exact["intake"])
    out["intake"] = intake
    out["coverage"]["areas"] = {
        area: {**row, "cases": intake["by_region"][area]}
        for area, row in exact["coverage"]["areas"].items()
        if area in intake["by_region"]
    }
    for code, row in out["coverage"]["provinces"].items():
        # The province's cases are its cell of the intake by province (suppressed with the
        # others there); those from areas without help and the rest are a breakdown of it.
        exact_row = exact["coverage"]["provinces"][code]
        split = suppress_breakdown(
            {
                "without": exact_row["cases_without_help"],
                "with": exact_row["cases"] - exact_row["cases_without_help"],
            }
        )
        row["cases"] = intake["by_province"].get(code, 0)
        row["cases_without_help"] = _cell(split, "without")

    decisions = suppress_breakdown(
        {key: exact[key] for key in ("accepted", "referred", "declined")}
    )
    out.update(decisions)
    out["decisions"] = suppress_count(exact["decisions"])
    for rate, key in (("acceptance_rate", "accepted"), ("referral_rate", "referred")):
        out[rate] = _rate(out[key], out["decisions"], exact[key], exact["decisions"])
    out["time_to_triage"] = _spread(exact["time_to_triage"], n=out["decisions"])

    closed = exact["closed"]
    out["closed"] = {
        "total": suppress_count(closed["total"]),
        "by_outcome": suppress_breakdown(closed["by_outcome"]),
    }
    cycle = exact["cycle_time"]
    bands = suppress_breakdown({band: row["n"] for band, row in cycle["by_band"].items()})
    out["cycle_time"] = {
        **_spread(cycle, n=out["closed"]["total"]),
        "by_band": {
            band: _spread(row, n=_cell(bands, band)) for band, row in cycle["by_band"].items()
        },
    }

    relief = exact["relief"]
    split = suppress_breakdown(
        {"relieved": relief["relieved"], "other": relief["handled"] - relief["relieved"]}
    )
    handled = suppress_count(relief["handled"])
    with_amount = relief["cases_with_amount"]
    out["relief"] = {
        "handled": handled,
        "relieved": _cell(split, "relieved"),
        "rate": _rate(_cell(split, "relieved"), handled, relief["relieved"], relief["handled"]),
        "cases_with_amount": suppress_count(with_amount),
        "amount_halted": relief["amount_halted"] if not is_small(with_amount) else HIDDEN,
    }

    answer_time = exact["time_to_dienst_answer"]
    per_dienst = suppress_breakdown(
        {code: row["n"] for code, row in answer_time["by_dienst"].items()}
    )
    out["time_to_dienst_answer"] = {
        **_spread(answer_time),
        "by_dienst": {
            code: _spread(row, n=_cell(per_dienst, code))
            for code, row in answer_time["by_dienst"].items()
        },
    }

    answers, on_time = {}, {}
    for code, row in exact["dienst_answers"].items():
        split = suppress_breakdown({"on_time": row["on_time"], "late": row["due"] - row["on_time"]})
        due = suppress_count(row["due"])
        answers[code] = {"due": due, "on_time": _cell(split, "on_time")}
        on_time[code] = _rate(_cell(split, "on_time"), due, row["on_time"], row["due"])
    out["dienst_answers"] = answers
    out["dienst_answers_on_time"] = on_time

    out["freeze_requests"] = {k: suppress_count(v) for k, v in exact["freeze_requests"].items()}
    out["signals"] = {k: suppress_count(v) for k, v in exact["signals"].items()}

    commitments = exact["commitments"]
    split = suppress_breakdown({"kept": commitments["kept"], "not_kept": commitments["not_kept"]})
    ended = suppress_count(commitments["ended"])
    out["commitments"] = {
        "ended": ended,
        "kept": _cell(split, "kept"),
        "not_kept": _cell(split, "not_kept"),
        "kept_rate": _rate(_cell(split, "kept"), ended, commitments["kept"], commitments["ended"]),
    }

    out["feedback"] = {
        respondent: {
            "n": suppress_count(row["n"]),
            "outcome_mean": row["outcome_mean"] if row["n"] >= THRESHOLD else _none_or(row),
            "process_mean": row["process_mean"] if row["n"] >= THRESHOLD else _none_or(row),
        }
        for respondent, row in exact["feedback"].items()
    }
    out["suppressed"] = True
    return out


def _cell(shown: dict, key: str) -> Cell:
    """A cell of a suppressed breakdown; "x" where the breakdown collapsed into its sum."""
    return shown.get(key, HIDDEN)


def _none_or(row: dict):
    return HIDDEN if row["n"] else None
