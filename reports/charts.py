"""Charts of the monitor as SVG drawn on the server with pygal (docs/architecture.md says
why): no JavaScript in the browser, the same file in the page and in the PDF.

A chart is an ``<img>`` with a ``data:`` URI, which the strict Content-Security-Policy
allows (inline ``<svg>`` would bring its own ``<style>``, which it does not), with a short
alternative text; the numbers are in the table beside it. A suppressed cell ("<5", "x")
is drawn as no bar; the table says why.
"""

import base64
import re
import sys

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from .tables import RATE, Table

# pygal puts a finder for its map plug-ins on sys.meta_path that only has the legacy
# find_module, so Python warns (an ImportWarning) on every import after it. We draw no maps:
# take it off again.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#595959",
    opacity="1",
    opacity_hover="1",
    # Rijkshuisstijl-like: dark blue for this period, a lighter grey-blue for the previous.
    colors=("#154273", "#8fa8c8"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
)


def _number(value, kind: str) -> float | None:
    if isinstance(value, str) or value is None:
        return None
    return round(float(value) * 100, 1) if kind == RATE else float(value)


def chart_svg(table: Table) -> str:
    """The SVG document of ``table``'s chart (this period beside the previous one)."""
    now_column, before_column = table.chart_columns
    kind = table.columns[now_column].kind
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        width=720,
        height=max(180, 70 + 46 * len(table.rows)),
        show_legend=True,
        legend_at_bottom=True,
        print_values=True,
        print_values_position="top",
        value_formatter=(lambda v: f"{v:.1f}%".replace(".", ",")) if kind == RATE else _plain,
        margin=12,
        truncate_label=-1,
        show_y_guides=False,
        pretty_print=False,
        no_data_text=_("Geen gegevens"),
    )
    chart.x_labels = [str(row[0]) for row in table.rows]
    chart.add(
        str(table.columns[now_column].label),
        [_number(row[now_column], kind) for row in table.rows],
    )
    chart.add(
        str(table.columns[before_column].label),
        [_number(row[before_column], kind) for row in table.rows],
    )
    # pygal writes its tooltip configuration as a script; an image runs none, so leave it out.
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _plain(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def chart_data_uri(table: Table) -> str:
    svg = chart_svg(table)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def with_charts(tables: list[Table]) -> list[Table]:
    for table in tables:
        if table.chart and table.rows:
            table.svg = chart_data_uri(table)
    return tables
