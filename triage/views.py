"""Web views of triage: the queue, the decision and the corrected answers (each a page of
its own; the triage itself is a section of the team's case workspace), and the criteria
screens."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import lead_required, role_required, team_required
from accounts.models import Role
from belangenbehartiger.actions import Action, run_action
from belangenbehartiger.forms import errors_text
from belangenbehartiger.http import get_or_404
from belangenbehartiger.pagination import CountedPaginator
from belangenbehartiger.web_errors import run_form
from cases import selectors as case_selectors
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
    queue = selectors.triage_queue(user=request.user, filters=filters)
    counts = selectors.queue_counts(user=request.user)
    total = selectors.triage_queue_total(
        user=request.user, filters=filters, queue=queue, counts=counts
    )
    page = CountedPaginator(queue, PAGE_SIZE, count=total.n, more=total.more).get_page(
        request.GET.get("pagina")
    )
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "triage/queue.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "band_counts": [
                (value, label, counts.by_band.get(value, 0)) for value, label in Band.choices
            ],
            "now": timezone.now(),
            "nav": "queue",
        },
    )


def _workspace(case, section: str = "triage") -> str:
    """The team's case page (casework), at its triage section."""
    return reverse("cases:detail", args=[case.reference]) + f"#{section}"


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
    """Triage is a section of the team's case workspace now."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return redirect(_workspace(case))


@team_required
@require_http_methods(["GET", "POST"])
def decide(request, reference):
    """The triage decision on a page of its own, confirmed before it is recorded: the
    helper is told at once."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    if not STATUSES[case.status].decidable and request.method == "GET":
        messages.info(
            request,
            _("Over deze casus is al besloten (status: %(status)s).")
            % {"status": case.get_status_display()},
        )
        return redirect(_workspace(case))
    assessment = selectors.latest_assessment(case)
    return run_action(
        request,
        form=DecisionForm(request.POST or None),
        act=lambda **data: decisions.case_decide(case=case, actor=request.user, **data),
        action=Action(
            title=_("Triagebesluit"),
            submit=_("Controleren"),
            confirm=_("Ja, leg het besluit vast"),
            warning=_(
                "Het besluit gaat meteen naar de hulpverlener: bij aannemen met de naam van de "
                "contactpersoon, bij doorverwijzen of niet in behandeling nemen met uw "
                "motivering."
            ),
            back=_workspace(case),
            back_label=_("Terug naar de casus"),
            template="triage/decide.html",
            context={
                "case": case,
                "assessment": assessment,
                "nearby_help": _nearby_help(case),
            },
        ),
        success=lambda _case: _("Het besluit is vastgelegd en de hulpverlener is geïnformeerd."),
    )


@team_required
@require_http_methods(["GET", "POST"])
def reassess(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    active = selectors.active_criteria_set()
    assessment = selectors.latest_assessment(case)
    answers = assessment.answers if assessment else case.triage_answers
    form = ReassessForm(request.POST or None, criteria=active.criteria.all(), answers=answers)
    return run_action(
        request,
        form=form,
        act=lambda reason, **_answers: services.case_reassess(
            case=case, changes=form.answers(), actor=request.user, reason=reason
        ),
        action=Action(
            title=_("Antwoorden aanvullen of corrigeren"),
            intro=_("Er komt een nieuwe beoordeling; de vorige blijft bewaard met haar versie."),
            submit=_("Opnieuw beoordelen"),
            back=_workspace(case),
            back_label=_("Terug naar de casus"),
            context={"case": case},
        ),
        success=lambda _a: _(
            "De antwoorden zijn bijgewerkt; er is een nieuwe beoordeling gemaakt."
        ),
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
