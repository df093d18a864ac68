"""Web views of the case file: the helper's intake form and overview, the team list, the
case page and its actions (messages, answers, attachments, withdraw, resolve, close), the
team's case workspace, reassigning a case and a casemanager's werkvoorraad.

Thin: a role decorator says who may open a page, a ``*_for_user_or_404`` selector fetches
what the user may see, ``run_form`` runs one service, and domain errors map to HTTP in
belangenbehartiger/web_errors.py.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import helper_required, role_required, team_required
from accounts.models import STAFF_ROLES, Role
from belangenbehartiger.actions import Action, run_action
from belangenbehartiger.errors import DomainError
from belangenbehartiger.forms import errors_text, style_widgets
from belangenbehartiger.pagination import CountedPaginator
from belangenbehartiger.web_errors import run_form
from cases import selectors, services
from cases.forms import (
    AnswerForm,
    AttachmentForm,
    CaseAttachmentForm,
    CloseForm,
    FeedbackForm,
    MessageForm,
    ReassignForm,
    ResolveForm,
    TeamCaseFilterForm,
    WithdrawForm,
)
from cases.models import Case, CaseStatus, Feedback
from cases.status import STATUSES
from cases.uploads import allowed_types_text
from escalation import services as ladder_services
from escalation.selectors import case_shares, next_deadline, public_step
from triage.selectors import answer_rows

from . import selectors as work
from . import steps
from .forms import DraftInput
from .intake import (
    FIRST_STEP,
    STEP_BY_SLUG,
    incomplete_steps,
    next_step,
    self_check_answers,
    step_for_field,
    step_rows,
)

PAGE_SIZE = 25


# --- helper: overview and intake -------------------------------------------------------


@login_required
def case_list(request):
    """Helpers get their organisation's overview; the team gets the full case list."""
    if request.user.is_team:
        return team_case_list(request)
    if not request.user.is_helper:
        raise PermissionDenied
    drafts = Paginator(selectors.helper_drafts(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("concepten")
    )
    cases = selectors.helper_submitted_cases(user=request.user)
    total = selectors.Total.bounded(selectors.bounded_count(cases))
    page = CountedPaginator(cases, PAGE_SIZE, count=total.n, more=total.more).get_page(
        request.GET.get("pagina")
    )
    draft_rows = [{"case": case, "missing": incomplete_steps(case)} for case in drafts]
    return render(
        request,
        "cases/helper_list.html",
        {
            "page": page,
            "query": _query_without(request, "pagina"),
            "drafts": drafts,
            "draft_rows": draft_rows,
            "drafts_query": _query_without(request, "concepten"),
            "nav": "cases",
        },
    )


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@helper_required
@require_http_methods(["GET", "POST"])
def intake_start(request):
    """Step 1 of a new case. Its first POST creates the draft (once, by intake token)."""
    form_class = FIRST_STEP.form_class
    token = uuid.uuid4().hex
    if request.method == "POST":
        form = form_class(request.POST)
        token = request.POST.get("intake_token", "")[:64] or None
        # The self-check's answers leave the session only once a draft holds them.
        answers = self_check_answers(request.session)
        if "save_draft" in request.POST:
            draft = form.draft_input()
            if draft.is_empty:
                messages.info(
                    request, _("Er is nog niets ingevuld. Een leeg concept bewaren wij niet.")
                )
                form = form_class()
            else:
                data = {**draft.data, "triage_answers": answers} if answers else draft.data
                case, _created = steps.draft_create(
                    user=request.user, data=data, intake_token=token
                )
                self_check_answers(request.session, remove=True)
                return _after_draft_save(request, case, FIRST_STEP, form, draft)
        elif form.is_valid():
            data = form.data_for_service()
            if answers:
                data["triage_answers"] = answers
            case, _created = steps.draft_create(user=request.user, data=data, intake_token=token)
            self_check_answers(request.session, remove=True)
            return redirect("cases:intake_step", draft=case.uuid, step=next_step(FIRST_STEP).slug)
    else:
        form = form_class()
    return render(
        request,
        "cases/intake_step.html",
        {
            "form": form,
            "intake_token": token,
            "self_check_answers": bool(self_check_answers(request.session)),
            **_step_context(None, FIRST_STEP),
        },
    )


def _step_context(case: Case | None, step, errors: dict | None = None) -> dict:
    return {
        "case": case,
        "step": step,
        "step_rows": step_rows(case, step, errors),
        "nav": "new",
    }


def _after_draft_save(request, case: Case, step, form=None, draft: DraftInput | None = None):
    """Tell the helper what was kept and what is still missing. When some input could not
    be kept (a date that is no date), stay on the step with that input and its error, so
    nothing typed is lost; otherwise back to the overview, where the draft is listed."""
    missing = incomplete_steps(case)
    if missing:
        saved = _("Het concept is opgeslagen. Nog niet compleet: %(steps)s.") % {
            "steps": ", ".join(str(s.title) for s in missing)
        }
    else:
        saved = _("Het concept is opgeslagen en is compleet: u kunt het indienen.")
    if draft is not None and draft.not_saved:
        # Only the errors of what was not kept: the rest waits for "Opslaan en verder".
        form._errors = ErrorDict(
            {
                name: errors
                for name, errors in form.errors.items()
                if name in form.fields and str(form.fields[name].label) in draft.not_saved
            }
        )
        style_widgets(form)
        messages.warning(
            request,
            saved
            + " "
            + _("Niet opgeslagen, want niet geldig: %(fields)s. Verbeter dit en sla opnieuw op.")
            % {"fields": ", ".join(draft.not_saved)},
        )
        return render(
            request,
            "cases/intake_step.html",
            {"form": form, **_step_context(case, step)},
            status=400,
        )
    messages.success(request, saved)
    return redirect("cases:list")


@helper_required
@require_http_methods(["GET", "POST"])
def intake_step(request, draft, step):
    case = selectors.draft_for_user_or_404(request.user, draft)
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
        if "save_draft" in request.POST:
            draft_input = form.draft_input()
            steps.draft_update(
                case=case, user=request.user, data=draft_input.data, **draft_input.m2m
            )
            return _after_draft_save(request, case, current, form, draft_input)
        done, _result = run_form(
            form,
            lambda **cleaned: steps.draft_update(
                case=case,
                user=request.user,
                data=form.data_for_service(),
                **{name: list(cleaned[name]) for name in form.m2m_fields},
            ),
        )
        if done:
            return redirect("cases:intake_step", draft=case.uuid, step=next_step(current).slug)
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
        if "save_draft" in request.POST:
            return _after_draft_save(request, case, step)
        if "next" in request.POST:
            return redirect("cases:intake_step", draft=case.uuid, step=next_step(step).slug)
        form = AttachmentForm(request.POST, request.FILES)
        done, _result = run_form(
            form,
            lambda file, **_other: services.attachment_add(
                case=case, user=request.user, uploaded=file
            ),
        )
        if done:
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
            steps.case_submit(case=case, user=request.user)
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
            **_step_context(case, step, errors),
        },
    )


@helper_required
@require_POST
def attachment_remove(request, draft, attachment_id):
    case = selectors.draft_for_user_or_404(request.user, draft)
    attachment = selectors.attachment_for_case_or_404(case, attachment_id)
    services.attachment_remove(attachment=attachment, user=request.user)
    messages.success(request, _("De bijlage is verwijderd."))
    return redirect("cases:intake_step", draft=case.uuid, step="bijlagen")


@helper_required
@require_http_methods(["GET", "POST"])
def draft_delete(request, draft):
    case = selectors.draft_for_user_or_404(request.user, draft)
    if request.method == "POST":
        services.draft_delete(case=case, user=request.user)
        messages.success(request, _("Het concept is verwijderd."))
        return redirect("cases:list")
    return render(request, "cases/draft_delete.html", {"case": case})


# --- case pages --------------------------------------------------------------------------


@login_required
def confirmation(request, reference):
    case = selectors.case_for_user_or_404(request.user, reference)
    return render(request, "cases/confirmation.html", {"case": case})


def attachment_rows(*, user, case: Case) -> list[dict]:
    """The case's documents and, for the team, with which Dienst each was shared and who
    there downloaded it (three queries, whatever the number of documents)."""
    shares = case_shares(case=case) if user.is_team else {}
    return [
        {"attachment": a, "shares": shares.get(a.pk, [])}
        for a in selectors.case_attachments(case=case)
    ]


def _detail_context(request, case: Case, **forms) -> dict:
    user = request.user
    show_personal = selectors.can_see_personal_data(user, case)
    may_attach = case.is_open and (user.is_team or user.is_helper)
    answer_form = None
    if user.is_helper and case.status == CaseStatus.INFO_REQUESTED:
        answer_form = forms.get("answer_form") or AnswerForm()
    return {
        "case": case,
        "show_personal": show_personal,
        "events": selectors.case_event_rows(user=user, case=case),
        "attachment_rows": attachment_rows(user=user, case=case),
        "may_share": user.is_team and case.is_open,
        "attachment_form": (forms.get("attachment_form") or CaseAttachmentForm())
        if may_attach
        else None,
        "can_withdraw": user.is_helper and case.is_open,
        "triage_answers": answer_rows(case.triage_answers),
        "messages_list": selectors.case_messages_for(user=user, case=case),
        "next_deadline": next_deadline(case),
        "step": public_step(case),
        "now": timezone.now(),
        "message_form": MessageForm(),
        "answer_form": answer_form,
        **_feedback_context(user, case, forms.get("feedback_form")),
        "nav": "cases",
    }


def _feedback_context(user, case: Case, form=None) -> dict:
    """The helper's rating after closure: the form while it may be given, then what was."""
    if not user.is_helper or case.status != CaseStatus.CLOSED:
        return {}
    given = selectors.feedback_given(case=case, respondent=Feedback.Respondent.HELPER)
    return {
        "feedback_given": given,
        "feedback_form": None if given else form or FeedbackForm(),
        "feedback_action": reverse("cases:feedback", args=[case.reference]),
    }


@helper_required
@require_POST
def case_feedback(request, reference):
    """The helper rates the outcome and the process of a closed case, once."""
    case = selectors.case_for_user_or_404(request.user, reference)
    form = FeedbackForm(request.POST)
    done, _given = run_form(
        form,
        lambda **data: services.feedback_give(
            case=case, respondent=Feedback.Respondent.HELPER, user=request.user, **data
        ),
    )
    if done:
        messages.success(request, _("Dank u wel voor uw oordeel."))
        return redirect(reverse("cases:detail", args=[case.reference]) + "#oordeel")
    context = _detail_context(request, case, feedback_form=form)
    return render(request, "cases/detail.html", context, status=400)


@login_required
def case_detail(request, reference):
    """The case page: for the team its workspace, for the helper its own view."""
    case = selectors.case_for_user_or_404(request.user, reference)
    if request.user.is_team:
        return _workspace(request, case)
    if selectors.can_see_personal_data(request.user, case):
        services.personal_data_access_record(case=case, user=request.user, operation="case.view")
    return render(request, "cases/detail.html", _detail_context(request, case))


@role_required(Role.HELPER, *STAFF_ROLES)
@require_POST
def attachment_add(request, reference):
    """A document added to a submitted case, by its helper or the team (e.g. the beschikking
    the team asked for, or a letter of the Dienst)."""
    case = selectors.case_for_user_or_404(request.user, reference)
    form = CaseAttachmentForm(request.POST, request.FILES)
    done, attachment = run_form(
        form,
        lambda file, description: services.attachment_add(
            case=case, user=request.user, uploaded=file, description=description
        ),
    )
    if done:
        messages.success(
            request, _("De bijlage ‘%(name)s’ is toegevoegd.") % {"name": attachment.original_name}
        )
        return redirect(reverse("cases:detail", args=[case.reference]) + "#bijlagen")
    if request.user.is_team:
        return _workspace(request, case, attachment_form=form, status=400)
    context = _detail_context(request, case, attachment_form=form)
    return render(request, "cases/detail.html", context, status=400)


@login_required
def attachment_download(request, reference, attachment_id):
    """The only way to get an upload: through the same visibility check as the case."""
    case = selectors.case_for_user_or_404(request.user, reference)
    attachment = selectors.attachment_for_case_or_404(case, attachment_id)
    services.personal_data_access_record(
        case=case, user=request.user, operation="attachment.download"
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@helper_required
@require_http_methods(["GET", "POST"])
def case_withdraw(request, reference):
    case = selectors.case_for_user_or_404(request.user, reference)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        done, _result = run_form(
            form, lambda reason: steps.case_withdraw(case=case, user=request.user, reason=reason)
        )
        if done:
            messages.success(request, _("De casus is ingetrokken."))
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/withdraw.html", {"case": case, "form": form})


def _back_to_conversation(case: Case):
    return redirect(reverse("cases:detail", args=[case.reference]) + "#berichten")


@login_required
@require_POST
def message_create(request, reference):
    """A message in the case's conversation, from the team or the helper's organisation.

    The same service as the API: a helper's message while the team waits for information
    answers the question and returns the case to triage.
    """
    case = selectors.case_for_user_or_404(request.user, reference)
    form = MessageForm(request.POST)
    done, _result = run_form(
        form,
        lambda body, internal: services.conversation_post(
            case=case, author=request.user, body=body, internal=request.user.is_team and internal
        ),
    )
    if done:
        messages.success(request, _("Het bericht is geplaatst."))
    else:
        messages.error(request, errors_text(form))
    return _back_to_conversation(case)


@helper_required
@require_POST
def info_answer(request, reference):
    """The helper answers the team's question, with the documents asked for if any; the case
    goes back to triage. A refused file shows the answer form again, text kept."""
    case = selectors.case_for_user_or_404(request.user, reference)
    form = AnswerForm(request.POST, request.FILES)
    done, _result = run_form(
        form,
        lambda body, files: services.helper_answer(
            case=case, helper=request.user, body=body, files=files
        ),
    )
    if done:
        messages.success(
            request, _("Uw antwoord is verstuurd. Het team beoordeelt de casus verder.")
        )
        return _back_to_conversation(case)
    context = _detail_context(request, case, answer_form=form)
    return render(request, "cases/detail.html", context, status=400)


def _workspace(request, case: Case, *, attachment_form=None, status: int = 200):
    """The team's one page of a case. Opening it shows personal data (logged) and the
    Dienst's responses, which are then read for the case's casemanager."""
    services.personal_data_access_record(case=case, user=request.user, operation="case.view")
    context = work.case_workspace(user=request.user, case=case)
    ladder_services.request_responses_mark_seen(case=case, user=request.user)
    return render(
        request,
        "casework/workspace.html",
        {
            **context,
            "attachment_rows": attachment_rows(user=request.user, case=case),
            "may_share": case.is_open,
            "attachment_form": (attachment_form or CaseAttachmentForm(auto_id="bijlage_%s"))
            if case.is_open
            else None,
            "message_form": MessageForm(auto_id="bericht_%s"),
            "now": timezone.now(),
            "nav": "cases",
        },
        status=status,
    )


def _back_to(case: Case, section: str) -> str:
    return reverse("cases:detail", args=[case.reference]) + f"#{section}"


@team_required
@require_http_methods(["GET", "POST"])
def resolve(request, reference):
    case = selectors.case_for_user_or_404(request.user, reference)
    return run_action(
        request,
        form=ResolveForm(request.POST or None),
        act=lambda reason: steps.case_resolve(case=case, user=request.user, reason=reason),
        action=Action(
            title=_("Casus oplossen"),
            intro=_(
                "Een casus kan op elke trede worden opgelost. Daarna sluit u haar af met de "
                "uitkomst."
            ),
            submit=_("Controleren"),
            confirm=_("Ja, markeer als opgelost"),
            warning=_(
                "De casus wordt opgelost: openstaande verzoeken aan de Diensten worden "
                "ingetrokken en alle termijnen stoppen. De hulpverlener ziet de nieuwe status."
            ),
            back=_back_to(case, "afronden"),
            back_label=_("Terug naar de casus"),
            context={"case": case},
        ),
        success=lambda _case: _("De casus is opgelost. Sluit haar af met de uitkomst."),
    )


@team_required
@require_http_methods(["GET", "POST"])
def close(request, reference):
    case = selectors.case_for_user_or_404(request.user, reference)
    return run_action(
        request,
        form=CloseForm(request.POST or None, outcomes=STATUSES[case.status].outcomes),
        act=lambda **data: steps.case_close(case=case, user=request.user, **data),
        action=Action(
            title=_("Casus sluiten"),
            intro=_("Leg de uitkomst vast en, waar bekend, wat de casus heeft opgeleverd."),
            submit=_("Controleren"),
            confirm=_("Ja, sluit de casus"),
            warning=_(
                "Een gesloten casus gaat niet meer open: er kunnen geen berichten of verzoeken "
                "meer bij."
            ),
            back=_back_to(case, "afronden"),
            back_label=_("Terug naar de casus"),
            context={"case": case},
        ),
        success=lambda _case: _("De casus is gesloten."),
    )


@team_required
@require_http_methods(["GET", "POST"])
def reassign(request, reference):
    """A lead, or the casemanager of the case, hands it over with a reason."""
    case = selectors.case_for_user_or_404(request.user, reference)
    if not selectors.can_reassign(request.user, case):
        raise PermissionDenied
    candidates = selectors.team_members().exclude(pk=case.assignee_id)
    return run_action(
        request,
        form=ReassignForm(request.POST or None, candidates=candidates),
        act=lambda **data: steps.case_reassign(case=case, actor=request.user, **data),
        action=Action(
            title=_("Casus overdragen"),
            intro=_(
                "De casus en haar lopende termijnen gaan naar de nieuwe casemanager. Die krijgt "
                "een melding; de hulpverlener hoort wie de nieuwe contactpersoon is."
            ),
            submit=_("Casus overdragen"),
            back=_back_to(case, "samenvatting"),
            back_label=_("Terug naar de casus"),
            context={"case": case},
        ),
        success=lambda moved: (
            _("De casus is overgedragen aan %(name)s.")
            % {"name": moved.assignee.get_full_name() or moved.assignee.username}
        ),
    )


@team_required
def workload(request):
    """A casemanager's home: its own cases by next deadline, what waits for it, what waits
    for a Dienst, and for a lead what waits for its approval."""
    now = timezone.now()
    pages = {
        name: request.GET.get(param)
        for name, param in (
            ("cases", "pagina"),
            ("team", "reactie"),
            ("unread", "gelezen"),
            ("dienst", "dienst"),
            ("approvals", "akkoord"),
        )
    }
    return render(
        request,
        "casework/workload.html",
        {
            "work": work.workload(user=request.user, now=now, pages=pages),
            "now": now,
            "nav": "workload",
        },
    )


# --- team --------------------------------------------------------------------------------


def team_case_list(request):
    form = TeamCaseFilterForm(request.GET or None)
    filters = selectors.TeamCaseFilters()
    if form.is_valid():
        filters = selectors.TeamCaseFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        )
    cases = selectors.team_case_list(user=request.user, filters=filters)
    total = selectors.team_case_total(
        user=request.user,
        cases=cases,
        status=filters.status,
        dienst=filters.dienst,
        theme=filters.theme,
        narrowed=bool(filters.organisation or filters.reference),
    )
    page = CountedPaginator(cases, PAGE_SIZE, count=total.n, more=total.more).get_page(
        request.GET.get("pagina")
    )
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
