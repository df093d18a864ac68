"""Web views of triage: the queue, the case triage page and the criteria screens."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import lead_required, role_required, team_required
from accounts.models import Role
from belangenbehartiger.forms import errors_text
from belangenbehartiger.http import get_or_404
from belangenbehartiger.web_errors import run_form
from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import SubjectType
from cases.status import STATUSES
from directory import selectors as directory_selectors
from directory.models import Audience

from . import decisions, selectors, services
from .forms import (
    CriterionForm,
    DecisionForm,
    NewCriterionForm,
    PreviewForm,
    QueueFilterForm,
    ReassessForm,
)
from .models import Band, CriteriaSet, Criterion
from .preview import criteria_set_preview

PAGE_SIZE = 25
# Directory entries shown beside a referral decision; the rest is one link away.
NEARBY_HELP_SHOWN = 5
criteria_viewer_required = role_required(Role.ADMIN, Role.LEAD, Role.CASEMANAGER)
criteria_editor_required = role_required(*services.CRITERIA_EDITORS)


@team_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    if form.is_valid():
        filters = selectors.QueueFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        )
    page = Paginator(
        selectors.triage_queue(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    case_selectors.mark_possible_duplicates(page.object_list)
    counts = selectors.queue_band_counts(user=request.user)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "triage/queue.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "band_counts": [(value, label, counts.get(value, 0)) for value, label in Band.choices],
            "now": timezone.now(),
            "nav": "queue",
        },
    )


def _triage_context(request, case, decision_form=None, reassess_form=None):
    assessment = selectors.latest_assessment(case)
    active = selectors.active_criteria_set()
    labels = selectors.criteria_labels(assessment.criteria_set if assessment else active)
    contributions = [
        {**c, "label": labels[c["key"]].label if c["key"] in labels else c["key"]}
        for c in (assessment.contributions if assessment else [])
    ]
    answers = assessment.answers if assessment else case.triage_answers
    return {
        "case": case,
        "assessment": assessment,
        "contributions": contributions,
        "history": case.assessments.select_related("criteria_set", "created_by")[1:],
        "duplicates": case_selectors.case_possible_duplicates(case=case).only("reference"),
        "decision_form": decision_form or DecisionForm(),
        "reassess_form": reassess_form
        or ReassessForm(criteria=active.criteria.all(), answers=answers),
        "can_decide": STATUSES[case.status].decidable,
        "nearby_help": _nearby_help(case) if STATUSES[case.status].decidable else None,
        "nav": "queue",
    }


def _nearby_help(case) -> dict | None:
    """First-line help in the case's postcode area, for a referral with an address."""
    if not case.postcode_area:
        return None
    audience = (
        Audience.ONDERNEMERS if case.subject_type == SubjectType.ONDERNEMER else Audience.BURGERS
    )
    found = list(
        directory_selectors.organisations_for_area(
            postcode_area=case.postcode_area, audience=audience
        )[: NEARBY_HELP_SHOWN + 1]
    )
    return {
        "area": case.postcode_area,
        "audience": audience,
        "organisations": found[:NEARBY_HELP_SHOWN],
        "more": len(found) > NEARBY_HELP_SHOWN,
    }


@team_required
def triage_case(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    # The page shows the person's name and masked number: who looked is logged.
    case_services.personal_data_view_record(case=case, user=request.user, channel="web")
    return render(request, "triage/case.html", _triage_context(request, case))


@team_required
@require_POST
def decide(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    form = DecisionForm(request.POST)
    done, _result = run_form(
        form, lambda **data: decisions.case_decide(case=case, actor=request.user, **data)
    )
    if done:
        messages.success(
            request, _("Het besluit is vastgelegd en de hulpverlener is geïnformeerd.")
        )
        return redirect("triage:case", reference=case.reference)
    return render(
        request, "triage/case.html", _triage_context(request, case, decision_form=form), status=400
    )


@team_required
@require_POST
def reassess(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    active = selectors.active_criteria_set()
    form = ReassessForm(request.POST, criteria=active.criteria.all(), answers={})
    done, _result = run_form(
        form,
        lambda reason, **_answers: services.case_reassess(
            case=case, changes=form.answers(), actor=request.user, reason=reason
        ),
    )
    if done:
        messages.success(
            request, _("De antwoorden zijn bijgewerkt; er is een nieuwe beoordeling gemaakt.")
        )
        return redirect("triage:case", reference=case.reference)
    return render(
        request, "triage/case.html", _triage_context(request, case, reassess_form=form), status=400
    )


# --- criteria sets ---------------------------------------------------------------------


@criteria_viewer_required
def criteria_list(request):
    sets = CriteriaSet.objects.select_related("created_by", "published_by")
    return render(
        request,
        "triage/criteria_list.html",
        {
            "sets": sets,
            "can_edit": request.user.role in services.CRITERIA_EDITORS,
            "has_draft": sets.filter(status=CriteriaSet.Status.DRAFT).exists(),
            "nav": "criteria",
        },
    )


@criteria_editor_required
@require_POST
def criteria_draft_create(request):
    draft = services.criteria_set_draft_create(
        actor=request.user, note=request.POST.get("note", "")
    )
    messages.success(
        request,
        _("Conceptversie %(v)d is gemaakt als kopie van de actieve set.") % {"v": draft.version},
    )
    return redirect("triage:criteria_set", version=draft.version)


@criteria_viewer_required
def criteria_set_detail(request, version):
    criteria_set = get_or_404(CriteriaSet.objects.prefetch_related("criteria"), version=version)
    preview = None
    preview_form = PreviewForm(request.GET if "limit" in request.GET else None)
    if criteria_set.is_draft and preview_form.is_bound and preview_form.is_valid():
        preview = criteria_set_preview(draft=criteria_set, limit=preview_form.cleaned_data["limit"])
    return render(
        request,
        "triage/criteria_set.html",
        {
            "criteria_set": criteria_set,
            "can_edit": criteria_set.is_draft and request.user.role in services.CRITERIA_EDITORS,
            "can_publish": criteria_set.is_draft
            and request.user.role == Role.LEAD
            and criteria_set.created_by_id != request.user.pk,
            "new_form": NewCriterionForm(),
            "preview_form": preview_form if preview_form.is_bound else PreviewForm(),
            "preview": preview,
            "nav": "criteria",
        },
    )


@criteria_editor_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, version, pk):
    criterion = get_or_404(
        Criterion.objects.filter(criteria_set__status=CriteriaSet.Status.DRAFT),
        pk=pk,
        criteria_set__version=version,
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST":
        done, _result = run_form(
            form,
            lambda **data: services.criterion_update(
                criterion=criterion, actor=request.user, data=data
            ),
        )
        if done:
            messages.success(request, _("Het criterium is bijgewerkt."))
            return redirect("triage:criteria_set", version=version)
    return render(
        request,
        "triage/criterion_form.html",
        {"form": form, "criterion": criterion, "nav": "criteria"},
    )


@criteria_editor_required
@require_POST
def criterion_add(request, version):
    criteria_set = get_or_404(CriteriaSet.objects.all(), version=version)
    form = NewCriterionForm(request.POST)
    done, _result = run_form(
        form,
        lambda **data: services.criterion_add(
            criteria_set=criteria_set, actor=request.user, data=data
        ),
    )
    if done:
        messages.success(request, _("Het criterium is toegevoegd."))
    else:
        messages.error(
            request,
            _("Het criterium is niet toegevoegd: %(errors)s") % {"errors": errors_text(form)},
        )
    return redirect("triage:criteria_set", version=version)


@criteria_editor_required
@require_POST
def criterion_retire(request, version, pk):
    criterion = get_or_404(Criterion.objects.all(), pk=pk, criteria_set__version=version)
    services.criterion_retire(criterion=criterion, actor=request.user)
    messages.success(request, _("Het criterium is uit deze versie gehaald."))
    return redirect("triage:criteria_set", version=version)


@criteria_editor_required
@require_POST
def criteria_draft_delete(request, version):
    criteria_set = get_or_404(CriteriaSet.objects.all(), version=version)
    services.criteria_set_draft_delete(criteria_set=criteria_set, actor=request.user)
    messages.success(request, _("De conceptversie is verwijderd."))
    return redirect("triage:criteria")


@lead_required
@require_http_methods(["GET", "POST"])
def criteria_set_publish(request, version):
    criteria_set = get_or_404(CriteriaSet.objects.all(), version=version)
    if request.method == "POST":
        services.criteria_set_publish(criteria_set=criteria_set, actor=request.user)
        messages.success(
            request, _("Versie %(v)d is gepubliceerd en is nu actief.") % {"v": version}
        )
        return redirect("triage:criteria")
    return render(
        request,
        "triage/criteria_publish.html",
        {
            "criteria_set": criteria_set,
            "nav": "criteria",
            "back": reverse("triage:criteria_set", args=[version]),
        },
    )
