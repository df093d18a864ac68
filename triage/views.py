"""Web views of triage: the queue, the case triage page and the criteria screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from belangenbehartiger.errors import DomainError
from belangenbehartiger.forms import errors_text
from cases import selectors as case_selectors
from cases.models import Case

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
CRITERIA_VIEWERS = (Role.ADMIN, Role.LEAD, Role.CASEMANAGER)


def _require_team(user):
    if not user.is_team:
        raise PermissionDenied


def _case_or_404(user, reference) -> Case:
    try:
        return case_selectors.case_get(user=user, reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None


@login_required
def queue(request):
    _require_team(request.user)
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
        "can_decide": case.status in decisions.DECIDABLE,
        "nav": "queue",
    }


@login_required
def triage_case(request, reference):
    _require_team(request.user)
    case = _case_or_404(request.user, reference)
    return render(request, "triage/case.html", _triage_context(request, case))


@login_required
@require_POST
def decide(request, reference):
    _require_team(request.user)
    case = _case_or_404(request.user, reference)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decisions.case_decide(case=case, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(
                request, _("Het besluit is vastgelegd en de hulpverlener is geïnformeerd.")
            )
            return redirect("triage:case", reference=case.reference)
    return render(
        request, "triage/case.html", _triage_context(request, case, decision_form=form), status=400
    )


@login_required
@require_POST
def reassess(request, reference):
    _require_team(request.user)
    case = _case_or_404(request.user, reference)
    active = selectors.active_criteria_set()
    form = ReassessForm(request.POST, criteria=active.criteria.all(), answers={})
    if form.is_valid():
        try:
            services.case_reassess(
                case=case,
                changes=form.answers(),
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("De antwoorden zijn bijgewerkt; er is een nieuwe beoordeling gemaakt.")
            )
            return redirect("triage:case", reference=case.reference)
    return render(
        request, "triage/case.html", _triage_context(request, case, reassess_form=form), status=400
    )


# --- criteria sets ---------------------------------------------------------------------


def _require_criteria_viewer(user):
    if user.role not in CRITERIA_VIEWERS:
        raise PermissionDenied


@login_required
def criteria_list(request):
    _require_criteria_viewer(request.user)
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


@login_required
@require_POST
def criteria_draft_create(request):
    try:
        draft = services.criteria_set_draft_create(
            actor=request.user, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("triage:criteria")
    messages.success(
        request,
        _("Conceptversie %(v)d is gemaakt als kopie van de actieve set.") % {"v": draft.version},
    )
    return redirect("triage:criteria_set", version=draft.version)


@login_required
def criteria_set_detail(request, version):
    _require_criteria_viewer(request.user)
    criteria_set = get_object_or_404(
        CriteriaSet.objects.prefetch_related("criteria"), version=version
    )
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


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, version, pk):
    criterion = get_object_or_404(Criterion, pk=pk, criteria_set__version=version)
    if request.user.role not in services.CRITERIA_EDITORS or not criterion.criteria_set.is_draft:
        raise PermissionDenied
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(
                criterion=criterion, actor=request.user, data=form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Het criterium is bijgewerkt."))
            return redirect("triage:criteria_set", version=version)
    return render(
        request,
        "triage/criterion_form.html",
        {"form": form, "criterion": criterion, "nav": "criteria"},
    )


@login_required
@require_POST
def criterion_add(request, version):
    criteria_set = get_object_or_404(CriteriaSet, version=version)
    form = NewCriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(
                criteria_set=criteria_set, actor=request.user, data=form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Het criterium is toegevoegd."))
    else:
        messages.error(
            request,
            _("Het criterium is niet toegevoegd: %(errors)s") % {"errors": errors_text(form)},
        )
    return redirect("triage:criteria_set", version=version)


@login_required
@require_POST
def criterion_retire(request, version, pk):
    criterion = get_object_or_404(Criterion, pk=pk, criteria_set__version=version)
    try:
        services.criterion_retire(criterion=criterion, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Het criterium is uit deze versie gehaald."))
    return redirect("triage:criteria_set", version=version)


@login_required
@require_POST
def criteria_draft_delete(request, version):
    criteria_set = get_object_or_404(CriteriaSet, version=version)
    try:
        services.criteria_set_draft_delete(criteria_set=criteria_set, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("triage:criteria_set", version=version)
    messages.success(request, _("De conceptversie is verwijderd."))
    return redirect("triage:criteria")


@login_required
@require_http_methods(["GET", "POST"])
def criteria_set_publish(request, version):
    criteria_set = get_object_or_404(CriteriaSet, version=version)
    if request.method == "POST":
        try:
            services.criteria_set_publish(criteria_set=criteria_set, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("triage:criteria_set", version=version)
        messages.success(
            request, _("Versie %(v)d is gepubliceerd en is nu actief.") % {"v": version}
        )
        return redirect("triage:criteria")
    if request.user.role != Role.LEAD:
        raise PermissionDenied
    return render(
        request,
        "triage/criteria_publish.html",
        {
            "criteria_set": criteria_set,
            "nav": "criteria",
            "back": reverse("triage:criteria_set", args=[version]),
        },
    )
