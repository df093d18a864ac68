"""The monitor's figures as tables: one list of tables that the page, the CSV and the
charts all read, so a number is labelled and ordered in one place.

Each table has a key, a Dutch title, columns with a kind (how a value is written: a count,
a rate, days, a score, an amount) and rows of raw values, which are either numbers or the
suppression marks of reports.suppression ("<5", "x"). The charts (reports.charts) draw
the tables that have a ``chart``; every chart has its table beside it on the page.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Dienst, Organisation
from cases.models import Feedback, Outcome, Theme
from triage.models import Band

from .regions import PROVINCES, UNKNOWN

COUNT, RATE, DAYS, SCORE, MONEY, TEXT = "count", "rate", "days", "score", "money", "text"
# The key under which suppressed figures add up the areas with fewer than 5 cases.
OTHER = "other"
# How many 4-digit areas without local help the page lists (the CSV has them all).
AREAS_ON_PAGE = 25


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list]  # [label, value, value, ...] with one value per column after the first
    chart: str = ""  # "bar" or "" (no chart)
    # Which value column the chart draws for this period and for the previous one.
    chart_columns: tuple[int, int] = (1, 2)
    note: str = ""
    more_rows_in_csv: int = 0
    svg: str = field(default="", repr=False)

    @property
    def display_rows(self) -> list[tuple[str, list[tuple[object, str]]]]:
        """Each row as its label and its values paired with their column's kind."""
        kinds = [column.kind for column in self.columns[1:]]
        return [(row[0], list(zip(row[1:], kinds, strict=True))) for row in self.rows]


class Labels:
    """Names for the codes in the figures: two small queries, once per page."""

    def __init__(self) -> None:
        self.diensten = dict(Dienst.objects.values_list("code", "name"))
        self.themes = {theme.code: theme.name for theme in Theme.objects.all()}
        self.sources = dict(Organisation.Kind.choices)
        self.outcomes = dict(Outcome.choices)
        self.bands = dict(Band.choices)
        self.respondents = dict(Feedback.Respondent.choices)

    @staticmethod
    def unknown() -> str:
        return _("Onbekend")

    def of(self, names: dict, code: str) -> str:
        if code == UNKNOWN:
            return self.unknown()
        if code == OTHER:
            return _("Overige (afgeschermd)")
        return str(names.get(code, code))


def _get(figures: dict | None, *path, default=None):
    value = figures
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return default
        value = value[key]
    return value


def _breakdown(
    key: str,
    title: str,
    label: str,
    now: dict,
    before: dict | None,
    path: tuple,
    names,
    *,
    chart: str = "bar",
) -> Table:
    cells = _get(now, *path, default={})
    previous = _get(before, *path, default={}) or {}
    codes = list(cells) + [code for code in previous if code not in cells]
    return Table(
        key=key,
        title=title,
        columns=[Column(label), Column(_("Deze periode")), Column(_("Vorige periode"))],
        rows=[[names(code), cells.get(code, 0), previous.get(code, 0)] for code in codes],
        chart=chart,
    )


def monitor_tables(now: dict, before: dict | None, labels: Labels | None = None) -> list[Table]:
    """The tables of the monitor for ``now`` beside ``before`` (the previous period)."""
    labels = labels or Labels()
    this, prev = _("Deze periode"), _("Vorige periode")
    tables = []

    def pair(*path):
        return [_get(now, *path), _get(before, *path)]

    tables.append(
        Table(
            key="intake",
            title=_("Instroom"),
            columns=[Column(_("Wat")), Column(this), Column(prev)],
            rows=[[_("Ingediende casussen"), *pair("intake", "total")]],
        )
    )
    tables.append(
        _breakdown(
            "intake_by_source",
            _("Instroom per soort organisatie"),
            _("Soort organisatie"),
            now,
            before,
            ("intake", "by_source"),
            lambda code: labels.of(labels.sources, code),
        )
    )
    tables.append(
        _breakdown(
            "intake_by_dienst",
            _("Instroom per Dienst"),
            _("Dienst"),
            now,
            before,
            ("intake", "by_dienst"),
            lambda code: labels.of(labels.diensten, code),
        )
    )
    tables.append(
        _breakdown(
            "intake_by_theme",
            _("Instroom per thema"),
            _("Thema"),
            now,
            before,
            ("intake", "by_theme"),
            lambda code: labels.of(labels.themes, code),
        )
    )
    tables.append(
        _breakdown(
            "intake_by_province",
            _("Instroom per provincie"),
            _("Provincie"),
            now,
            before,
            ("intake", "by_province"),
            lambda code: labels.of(PROVINCES, code),
        )
    )

    provinces = _get(now, "coverage", "provinces", default={})
    tables.append(
        Table(
            key="coverage_by_province",
            title=_("Instroom en eerstelijnshulp per provincie"),
            columns=[
                Column(_("Provincie")),
                Column(_("Casussen")),
                Column(_("Postcodegebieden met instroom")),
                Column(_("Waarvan zonder hulp in de buurt")),
                Column(_("Casussen uit gebieden zonder hulp in de buurt")),
            ],
            rows=[
                [
                    labels.of(PROVINCES, code),
                    row["cases"],
                    row["areas"],
                    row["areas_without_help"],
                    row["cases_without_help"],
                ]
                for code, row in provinces.items()
            ],
            note=_(
                "Hulp in de buurt: een actieve organisatie in de gids met dit postcodegebied "
                "in haar werkgebied. Landelijke hulp telt niet mee."
            ),
        )
    )
    areas = _get(now, "coverage", "areas", default={})
    listed = [(area, row) for area, row in areas.items() if area != UNKNOWN and row["cases"] != 0]
    listed.sort(key=lambda item: (-_sortable(item[1]["cases"]), item[0]))
    tables.append(
        Table(
            key="intake_by_area",
            title=_("Instroom per postcodegebied en hulp in de buurt"),
            columns=[
                Column(_("Postcodegebied")),
                Column(_("Casussen")),
                Column(_("Hulp in de buurt"), TEXT),
                Column(_("Organisaties die er casussen indienden")),
            ],
            rows=[
                [
                    _("Overige gebieden (elk minder dan 5 casussen)") if area == OTHER else area,
                    row["cases"],
                    "" if area == OTHER else _("ja") if row["local_help"] else _("nee"),
                    row["submitting_organisations"],
                ]
                for area, row in listed
            ],
            note=_(
                "Waar de gids geen hulp in de buurt kent, ziet u hoeveel organisaties casussen "
                "uit dat gebied indienden: daar wordt nu hulp geboden. Meeste casussen eerst."
            ),
        )
    )

    tables.append(
        Table(
            key="decisions",
            title=_("Triagebesluiten"),
            columns=[Column(_("Besluit")), Column(this), Column(prev)],
            rows=[
                [_("Aangenomen"), *pair("accepted")],
                [_("Doorverwezen"), *pair("referred")],
                [_("Niet in behandeling genomen"), *pair("declined")],
                [_("Besluiten in totaal"), *pair("decisions")],
            ],
            chart="bar",
        )
    )
    tables.append(
        Table(
            key="decision_rates",
            title=_("Aanname en doorverwijzing"),
            columns=[Column(_("Aandeel van de besluiten")), Column(this, RATE), Column(prev, RATE)],
            rows=[
                [_("Aangenomen"), *pair("acceptance_rate")],
                [_("Doorverwezen"), *pair("referral_rate")],
            ],
        )
    )
    tables.append(
        Table(
            key="times",
            title=_("Doorlooptijden in dagen"),
            columns=[
                Column(_("Wat")),
                Column(_("Mediaan"), DAYS),
                Column(_("90e percentiel"), DAYS),
                Column(_("Mediaan vorige periode"), DAYS),
                Column(_("90e percentiel vorige periode"), DAYS),
            ],
            rows=[
                [
                    label,
                    _get(now, key, "median_days"),
                    _get(now, key, "p90_days"),
                    _get(before, key, "median_days"),
                    _get(before, key, "p90_days"),
                ]
                for key, label in (
                    ("time_to_triage", _("Van indienen tot triagebesluit")),
                    ("time_to_dienst_answer", _("Van verzoek tot antwoord van de Dienst")),
                    ("cycle_time", _("Van indienen tot afsluiten")),
                )
            ],
            chart="bar",
            chart_columns=(1, 3),
        )
    )
    bands = _get(now, "cycle_time", "by_band", default={})
    tables.append(
        Table(
            key="cycle_time_by_band",
            title=_("Van indienen tot afsluiten, per urgentie"),
            columns=[
                Column(_("Urgentie bij triage")),
                Column(_("Afgesloten casussen")),
                Column(_("Mediaan"), DAYS),
                Column(_("90e percentiel"), DAYS),
            ],
            rows=[
                [labels.of(labels.bands, band), row["n"], row["median_days"], row["p90_days"]]
                for band, row in bands.items()
            ],
        )
    )
    tables.append(
        _breakdown(
            "closed_by_outcome",
            _("Afgesloten casussen per uitkomst"),
            _("Uitkomst"),
            now,
            before,
            ("closed", "by_outcome"),
            lambda code: labels.of(labels.outcomes, code),
        )
    )
    tables.append(
        Table(
            key="relief",
            title=_("Verlichting en gestopte bedragen"),
            columns=[Column(_("Wat")), Column(this), Column(prev)],
            rows=[
                [_("Afgesloten na aanname"), *pair("relief", "handled")],
                [_("Waarvan geheel of gedeeltelijk opgelost"), *pair("relief", "relieved")],
            ],
        )
    )
    tables.append(
        Table(
            key="relief_rate",
            title=_("Verlichtingsgraad en bedragen"),
            columns=[Column(_("Wat")), Column(this, RATE), Column(prev, RATE)],
            rows=[[_("Geheel of gedeeltelijk opgelost"), *pair("relief", "rate")]],
        )
    )
    tables.append(
        Table(
            key="amounts",
            title=_("Invordering of terugvordering gestopt"),
            columns=[Column(_("Wat")), Column(this, MONEY), Column(prev, MONEY)],
            rows=[[_("Bedrag in euro's"), *pair("relief", "amount_halted")]],
        )
    )
    answers = _get(now, "dienst_answers", default={})
    rates = _get(now, "dienst_answers_on_time", default={})
    previous_rates = _get(before, "dienst_answers_on_time", default={}) or {}
    tables.append(
        Table(
            key="dienst_answers_on_time",
            title=_("Antwoorden van de Diensten op tijd"),
            columns=[
                Column(_("Dienst")),
                Column(_("Antwoordtermijnen afgelopen")),
                Column(_("Op tijd")),
                Column(this, RATE),
                Column(prev, RATE),
            ],
            rows=[
                [
                    labels.of(labels.diensten, code),
                    row["due"],
                    row["on_time"],
                    rates.get(code),
                    previous_rates.get(code),
                ]
                for code, row in answers.items()
            ],
            chart="bar",
            chart_columns=(3, 4),
        )
    )
    tables.append(
        Table(
            key="freeze_requests",
            title=_("Verzoeken tot bevriezen"),
            columns=[Column(_("Wat")), Column(this), Column(prev)],
            rows=[
                [_("Gedaan"), *pair("freeze_requests", "made")],
                [_("Toegekend"), *pair("freeze_requests", "granted")],
            ],
        )
    )
    tables.append(
        Table(
            key="signals",
            title=_("Signalen en toezeggingen"),
            columns=[Column(_("Wat")), Column(this), Column(prev)],
            rows=[
                [_("Signalen op de agenda gezet"), *pair("signals", "on_agenda")],
                [_("Signalen opgelost"), *pair("signals", "resolved")],
                [_("Toezeggingen afgelopen"), *pair("commitments", "ended")],
                [_("Toezeggingen nagekomen"), *pair("commitments", "kept")],
                [_("Toezeggingen niet nagekomen"), *pair("commitments", "not_kept")],
            ],
        )
    )
    tables.append(
        Table(
            key="commitments_kept",
            title=_("Toezeggingen nagekomen"),
            columns=[Column(_("Wat")), Column(this, RATE), Column(prev, RATE)],
            rows=[[_("Aandeel nagekomen"), *pair("commitments", "kept_rate")]],
        )
    )
    feedback = _get(now, "feedback", default={})
    tables.append(
        Table(
            key="feedback",
            title=_("Oordeel na afsluiten (1 tot 5)"),
            columns=[
                Column(_("Wie")),
                Column(_("Reacties")),
                Column(_("Uitkomst"), SCORE),
                Column(_("Aanpak"), SCORE),
                Column(_("Uitkomst vorige periode"), SCORE),
                Column(_("Aanpak vorige periode"), SCORE),
            ],
            rows=[
                [
                    labels.of(labels.respondents, respondent),
                    row["n"],
                    row["outcome_mean"],
                    row["process_mean"],
                    _get(before, "feedback", respondent, "outcome_mean"),
                    _get(before, "feedback", respondent, "process_mean"),
                ]
                for respondent, row in feedback.items()
            ],
            chart="bar",
            chart_columns=(2, 3),
        )
    )
    return tables


def _sortable(value) -> int:
    """Order suppressed cells last among the counts ("x" hides 5 or more, "<5" fewer)."""
    if isinstance(value, int):
        return value
    return 5 if value == "x" else 1


def page_tables(tables: list[Table]) -> list[Table]:
    """The tables as the page shows them: long lists cut to their first rows."""
    shown = []
    for table in tables:
        if table.key == "intake_by_area" and len(table.rows) > AREAS_ON_PAGE:
            cut = Table(**{**table.__dict__, "rows": table.rows[:AREAS_ON_PAGE]})
            cut.more_rows_in_csv = len(table.rows) - AREAS_ON_PAGE
            shown.append(cut)
        else:
            shown.append(table)
    return shown
