"""The Kamer report as a document: HTML (the page and the PDF share one template), the PDF
(WeasyPrint, tagged for accessibility as PDF/UA) and the CSV, all from the frozen snapshot.

Charts are pygal SVG, server-rendered and embedded as ``data:`` images (allowed by the CSP's
``img-src``; no script, no inline style on the page), each beside a table with its numbers.
WeasyPrint needs Pango; where it is missing, ``available()`` is False: the report is still
made, its page says the PDF is not available, and HTML and CSV work.
"""

import base64
import csv
import io
import re
from functools import cache

import pygal
from django.template.loader import render_to_string
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .charts import STYLE

# The monitor's chart style, so the report's charts look like the monitor's (importing
# reports.charts also takes pygal's legacy import hook off sys.meta_path).
_CHART_STYLE = STYLE
# pygal writes a random id and the date into every chart: replace them, so the same
# snapshot always gives the same document.
_CHART_ID = re.compile(r"chart-[0-9a-f-]{36}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@cache
def available() -> bool:
    """Whether WeasyPrint (and the Pango it loads) can be used on this machine."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def chart_uri(table: dict) -> str | None:
    """A horizontal bar chart of a breakdown (this period and the previous), as a ``data:``
    URI; None when no cell has a number to draw (all suppressed or empty)."""
    rows = table["rows"]
    now = [_number(r[1]) for r in rows]
    before = [_number(r[2]) for r in rows]
    if not any(v for v in now + before):
        return None
    chart = pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        width=640,
        height=max(160, 48 * len(rows) + 80),
        style=_CHART_STYLE,
        legend_at_bottom=True,
        print_values=False,
        show_y_guides=False,
    )
    chart.x_labels = [str(r[0]) for r in rows]
    chart.add(_("Deze periode"), now)
    chart.add(_("Vorige periode"), before)
    svg = chart.render(is_unicode=True)
    svg = _COMMENT.sub("", _CHART_ID.sub(f"chart-{table['key']}", svg))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def document_context(snapshot: dict) -> dict:
    figures = [
        {**t, "chart_uri": chart_uri(t) if t.get("chart") else None} for t in snapshot["figures"]
    ]
    return {
        "s": snapshot,
        "figures": figures,
        "period_start": parse_date(snapshot["period"]["start"]),
        "period_end": parse_date(snapshot["period"]["end"]),
        "previous_start": parse_date(snapshot["previous_period"]["start"]),
        "previous_end": parse_date(snapshot["previous_period"]["end"]),
    }


def render_pdf(snapshot: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/kamer_pdf.html", document_context(snapshot))
    # PDF/UA-1: a tagged PDF (headings, tables, reading order) with the document's title
    # and language, as far as WeasyPrint supports it.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def csv_text(snapshot: dict) -> str:
    """Every table of the report as rows of one CSV: section, subject, and the values."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("onderdeel"), _("onderwerp"), _("deze periode"), _("vorige periode")])
    for table in snapshot["figures"]:
        for label, now, before in table["rows"]:
            writer.writerow([table["title"], label, _blank(now), _blank(before)])
    writer.writerow([])
    writer.writerow([_("onderdeel"), _("soort verzoek"), _("gedaan"), _("toegekend")])
    for label, made, granted in snapshot["escalations"]["rows"]:
        writer.writerow([_("Escalaties"), label, made, granted])
    writer.writerow([])
    writer.writerow(
        [_("onderdeel"), _("signaal"), _("gekoppelde casussen"), _("geschat aantal getroffenen")]
    )
    for p in snapshot["problems"]:
        writer.writerow(
            [
                _("Ernstigste problemen"),
                p["title"],
                _blank(p["linked_cases"]),
                _blank(p["people_affected"]),
            ]
        )
    writer.writerow([])
    writer.writerow([_("onderdeel"), _("Dienst"), _("nagekomen"), _("niet nagekomen"), _("loopt")])
    for row in snapshot["report_card"]["per_dienst"]:
        writer.writerow([_("Toezeggingen"), *row])
    return out.getvalue()


def _blank(value):
    return "" if value is None else value
