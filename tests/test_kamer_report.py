"""The Kamer report: starting, the generation task and its progress, the frozen snapshot,
draft → final by another lead, a final report that never changes, the API per role, the
web pages, and a PDF without personal data (DESIGN.md §5, §6 "Kamer report")."""

import io
import time
from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import DatabaseError, transaction
from django.db.models import F
from django.test import TestCase
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from belangenbehartiger.celery import app as celery_app
from belangenbehartiger.errors import NotPermitted, TransitionNotAllowed
from cases.models import Case
from escalation import services as ladder
from reports import kamer_content, kamer_pdf, services
from reports.models import KamerReport
from signals import services as signal_services
from tests import factories

K = KamerReport.Status
VIGNETTE = (
    "Een alleenstaande moeder kreeg een dwangbevel met kosten terwijl zij de afgesproken "
    "betalingsregeling elke maand nakwam."
)
RECOMMENDATION = "Leg telefonisch afgesproken regelingen binnen twee werkdagen vast."


def _period() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=90), today


@pytest.fixture
def other_lead(db):
    return factories.team_member(role="lead")


@pytest.fixture
def chosen(helper, casemanager, lead):
    """Two cases of identifiable people behind a signal that a lead chose for the report,
    with the team's words and an approved vignette of one of them."""
    cases = [
        factories.accepted_case(
            helper=helper,
            casemanager=casemanager,
            subject_name="Wilhelmina Doornbosch",
            bsn="111222333",
            postcode_area="9711",
            summary="Dwangbevel ondanks lopende betalingsregeling",
        ),
        factories.accepted_case(
            helper=helper,
            casemanager=casemanager,
            subject_type="ondernemer",
            subject_name="Bakkerij Zeldenrust",
            bsn="",
            kvk_number="69599084",
            postcode_area="4331",
            summary="Dwangbevel terwijl de regeling liep",
        ),
    ]
    signal = factories.signal_on_agenda(
        by=casemanager,
        team=casemanager,
        title="Dwangbevel terwijl een betalingsregeling loopt",
        description="Wie volgens een afgesproken regeling betaalt, krijgt toch een dwangbevel.",
        people_affected_estimate=1200,
    )
    for case in cases:
        signal_services.signal_case_link(
            signal=signal, case=case, actor=casemanager, reason="Zelfde patroon."
        )
    signal_services.signal_select_for_kamer_report(signal=signal, lead=lead)
    signal.refresh_from_db()
    services.problem_statement_save(
        signal=signal,
        actor=casemanager,
        cause="De regeling wordt niet in het invorderingssysteem gezet.",
        dienst_response="De Belastingdienst erkent het probleem.",
        recommendation=RECOMMENDATION,
    )
    item = ladder.kamer_item_propose(
        case=cases[0], actor=casemanager, vignette=VIGNETTE, reason="Structureel probleem."
    )
    ladder.kamer_item_approve(item=item, actor=lead)
    return {"signal": signal, "cases": cases}


def _start(lead, *, run: bool = True, **overrides) -> KamerReport:
    """Start a report; with ``run`` its task runs (eagerly) as the transaction commits."""
    start, end = _period()
    data = {"title": "Rapportage aan de Tweede Kamer", "period_start": start, "period_end": end}
    with TestCase.captureOnCommitCallbacks(execute=run):
        report = services.kamer_report_start(actor=lead, **{**data, **overrides})
    report.refresh_from_db()
    return report


def _regenerate(report, actor) -> KamerReport:
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.kamer_report_regenerate(report=report, actor=actor)
    report.refresh_from_db()
    return report


# --- the service ---------------------------------------------------------------------------


def test_a_lead_starts_a_report_that_the_task_builds_into_a_draft(lead, chosen):
    report = _start(lead)
    assert report.status == K.DRAFT
    assert report.progress == 100
    assert report.generated_at is not None
    problem = report.snapshot["problems"][0]
    assert problem["title"] == chosen["signal"].title
    assert problem["recommendation"] == RECOMMENDATION
    assert problem["linked_cases"] == "<5"  # two cases: a small cell
    assert problem["people_affected"] == 1200
    assert problem["vignettes"] == [VIGNETTE]
    assert list(report.events.values_list("from_status", "to_status")) == [
        ("", K.GENERATING),
        (K.GENERATING, K.DRAFT),
    ]


def test_a_casemanager_cannot_start_a_report(casemanager):
    start, end = _period()
    with pytest.raises(NotPermitted):
        services.kamer_report_start(
            actor=casemanager, title="X", period_start=start, period_end=end
        )
    assert not KamerReport.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(lead):
    from belangenbehartiger.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.kamer_report_start(
            actor=lead, title="X", period_start=date(2026, 6, 1), period_end=date(2026, 1, 1)
        )


def test_the_lead_who_generated_a_report_cannot_finalise_it(lead):
    report = _start(lead)
    with pytest.raises(NotPermitted):
        services.kamer_report_finalise(report=report, actor=lead)
    report.refresh_from_db()
    assert report.status == K.DRAFT


def test_another_lead_finalises_a_draft(lead, other_lead):
    report = services.kamer_report_finalise(report=_start(lead), actor=other_lead)
    assert report.status == K.FINAL
    assert report.finalised_by == other_lead


def test_a_casemanager_cannot_finalise(lead, casemanager):
    with pytest.raises(NotPermitted):
        services.kamer_report_finalise(report=_start(lead), actor=casemanager)


def test_a_final_report_cannot_be_regenerated_or_finalised_again(lead, other_lead):
    report = services.kamer_report_finalise(report=_start(lead), actor=other_lead)
    with pytest.raises(TransitionNotAllowed):
        services.kamer_report_regenerate(report=report, actor=lead)
    with pytest.raises(TransitionNotAllowed):
        services.kamer_report_finalise(report=report, actor=lead)
    report.refresh_from_db()
    assert report.status == K.FINAL


def test_the_database_refuses_any_change_to_a_final_report(lead, other_lead):
    report = services.kamer_report_finalise(report=_start(lead), actor=other_lead)
    snapshot = report.snapshot
    with pytest.raises(DatabaseError), transaction.atomic():
        KamerReport.objects.filter(pk=report.pk).update(snapshot={"problems": []})
    with pytest.raises(DatabaseError), transaction.atomic():
        report.title = "Iets anders"
        report.save()
    report.refresh_from_db()
    assert report.snapshot == snapshot
    assert report.title == "Rapportage aan de Tweede Kamer"


def test_regenerating_a_draft_with_the_same_data_gives_the_same_snapshot(lead, other_lead, chosen):
    report = _start(lead)
    first = report.snapshot
    report = _regenerate(report, other_lead)
    assert report.status == K.DRAFT
    assert report.generation == 2
    assert report.snapshot == first
    # Whoever regenerated it generated this content: now the first lead may finalise.
    assert report.generated_by == other_lead
    assert services.kamer_report_finalise(report=report, actor=lead).status == K.FINAL


def test_a_regenerated_draft_takes_in_what_changed(lead, casemanager, chosen):
    report = _start(lead)
    services.problem_statement_save(
        signal=chosen["signal"],
        actor=casemanager,
        cause="",
        dienst_response="",
        recommendation="Een nieuwe aanbeveling.",
    )
    report.refresh_from_db()
    assert report.snapshot["problems"][0]["recommendation"] == RECOMMENDATION  # frozen
    report = _regenerate(report, lead)
    assert report.snapshot["problems"][0]["recommendation"] == "Een nieuwe aanbeveling."


def test_a_duplicate_or_stale_task_changes_nothing(lead):
    report = _start(lead)
    before = (report.snapshot, report.generated_at)
    assert services.kamer_report_build(report_id=report.pk, generation=1) is False
    assert services.kamer_report_build(report_id=report.pk, generation=7) is False
    report.refresh_from_db()
    assert (report.snapshot, report.generated_at) == before


# --- the task and its progress -------------------------------------------------------------


def test_the_task_reports_its_progress_step_by_step(lead, chosen):
    report = _start(lead, run=False)
    assert report.status == K.GENERATING
    assert report.progress == 0
    seen = []

    def record(percent, step):
        seen.append(percent)
        return services._progress(report, percent, step)

    snapshot = kamer_content.snapshot_build(report, progress=record)
    assert seen == sorted(seen) and seen[0] > 0 and len(seen) >= 4
    report.refresh_from_db()
    assert report.progress == seen[-1]
    assert report.step  # what it is doing, for the page
    assert snapshot["problems"][0]["title"] == chosen["signal"].title


def test_a_generation_superseded_while_it_runs_stops_and_writes_nothing(lead):
    report = _start(lead, run=False)
    # Someone starts a new generation while the first task is computing.
    KamerReport.objects.filter(pk=report.pk).update(generation=F("generation") + 1)
    assert services.kamer_report_build(report_id=report.pk, generation=1) is False
    report.refresh_from_db()
    assert report.status == K.GENERATING
    assert report.snapshot == {}


def test_a_report_with_personal_data_fails_with_a_clear_message_and_can_be_retried(
    lead, casemanager, chosen
):
    signal = chosen["signal"]
    reference = chosen["cases"][1].reference
    signal_services.signal_update(
        signal=signal, actor=casemanager, description=f"Zoals in casus {reference} bleek."
    )
    report = _start(lead)
    assert report.status == K.FAILED
    assert "Ernstigste problemen" in report.error
    assert "kenmerk" in report.error
    assert report.snapshot == {}
    signal_services.signal_update(
        signal=signal, actor=casemanager, description="Wie betaalt, krijgt toch een dwangbevel."
    )
    report = _regenerate(report, lead)
    assert report.status == K.DRAFT
    assert report.error == ""


def test_a_stalled_generation_is_sent_again_by_the_sweep(lead):
    report = _start(lead, run=False)
    KamerReport.objects.filter(pk=report.pk).update(
        generation_started_at=timezone.now() - timedelta(hours=1)
    )
    assert services.kamer_reports_resume_stalled() == 1  # the eager task builds it
    report.refresh_from_db()
    assert report.status == K.DRAFT
    assert services.kamer_reports_resume_stalled() == 0


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_over_redis(redis_broker_url):
    celery_app.conf.task_always_eager = False
    lead = factories.team_member(role="lead")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        report = _start(lead)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.status != K.GENERATING:
                break
            time.sleep(0.2)
    assert report.status == K.DRAFT
    assert report.progress == 100


# --- the document --------------------------------------------------------------------------


def _pdf_text(report) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf)).pages)


def _identifying(case: Case) -> list[str]:
    values = [case.bsn, case.kvk_number, case.rsin, case.postcode_area, case.reference]
    values += [part for part in case.subject_name.split() if len(part) >= 3]
    return [v for v in values if v]


def test_the_pdf_has_the_content_and_no_personal_data_of_any_case(lead, chosen):
    if not kamer_pdf.available():
        pytest.skip("WeasyPrint cannot load Pango here")
    report = _start(lead)
    text = _pdf_text(report)
    # Reading order as a reader of the PDF sees it; newlines from wrapping ignored.
    flat = " ".join(text.split())
    assert "Dwangbevel terwijl een betalingsregeling loopt" in flat
    assert " ".join(VIGNETTE.split()[:6]) in flat
    assert "Rapportkaart" in flat and "Inhoud" in flat
    assert "Pagina 2 van" in flat
    for case in Case.objects.all():
        for value in _identifying(case):
            assert value not in flat, f"{value!r} of a case is in the PDF"


def test_the_pdf_is_tagged_with_title_and_language(lead):
    if not kamer_pdf.available():
        pytest.skip("WeasyPrint cannot load Pango here")
    report = _start(lead)
    reader = PdfReader(io.BytesIO(report.pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("nl")
    assert reader.metadata.title == "Rapportage aan de Tweede Kamer"


def test_the_csv_has_every_table(lead, chosen):
    report = _start(lead)
    text = kamer_pdf.csv_text(report.snapshot)
    assert "Kerncijfers,Ingediende casussen" in text
    assert "Instroom per Dienst,Belastingdienst" in text
    assert "Dwangbevel terwijl een betalingsregeling loopt" in text
    assert "9711" not in text  # regions by province only


def test_the_report_names_earlier_recommendations_and_their_fate(lead, other_lead, chosen):
    start, _end = _period()
    first = _start(
        lead, period_start=start - timedelta(days=200), period_end=start - timedelta(days=1)
    )
    services.kamer_report_finalise(report=first, actor=other_lead)
    signal_services.signal_transition(
        signal=chosen["signal"],
        to_status="resolved",
        actor=lead,
        reason="De werkwijze is aangepast.",
    )
    report = _start(lead)
    card = report.snapshot["report_card"]["recommendations"]
    assert [(r["title"], r["state"]) for r in card] == [(chosen["signal"].title, "kept")]


# --- the personal-data check -----------------------------------------------------------------


def test_the_check_finds_names_numbers_areas_and_references_of_the_cases():
    people = kamer_content.People(
        [
            ("T. van Dijk", "111222333", "", "", "3511", "BB-2026-000001"),
            ("Bakkerij Het Volkorenhuis", "", "69599084", "", "9711", "BB-2026-000002"),
        ]
    )
    assert people.problems("Een groot probleem van de Dienst, dat veel mensen raakt.") == []
    assert people.problems("Meneer Van Dijk kreeg een brief.") == [_("een naam")]
    assert people.problems("De klant van bakkerij het volkorenhuis.") == [_("een naam")]
    assert people.problems("Zijn nummer is 111 222 333.") == [_("een BSN, KvK-nummer of RSIN")]
    assert people.problems("Bij KvK 6959-9084 ingeschreven.") == [_("een BSN, KvK-nummer of RSIN")]
    assert people.problems("Iemand uit 3511 schreef ons.") == [_("een postcodegebied")]
    assert people.problems("Zie BB-2026-000077.") == [_("een kenmerk van een casus")]
    assert people.problems("Een ander nummer: 123456789.") == [_("een nummer van 9 cijfers")]
    assert people.problems("In 2026 gebeurde het 12 keer.") == []
