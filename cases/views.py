"""Web views for cases: the helper's intake form and overview, the team list, case pages.

Views stay thin: a form validates, a selector fetches what the user may see, a service writes.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from belangenbehartiger.errors import DomainError
from belangenbehartiger.forms import errors_text
from escalation.selectors import next_deadline
from triage.selectors import answer_rows

from . import selectors, services
from .forms import (
    AnswerForm,
    AttachmentForm,
    CloseForm,
    MessageForm,
    ResolveForm,
    TeamCaseFilterForm,
    WithdrawForm,
)
from .intake import FIRST_STEP, STEP_BY_SLUG, STEPS, next_step, step_for_field
from .models import Case, CaseStatus
from .uploads import allowed_types_text

PAGE_SIZE = 25


def _require_role(user, *roles):
    if user.role not in roles:
        raise PermissionDenied


def _get_case_or_404(user, reference: str) -> Case:
    try:
        return selectors.case_get(user=user, reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None


def _get_draft_or_404(user, draft_uuid) -> Case:
    try:
        return selectors.draft_get(user=user, draft_uuid=draft_uuid)
    except Case.DoesNotExist:
        raise Http404 from None


# --- helper: overview and intake -------------------------------------------------------


@login_required
def case_list(request):
    """Helpers get their organisation's overview; the team gets the full case list."""
    if request.user.is_team:
        return team_case_list(request)
    _require_role(request.user, Role.HELPER)
    page = Paginator(selectors.helper_case_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "cases/helper_list.html", {"page": page, "nav": "cases"})


@login_required
@require_http_methods(["GET", "POST"])
def intake_start(request):
    """Step 1 of a new case. Its first POST creates the draft (once, by intake token)."""
    _require_role(request.user, Role.HELPER)
    form_class = FIRST_STEP.form_class
    if request.method == "POST":
        form = form_class(request.POST)
        token = request.POST.get("intake_token", "")[:64] or None
        if form.is_valid():
            case, _created = services.case_draft_create(
                user=request.user, data=form.data_for_service(), intake_token=token
            )
            return _after_step_save(request, case, FIRST_STEP)
    else:
        form = form_class()
        token = uuid.uuid4().hex
    return render(
        request,
        "cases/intake_step.html",
        {"form": form, "intake_token": token, **_step_context(None, FIRST_STEP)},
    )


def _step_context(case: Case | None, step) -> dict:
    return {
        "case": case,
        "step": step,
        "steps": STEPS,
        "current_index": STEPS.index(step),
        "nav": "new",
    }


def _after_step_save(request, case: Case, step):
    if "save_draft" in request.POST:
        messages.success(request, _("Het concept is opgeslagen. U kunt later verder gaan."))
        return redirect("cases:list")
    return redirect("cases:intake_step", draft=case.uuid, step=next_step(step).slug)


@login_required
@require_http_methods(["GET", "POST"])
def intake_step(request, draft, step):
    _require_role(request.user, Role.HELPER)
    case = _get_draft_or_404(request.user, draft)
    current = STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404
    if current.slug == "bijlagen":
        return _attachments_step(request, case, current)
    if current.slug == "controleren":
        return _review_step(request, case, current)
    form_class = current.form_class
    if request.method == "POST":
        form = form_class(request.POST, instance=case)
        if form.is_valid():
            m2m = {name: list(form.cleaned_data[name]) for name in form.m2m_fields}
            try:
                services.case_draft_update(
                    case=case, user=request.user, data=form.data_for_service(), **m2m
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return _after_step_save(request, case, current)
    else:
        form = form_class(instance=case)
    return render(
        request,
        "cases/intake_step.html",
        {"form": form, **_step_context(case, current)},
    )


def _attachments_step(request, case: Case, step):
    form = AttachmentForm()
    if request.method == "POST":
        if "save_draft" in request.POST or "next" in request.POST:
            return _after_step_save(request, case, step)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(
                    case=case, user=request.user, uploaded=form.cleaned_data["file"]
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("De bijlage is toegevoegd."))
                return redirect("cases:intake_step", draft=case.uuid, step=step.slug)
    return render(
        request,
        "cases/intake_attachments.html",
        {
            "form": form,
            "attachments": case.attachments.all(),
            "allowed_types": allowed_types_text(),
            **_step_context(case, step),
        },
    )


def _review_step(request, case: Case, step):
    errors = services.case_completeness_errors(case)
    if request.method == "POST" and not errors:
        try:
            services.case_submit(case=case, user=request.user)
        except DomainError as exc:
            case.refresh_from_db()
            if case.reference:
                # A double-clicked submit: the first click already submitted it.
                return redirect("cases:confirmation", reference=case.reference)
            messages.error(request, exc.message)
        else:
            return redirect("cases:confirmation", reference=case.reference)
    problems = [
        {"message": message, "step": step_for_field(field)} for field, message in errors.items()
    ]
    return render(
        request,
        "cases/intake_review.html",
        {
            "problems": problems,
            "attachments": case.attachments.all(),
            "triage_answers": answer_rows(case.triage_answers),
            **_step_context(case, step),
        },
    )


@login_required
@require_POST
def attachment_remove(request, draft, attachment_id):
    _require_role(request.user, Role.HELPER)
    case = _get_draft_or_404(request.user, draft)
    try:
        attachment = selectors.attachment_get(case=case, attachment_id=attachment_id)
    except case.attachments.model.DoesNotExist:
        raise Http404 from None
    services.attachment_remove(attachment=attachment, user=request.user)
    messages.success(request, _("De bijlage is verwijderd."))
    return redirect("cases:intake_step", draft=case.uuid, step="bijlagen")


@login_required
@require_http_methods(["GET", "POST"])
def draft_delete(request, draft):
    _require_role(request.user, Role.HELPER)
    case = _get_draft_or_404(request.user, draft)
    if request.method == "POST":
        services.draft_delete(case=case, user=request.user)
        messages.success(request, _("Het concept is verwijderd."))
        return redirect("cases:list")
    return render(request, "cases/draft_delete.html", {"case": case})


# --- case pages --------------------------------------------------------------------------


@login_required
def confirmation(request, reference):
    case = _get_case_or_404(request.user, reference)
    return render(request, "cases/confirmation.html", {"case": case})


@login_required
def case_detail(request, reference):
    case = _get_case_or_404(request.user, reference)
    show_personal = selectors.can_see_personal_data(request.user, case)
    if show_personal:
        services.personal_data_view_record(case=case, user=request.user, channel="web")
    context = {
        "case": case,
        "show_personal": show_personal,
        "events": selectors.case_events_for(user=request.user, case=case),
        "attachments": case.attachments.all(),
        "duplicates": selectors.case_possible_duplicates(case=case).only("reference")
        if request.user.is_team
        else None,
        "can_withdraw": request.user.is_helper and case.is_open,
        "triage_answers": answer_rows(case.triage_answers),
        "messages_list": selectors.case_messages_for(user=request.user, case=case),
        "next_deadline": next_deadline(case),
        "now": timezone.now(),
        "message_form": MessageForm(),
        "answer_form": AnswerForm()
        if request.user.is_helper and case.status == CaseStatus.INFO_REQUESTED
        else None,
        "nav": "cases",
    }
    return render(request, "cases/detail.html", context)


@login_required
def attachment_download(request, reference, attachment_id):
    """The only way to get an upload: through the same visibility check as the case."""
    case = _get_case_or_404(request.user, reference)
    try:
        attachment = selectors.attachment_get(case=case, attachment_id=attachment_id)
    except case.attachments.model.DoesNotExist:
        raise Http404 from None
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_withdraw(request, reference):
    _require_role(request.user, Role.HELPER)
    case = _get_case_or_404(request.user, reference)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_withdraw(case=case, user=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De casus is ingetrokken."))
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/withdraw.html", {"case": case, "form": form})


@login_required
@require_POST
def message_create(request, reference):
    """A message in the case's conversation, from the team or the helper's organisation."""
    case = _get_case_or_404(request.user, reference)
    if not (request.user.is_team or request.user.is_helper):
        raise PermissionDenied
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(
                case=case,
                author=request.user,
                body=form.cleaned_data["body"],
                internal=request.user.is_team and form.cleaned_data["internal"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Het bericht is geplaatst."))
    else:
        messages.error(request, _("Het bericht is leeg."))
    return redirect(reverse("cases:detail", args=[case.reference]) + "#berichten")


@login_required
@require_POST
def info_answer(request, reference):
    """The helper answers the team's question; the case goes back to triage."""
    _require_role(request.user, Role.HELPER)
    case = _get_case_or_404(request.user, reference)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.helper_answer(case=case, helper=request.user, body=form.cleaned_data["body"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Uw antwoord is verstuurd. Het team beoordeelt de casus verder.")
            )
    else:
        messages.error(request, _("Vul uw antwoord in."))
    return redirect(reverse("cases:detail", args=[case.reference]) + "#berichten")


@login_required
@require_POST
def resolve(request, reference):
    if not request.user.is_team:
        raise PermissionDenied
    case = _get_case_or_404(request.user, reference)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.case_resolve(case=case, user=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De casus is opgelost. Sluit haar af met de uitkomst."))
    else:
        messages.error(request, _("Beschrijf de oplossing."))
    return redirect("escalation:ladder", reference=case.reference)


@login_required
@require_POST
def close(request, reference):
    if not request.user.is_team:
        raise PermissionDenied
    case = _get_case_or_404(request.user, reference)
    form = CloseForm(request.POST, outcomes=services.OUTCOMES_FROM.get(case.status, ()))
    if form.is_valid():
        try:
            services.case_close(case=case, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De casus is gesloten."))
    else:
        messages.error(request, errors_text(form))
    return redirect("escalation:ladder", reference=case.reference)


# --- team --------------------------------------------------------------------------------


def team_case_list(request):
    form = TeamCaseFilterForm(request.GET or None)
    filters = selectors.TeamCaseFilters()
    if form.is_valid():
        filters = selectors.TeamCaseFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        )
    cases = selectors.team_case_list(user=request.user, filters=filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = selectors.mark_possible_duplicates(list(page.object_list))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "cases/team_list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "list_url": reverse("cases:list"),
            "nav": "cases",
        },
    )
