"""What a Kamer report says, computed once at generation and frozen as its snapshot.

The snapshot is plain JSON, in Dutch, with every count that could describe people already
suppressed (reports.suppression): the report is published. It holds

- ``figures``: the monitor's figures for the period beside the previous period, as tables
  (``{"key", "title", "rows": [[label, value, previous]], "chart"}``); regions only by
  province, never by postcode area;
- ``problems``: the signals a lead chose (status ``in_kamer_report``): problem, cause, scale
  (linked cases, people affected), the vignettes approved on the ladder for their cases, the
  Dienst's response and commitments, and the recommendation;
- ``vignettes``: approved vignettes of cases that belong to no chosen signal;
- ``escalations``: requests to the Diensten made and granted, per kind, and vignettes approved;
- ``report_card``: the recommendations of earlier final reports with what became of their
  signal, and every Dienst commitment with its state (kept, not kept, open).

Nothing in it may identify a person: before it is frozen, ``snapshot_build`` checks the whole
text against the cases it draws on (name, BSN, KvK number, RSIN, postcode area, reference)
and against the patterns of a reference or a 9-digit number, and refuses with
``NotPublishable`` naming the section to fix.
"""

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Dienst, Organisation
from cases.models import Case, Feedback, Outcome, Theme
from escalation.models import DienstRequest, KamerReportItem
from signals.models import Commitment, Signal, SignalCase
from triage.models import Band

from .figures import monitor_figures, previous_period
from .regions import PROVINCES, UNKNOWN
from .suppression import suppress_breakdown, suppress_count, suppress_figures

SNAPSHOT_VERSION = 1
REFERENCE_PATTERN = re.compile(r"\bBB-\d{4}-\d{6}\b")
NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")

R = DienstRequest.Status
Answer = DienstRequest.Outcome


class NotPublishable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- the checks ------------------------------------------------------------------------------

# Dutch name particles (tussenvoegsels): part of a surname, never identifying on their own.
PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "von",
        "la",
        "le",
        "du",
        "op",
        "in",
        "'t",
        "'s",
    }
)
_IDENTIFYING = ("subject_name", "bsn", "kvk_number", "rsin", "postcode_area", "reference")


class People:
    """What could identify the people of a set of cases, ready to be looked up in a text:
    full names and surnames (with their particles), BSN, KvK number and RSIN, postcode
    areas and references. Built once per report (one query), checked per text in time that
    does not grow with the number of cases."""

    def __init__(self, rows):
        self.names: set[str] = set()
        self.numbers: set[str] = set()
        self.areas: set[str] = set()
        self.references: set[str] = set()
        for name, bsn, kvk, rsin, area, reference in rows:
            words = [w for w in re.split(r"[\s.,]+", (name or "").lower()) if w]
            if words:
                self.names.add(" ".join(words))
                surname = len(words) - 1
                while surname > 0 and words[surname - 1] in PARTICLES:
                    surname -= 1
                if len(words[-1]) >= 3:
                    self.names.add(" ".join(words[surname:]))
            self.numbers.update(v for v in (bsn, kvk, rsin) if v)
            if area:
                self.areas.add(area)
            if reference:
                self.references.add(reference)
        self.longest_name = max((n.count(" ") + 1 for n in self.names), default=0)

    @classmethod
    def of_cases(cls, cases) -> "People":
        return cls(cases.values_list(*_IDENTIFYING))

    def problems(self, text: str) -> list[str]:
        """What in ``text`` identifies one of these people, or looks like a reference or a
        BSN of anyone (a case reference, a 9-digit number); empty when it may be published."""
        found: list[str] = []
        if not text:
            return found
        words = re.findall(r"[\w']+", text.lower())
        phrases = {
            " ".join(words[i : i + n])
            for n in range(1, self.longest_name + 1)
            for i in range(len(words) - n + 1)
        }
        if phrases & self.names:
            found.append(_("een naam"))
        digits = re.sub(r"\D", "", text)
        windows = {digits[i : i + n] for n in (8, 9) for i in range(len(digits) - n + 1)}
        if windows & self.numbers:
            found.append(_("een BSN, KvK-nummer of RSIN"))
        elif NINE_DIGITS.search(text):
            found.append(_("een nummer van 9 cijfers"))
        if set(re.findall(r"(?<!\d)\d{4}(?!\d)", text)) & self.areas:
            found.append(_("een postcodegebied"))
        if REFERENCE_PATTERN.search(text) or any(r in text for r in self.references if r):
            found.append(_("een kenmerk van een casus"))
        return found


def signal_people(signal: Signal) -> People:
    return People.of_cases(Case.objects.filter(signal_links__signal=signal))


# Values the report computes itself (dates, states): not the team's words.
_OWN_KEYS = frozenset({"due_date", "due", "status", "status_label", "state", "verdict"})


def _texts(value) -> list[str]:
    """Every string in a section of the snapshot that people wrote."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in _OWN_KEYS for t in _texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return []


def _check_publishable(sections: dict[str, object], people: People) -> None:
    for name, content in sections.items():
        for text in _texts(content):
            found = people.problems(text)
            if found:
                raise NotPublishable(
                    _(
                        "De rapportage is niet gemaakt: het onderdeel ‘%(section)s’ bevat "
                        "%(what)s. Pas die tekst aan en genereer de rapportage opnieuw."
                    )
                    % {"section": name, "what": ", ".join(found)}
                )


# --- figures ---------------------------------------------------------------------------------


def _labels() -> dict[str, dict[str, str]]:
    """Names for the codes of each breakdown, in the report's language."""
    return {
        "dienst": dict(Dienst.objects.values_list("code", "name")),
        "theme": dict(Theme.objects.values_list("code", "name_nl")),
        "source": {k: str(v) for k, v in Organisation.Kind.choices},
        "province": {k: str(v) for k, v in PROVINCES.items()} | {UNKNOWN: _("Onbekend")},
        "outcome": {k: str(v) for k, v in Outcome.choices} | {UNKNOWN: _("Onbekend")},
        "band": {k: str(v) for k, v in Band.choices},
        "respondent": {k: str(v) for k, v in Feedback.Respondent.choices},
    }


def _cell(value):
    """A JSON-safe published cell: a number, a mark ("<5", "x") or None (no data)."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _percent(value):
    return round(value * 100, 1) if isinstance(value, int | float) else value


def _get(figures: dict, path: str):
    value = figures
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# The key figures: (path in the suppressed monitor figures, label, shown as a percentage).
KEY_FIGURES = (
    ("intake.total", _("Ingediende casussen"), False),
    ("decisions", _("Triagebesluiten"), False),
    ("accepted", _("Aangenomen"), False),
    ("referred", _("Doorverwezen"), False),
    ("declined", _("Afgewezen"), False),
    ("acceptance_rate", _("Aangenomen (% van de besluiten)"), True),
    ("referral_rate", _("Doorverwezen (% van de besluiten)"), True),
    ("closed.total", _("Afgesloten casussen"), False),
    ("relief.rate", _("Verlichting bereikt (% van de behandelde casussen)"), True),
    ("relief.amount_halted", _("Tegengehouden invordering en terugvordering (euro)"), False),
    ("freeze_requests.made", _("Verzoeken tot bevriezen gedaan"), False),
    ("freeze_requests.granted", _("Verzoeken tot bevriezen toegekend"), False),
    ("signals.on_agenda", _("Signalen geagendeerd"), False),
    ("signals.resolved", _("Signalen opgelost"), False),
    ("commitments.kept", _("Toezeggingen nagekomen"), False),
    ("commitments.not_kept", _("Toezeggingen niet nagekomen"), False),
)
# Breakdowns drawn as a chart: (key, path, title, kind of code).
BREAKDOWNS = (
    ("by_dienst", "intake.by_dienst", _("Instroom per Dienst"), "dienst"),
    ("by_theme", "intake.by_theme", _("Instroom per thema"), "theme"),
    ("by_source", "intake.by_source", _("Instroom per soort organisatie"), "source"),
    ("by_province", "intake.by_province", _("Instroom per provincie"), "province"),
    ("by_outcome", "closed.by_outcome", _("Afgesloten casussen per uitkomst"), "outcome"),
)
SPREADS = (
    ("time_to_triage", _("Tijd tot triage")),
    ("cycle_time", _("Doorlooptijd")),
    ("time_to_dienst_answer", _("Tijd tot antwoord van de Dienst")),
)


def figure_tables(now: dict, before: dict) -> list[dict]:
    """The suppressed monitor figures of the period and the previous one as the report's
    tables: ``{"key", "title", "rows": [[label, this period, previous]], "chart"}``. Regions
    appear by province only: a 4-digit area is a postcode."""
    labels = _labels()

    def row(label, path, percent=False):
        pick = _percent if percent else _cell
        return [str(label), pick(_get(now, path)), pick(_get(before, path))]

    tables = [
        {
            "key": "key",
            "title": str(_("Kerncijfers")),
            "rows": [row(label, path, percent) for path, label, percent in KEY_FIGURES],
            "chart": False,
        }
    ]
    for key, path, title, kind in BREAKDOWNS:
        codes = list(dict.fromkeys([*(_get(now, path) or {}), *(_get(before, path) or {})]))
        rows = [
            [
                labels[kind].get(code, code),
                _cell(_get(now, path).get(code, 0)),
                _cell((_get(before, path) or {}).get(code, 0)),
            ]
            for code in codes
        ]
        tables.append({"key": key, "title": str(title), "rows": rows, "chart": bool(rows)})
    spreads = []
    for path, label in SPREADS:
        spreads.append(row(f"{label}: {_('mediaan in dagen')}", f"{path}.median_days"))
        spreads.append(row(f"{label}: {_('90e percentiel in dagen')}", f"{path}.p90_days"))
    for band in _get(now, "cycle_time.by_band") or {}:
        name = labels["band"].get(band, band)
        spreads.append(
            row(
                f"{_('Doorlooptijd')} ({name}): {_('mediaan in dagen')}",
                f"cycle_time.by_band.{band}.median_days",
            )
        )
    tables.append({"key": "times", "title": str(_("Tijden")), "rows": spreads, "chart": False})
    on_time = _get(now, "dienst_answers_on_time") or {}
    tables.append(
        {
            "key": "answers_on_time",
            "title": str(_("Antwoorden van de Diensten op tijd (%)")),
            "rows": [
                [
                    labels["dienst"].get(code, code),
                    _percent(_get(now, f"dienst_answers_on_time.{code}")),
                    _percent(_get(before, f"dienst_answers_on_time.{code}")),
                ]
                for code in on_time
            ],
            "chart": False,
        }
    )
    feedback = []
    for respondent in _get(now, "feedback") or {}:
        name = labels["respondent"].get(respondent, respondent)
        feedback.append(row(f"{name}: {_('aantal oordelen')}", f"feedback.{respondent}.n"))
        feedback.append(
            row(f"{name}: {_('uitkomst (gemiddeld, 1–5)')}", f"feedback.{respondent}.outcome_mean")
        )
        feedback.append(
            row(
                f"{name}: {_('behandeling (gemiddeld, 1–5)')}",
                f"feedback.{respondent}.process_mean",
            )
        )
    tables.append(
        {
            "key": "feedback",
            "title": str(_("Oordeel na afsluiting")),
            "rows": feedback,
            "chart": False,
        }
    )
    return tables


def _day_after(day: date) -> datetime:
    """Midnight (the report's time zone) after ``day``: a range on the column, which an index
    can serve, instead of a ``__date`` cast of every row."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _within(field: str, start: date, end: date) -> Q:
    """``field`` on one of the days from ``start`` to ``end``, both included."""
    return Q(
        **{f"{field}__gte": _day_after(start - timedelta(days=1)), f"{field}__lt": _day_after(end)}
    )


# --- the sections ----------------------------------------------------------------------------


def _count(value) -> object:
    """One published count, suppressed like every other."""
    return None if value is None else suppress_count(value)


def _problems(start: date, end: date) -> tuple[list[dict], list[dict], list[int]]:
    chosen = list(
        Signal.objects.filter(status=Signal.Status.IN_KAMER_REPORT)
        .select_related("problem_statement")
        .prefetch_related("themes", "diensten")
        .annotate(linked=Count("case_links", distinct=True))
        .order_by("created_at", "pk")
    )
    ids = [s.pk for s in chosen]
    commitments: dict[int, list[dict]] = {}
    for c in (
        Commitment.objects.filter(signal_id__in=ids)
        .select_related("dienst")
        .order_by("due_date", "pk")
    ):
        commitments.setdefault(c.signal_id, []).append(_commitment(c))
    approved = KamerReportItem.objects.filter(
        _within("approved_at", start, end),
        status=KamerReportItem.Status.APPROVED,
    ).order_by("approved_at", "pk")
    by_signal: dict[int, list[str]] = {}
    for signal_id, vignette in approved.filter(case__signal_links__signal_id__in=ids).values_list(
        "case__signal_links__signal_id", "vignette"
    ):
        by_signal.setdefault(signal_id, []).append(vignette)
    others = [
        {"vignette": v}
        for v in approved.exclude(case__signal_links__signal_id__in=ids).values_list(
            "vignette", flat=True
        )
    ]
    problems = []
    for s in chosen:
        statement = getattr(s, "problem_statement", None)
        problems.append(
            {
                "signal_id": s.pk,
                "title": s.title,
                "problem": s.description,
                "regulation": s.regulation,
                "themes": sorted(t.name_nl for t in s.themes.all()),
                "diensten": sorted(d.name for d in s.diensten.all()),
                "cause": statement.cause if statement else "",
                "dienst_response": statement.dienst_response if statement else "",
                "recommendation": statement.recommendation if statement else "",
                "linked_cases": _count(s.linked),
                "people_affected": _count(s.people_affected_estimate),
                "vignettes": by_signal.get(s.pk, []),
                "commitments": commitments.get(s.pk, []),
            }
        )
    item_case_ids = list(approved.values_list("case_id", flat=True))
    return problems, others, item_case_ids


def _commitment(c: Commitment) -> dict:
    return {
        "dienst": c.dienst.name,
        "description": c.description,
        "due_date": c.due_date.isoformat(),
        "due": date_format(c.due_date, "j F Y"),
        "status": c.status,
        "status_label": str(Commitment.Status(c.status).label),
    }


def _escalations(start: date, end: date) -> dict:
    """Proposals and freeze requests sent to a Diensten in the period, and those accepted
    or granted in it (a freeze counts as granted as the monitor counts it: the Dienst set
    an end date), in one query; each column suppressed as a breakdown."""
    made = _within("sent_at", start, end)
    answered = _within("responded_at", start, end)
    granted = answered & (
        Q(kind=DienstRequest.Kind.FREEZE, granted_until__isnull=False)
        | Q(
            kind=DienstRequest.Kind.PROPOSAL,
            outcome__in=[Answer.ACCEPTED, Answer.PARTLY_ACCEPTED],
        )
        | Q(kind=DienstRequest.Kind.PROPOSAL, status=R.AGREED)
    )
    kinds = [DienstRequest.Kind.PROPOSAL, DienstRequest.Kind.FREEZE]
    per_kind = {
        row["kind"]: row
        for row in DienstRequest.objects.filter(kind__in=kinds)
        .filter(made | answered)
        .values("kind")
        .annotate(made=Count("pk", filter=made), granted=Count("pk", filter=granted))
        .order_by()
    }
    made_cells = suppress_breakdown({k: per_kind.get(k, {}).get("made", 0) for k in kinds})
    granted_cells = suppress_breakdown({k: per_kind.get(k, {}).get("granted", 0) for k in kinds})
    approved = KamerReportItem.objects.filter(
        _within("approved_at", start, end), status=KamerReportItem.Status.APPROVED
    ).count()
    return {
        "rows": [
            [str(DienstRequest.Kind(k).label), made_cells[k], granted_cells[k]] for k in kinds
        ],
        "kamer_items_approved": _count(approved),
    }


def _report_card(report) -> dict:
    earlier = list(
        type(report)
        .objects.filter(status=type(report).Status.FINAL, period_end__lt=report.period_start)
        .exclude(pk=report.pk)
        .order_by("period_end", "pk")
        .values_list("title", "snapshot")
    )
    recommendations = []
    for title, snapshot in earlier:
        for problem in snapshot.get("problems", []):
            if problem.get("recommendation"):
                recommendations.append(
                    {"report": title, "signal_id": problem["signal_id"], **_pick(problem)}
                )
    statuses = dict(
        Signal.objects.filter(pk__in={r["signal_id"] for r in recommendations}).values_list(
            "pk", "status"
        )
    )
    verdicts = {
        Signal.Status.RESOLVED: ("kept", _("Opgevolgd: de wet of de uitvoering is aangepast")),
        Signal.Status.CLOSED: ("not_kept", _("Niet opgevolgd")),
    }
    for r in recommendations:
        state, text = verdicts.get(statuses.get(r["signal_id"]), ("open", _("Loopt nog")))
        r.update(state=state, verdict=str(text))
    commitments = [
        {"signal": c.signal.title, **_commitment(c)}
        for c in Commitment.objects.filter(created_at__lt=_day_after(report.period_end))
        .select_related("signal", "dienst")
        .order_by("dienst__name", "due_date", "pk")
    ]
    totals = {
        (row["dienst__name"], row["status"]): row["n"]
        for row in Commitment.objects.filter(created_at__lt=_day_after(report.period_end))
        .values("dienst__name", "status")
        .annotate(n=Count("pk"))
    }
    per_dienst = [
        [
            dienst,
            totals.get((dienst, Commitment.Status.KEPT), 0),
            totals.get((dienst, Commitment.Status.NOT_KEPT), 0),
            totals.get((dienst, Commitment.Status.OPEN), 0),
        ]
        for dienst in sorted({d for d, _s in totals})
    ]
    return {
        "recommendations": recommendations,
        "commitments": commitments,
        "per_dienst": per_dienst,
    }


def _pick(problem: dict) -> dict:
    return {"title": problem["title"], "recommendation": problem["recommendation"]}


# --- the whole -------------------------------------------------------------------------------


def snapshot_build(report, *, progress: Callable[[int, str], bool]) -> dict | None:
    """The report's content, step by step; ``progress(percent, step)`` is told after each
    step and returns False when the generation was superseded (then: None)."""
    start, end = report.period_start, report.period_end
    before_start, before_end = previous_period(start, end)
    if not progress(5, _("Kerncijfers berekenen")):
        return None
    current = monitor_figures(start, end)
    previous = monitor_figures(before_start, before_end)
    figures = figure_tables(publishable_figures(current), publishable_figures(previous))
    if not progress(40, _("Ernstigste problemen verzamelen")):
        return None
    problems, others, item_case_ids = _problems(start, end)
    if not progress(60, _("Escalaties en bevriezingen tellen")):
        return None
    escalations = _escalations(start, end)
    if not progress(70, _("Rapportkaart opstellen")):
        return None
    report_card = _report_card(report)
    if not progress(80, _("Controleren op persoonsgegevens")):
        return None
    # The figures are counts and our own labels; the team's free text is what is checked.
    sections = {
        str(_("Ernstigste problemen")): problems,
        str(_("Casussen uit de praktijk")): others,
        str(_("Rapportkaart")): report_card,
    }
    # Two index lookups (a join with OR would scan the cases); a case in both is harmless.
    linked = SignalCase.objects.filter(signal_id__in=[p["signal_id"] for p in problems])
    people = People(
        [
            *Case.objects.filter(pk__in=linked.values("case_id"))
            .order_by()
            .values_list(*_IDENTIFYING),
            *Case.objects.filter(pk__in=item_case_ids).order_by().values_list(*_IDENTIFYING),
        ]
    )
    _check_publishable(sections, people)
    return {
        "version": SNAPSHOT_VERSION,
        "title": report.title,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "previous_period": {"start": before_start.isoformat(), "end": before_end.isoformat()},
        "figures": figures,
        "problems": problems,
        "vignettes": others,
        "escalations": escalations,
        "report_card": report_card,
    }


def publishable_figures(figures: dict) -> dict:
    """The monitor's exact figures as the public may see them: suppressed, and without the
    breakdowns by postcode area (the tables never read them)."""
    shown = suppress_figures(figures)
    shown["intake"].pop("by_region", None)
    shown.pop("coverage", None)
    return shown


def default_period(today: date) -> tuple[date, date]:
    """The last full calendar half-year: what a lead most often reports on."""
    if today.month > 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year - 1, 7, 1), date(today.year - 1, 12, 31)
