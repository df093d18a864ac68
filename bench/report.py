"""bench/results.json into the table of docs/benchmarks.md (between the bench:table
markers), and locust's CSV into numbers."""

import csv
from pathlib import Path

START = "<!-- bench:table:start -->"
END = "<!-- bench:table:end -->"
PLANS_START = "<!-- bench:plans:start -->"
PLANS_END = "<!-- bench:plans:end -->"
PLAN_LINES = 30


def locust_stats(path: Path) -> dict:
    """Per request name: count, failures, p50 and p95 in ms (locust's own percentiles)."""
    if not path.exists():
        return {"error": f"locust wrote no {path.name}"}
    stats = {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "rps": round(float(row["Requests/s"] or 0), 1),
            }
    return stats


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _verdict(ok: bool) -> str:
    return "holds" if ok else "**does not hold**"


def rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    """(measure, result, floor, ratio, target and verdict) per row."""
    out = []
    n = f"{results['cases']:,}"
    for key, label in (
        ("queue", f"`GET /triage/` at {n}"),
        ("queue_filtered", f"`GET /triage/?dienst=toeslagen&theme=box-3` at {n}"),
        ("queue_duplicate", f"`GET /triage/?duplicate=on` at {n}"),
    ):
        r = results.get(key)
        if not r:
            continue
        page, floor = r["page"], r["floor"]
        if key == "queue":
            target = "≤ 2× floor, p50 and p95"
            ok = r["ratio_p50"] <= 2 and r["ratio_p95"] <= 2
        else:
            target = "≤ 100 ms p50"
            ok = page["p50_ms"] <= 100
        out.append(
            (
                label,
                f"p50 {_ms(page['p50_ms'])}, p95 {_ms(page['p95_ms'])}; {r['queries']} queries, "
                f"{_ms(r['sql_ms_total'])} in SQL",
                f"p50 {_ms(floor['p50_ms'])}, p95 {_ms(floor['p95_ms'])}",
                f"{r['ratio_p50']}× / {r['ratio_p95']}×",
                f"{target}: {_verdict(ok)}",
            )
        )
    r = results.get("intake")
    if r:
        ok = r["queries"] <= 15 and r["share_of_floor"] >= 0.25
        out.append(
            (
                "intake `POST /api/v1/cases/`",
                f"{r['queries']} queries, {_ms(r['in_process']['p50_ms'])} in process; "
                f"{r['rps']:,.0f} req/s under gunicorn",
                f"bare one-row insert: {r['floor_rps']:,.0f} req/s",
                f"{r['share_of_floor']:.1%} of the floor",
                f"≤ 15 queries, ≥ 25 %: {_verdict(ok)}",
            )
        )
    r = results.get("preview")
    if r:
        out.append(
            (
                f"criteria preview on the latest 10,000 of {n}",
                f"p50 {_ms(r['preview']['p50_ms'])}",
                f"its main query: {_ms(r['floor']['p50_ms'])}",
                f"{r['ratio_p50']}×",
                f"≤ 300 ms: {_verdict(r['preview']['p50_ms'] <= 300)}",
            )
        )
    r = results.get("reminders")
    if r:
        smtp = r["smtp"]
        out.append(
            (
                f"reminder sweep, {r['due']:,} due among {r['open_deadlines']:,} open deadlines",
                f"find p50 {_ms(r['find']['p50_ms'])}; sweep {_ms(r['sweep_locmem_ms'])} "
                f"(in-memory mail); {smtp['emails']:,} reminders by SMTP in {smtp['seconds']} s "
                f"({smtp['received']:,} received)",
                f"plain smtplib, same 10,000: {smtp['floor_seconds']} s",
                f"{smtp['ratio']}×",
                f"SMTP ≤ 60 s per worker: {_verdict(smtp['seconds'] <= 60)}",
            )
        )
    load = results.get("load")
    if load and "product" in load:
        product, floor = load["product"], load.get("floor", {})
        pages = [name for name in product if name != "Aggregated"]
        errors = sum(product[name]["failures"] for name in pages)
        worst = max(product[name]["p95_ms"] for name in pages) if pages else 0
        detail = "; ".join(
            f"{name} p50 {_ms(product[name]['p50_ms'])} p95 {_ms(product[name]['p95_ms'])}"
            for name in pages
        )
        floor_detail = "; ".join(
            f"{name} p95 {_ms(floor[name]['p95_ms'])}" for name in pages if name in floor
        )
        agg, agg_floor = product.get("Aggregated", {}), floor.get("Aggregated", {})
        ratio = (
            f"{agg['p95_ms'] / agg_floor['p95_ms']:.1f}× (all requests, p95)"
            if agg and agg_floor and agg_floor.get("p95_ms")
            else "—"
        )
        out.append(
            (
                "load: 50 users × 60 s, 1–3 s think time, mixed, loopback",
                f"{errors} errors; {detail}",
                floor_detail or "—",
                ratio,
                f"0 errors, p95 < 500 ms: {_verdict(errors == 0 and worst < 500)}",
            )
        )
    return out


def _runs_note(results: dict) -> list[str]:
    runs = results.get("row_runs", {})
    if len(set(runs.values())) <= 1:
        return []
    when = "; ".join(f"{row}: {moment[:16].replace('T', ' ')}" for row, moment in runs.items())
    return [
        f"Rows measured in more than one run (`BENCH_ONLY`), each with its own floor: {when}.",
        "",
    ]


def table(results: dict) -> str:
    lines = [
        START,
        f"Run of {results.get('finished', '')[:16].replace('T', ' ')} UTC on "
        f"{results['total_cases']:,} cases; gunicorn {results['gunicorn']['workers']} "
        f"workers × {results['gunicorn']['threads']} threads. Written by `make bench` "
        "(bench/report.py) from bench/results.json.",
        "",
        *_runs_note(results),
        "| measure | result | floor (same run) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows(results)]
    lines.append(END)
    return "\n".join(lines)


def _plan(entry: dict) -> list[str]:
    lines = entry["plan"].splitlines()
    cut = lines[:PLAN_LINES] + (["  …"] if len(lines) > PLAN_LINES else [])
    return ["```", *cut, "```"]


def plans(results: dict) -> str:
    """Before and after, per page: the plans bench/plans.py recorded in this run."""
    out = [PLANS_START, f"Recorded by the same run ({results['total_cases']:,} cases)."]
    sections = (
        ("queue", "`GET /triage/`", ("the page", "its total (COUNT)", "its counts per band")),
        (
            "queue_filtered",
            "`GET /triage/?dienst=toeslagen&theme=box-3`",
            ("the page (join + DISTINCT)", "its total (COUNT)", "its counts per band"),
        ),
        (
            "queue_duplicate",
            "`GET /triage/?duplicate=on`",
            ("the page (the check per row)", "its bounded count (the check per row)"),
        ),
    )
    for key, title, labels in sections:
        row = results.get(key)
        if not row:
            continue
        out += ["", f"#### {title}", "", "Before (the queries it ran before issue 12):"]
        for label, entry in zip(labels, row.get("before", []), strict=False):
            out += ["", f"{label}: {entry['ms']} ms", "", *_plan(entry)]
        out += ["", f"After: the page's main query, {row['main_query']['ms']} ms", ""]
        out += _plan(row["main_query"])
        slow = sorted(row["sql"], key=lambda q: -q["ms"])[:3]
        out += ["", "After: its slowest queries, " + ", ".join(f"{q['ms']} ms" for q in slow)]
        for entry in slow[1:]:
            out += ["", *_plan(entry)]
    row = results.get("preview")
    if row:
        out += [
            "",
            "#### Criteria preview, the latest 10,000",
            "",
            f"Before (without `case_submitted_idx`): {row['before']['ms']} ms",
            "",
            *_plan(row["before"]),
            "",
            f"After: {row['main_query']['ms']} ms",
            "",
            *_plan(row["main_query"]),
        ]
    out.append(PLANS_END)
    return "\n".join(out)


def _replace(text: str, start: str, end: str, block: str) -> str:
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        return before + block + after
    return text.rstrip() + "\n\n" + block + "\n"


def write_table(results: dict, path: Path) -> None:
    text = path.read_text()
    text = _replace(text, START, END, table(results))
    text = _replace(text, PLANS_START, PLANS_END, plans(results))
    path.write_text(text)


if __name__ == "__main__":
    # Regenerate the docs from the last run's results: python bench/report.py
    import json

    root = Path(__file__).resolve().parent.parent
    results = json.loads((root / "bench" / "results.json").read_text())
    write_table(results, root / "docs" / "benchmarks.md")
