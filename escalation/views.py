"""Web views of the ladder (team), the approvals (lead), the liaison portal, notifications
and the public status page for the person concerned."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
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
from cases import services as case_services
from cases.forms import CloseForm, ResolveForm
from cases.models import Case, StatusLink

from . import deadlines, selectors, services
from .forms import (
    ApprovalForm,
    ExtendForm,
    KamerForm,
    RequestForm,
    RespondForm,
    RungMoveForm,
    StatusLinkForm,
)
from .models import Deadline, DienstRequest, KamerReportItem, Notification

PAGE_SIZE = 25
STATUS_PAGE_RATE = 30  # requests per minute per address


def _team_case(request, reference) -> Case:
    if not request.user.is_team:
        raise PermissionDenied
    try:
        return case_selectors.case_get(user=request.user, reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- ladder (team) ---------------------------------------------------------------------------


def _ladder_context(request, case, **forms):
    requests_ = list(selectors.case_requests(case=case))
    next_rung = services.next_rung(case)
    suggest_up = (
        any(
            r.outcome == DienstRequest.Outcome.REJECTED for r in requests_ if r.status == "answered"
        )
        or case.deadlines.filter(
            kind__in=[Deadline.Kind.DIENST_ACKNOWLEDGE, Deadline.Kind.DIENST_ANSWER],
            status=Deadline.Status.OPEN,
            due_at__lt=timezone.now(),
        ).exists()
    )
    return {
        "case": case,
        "rungs": selectors.active_rungs(),
        "requests": requests_,
        "deadlines": selectors.open_deadlines(case=case),
        "next_rung": next_rung,
        "suggest_up": suggest_up,
        "kamer_item": KamerReportItem.objects.filter(case=case).first(),
        "on_ladder": case.status in services.LADDER_STATUSES,
        "move_form": forms.get("move_form") or RungMoveForm(initial={"rung": next_rung}),
        "request_form": forms.get("request_form") or RequestForm(case=case),
        "kamer_form": forms.get("kamer_form") or KamerForm(),
        "extend_form": ExtendForm(),
        "timeline": selectors.case_timeline(user=request.user, case=case),
        "resolve_form": ResolveForm() if case.status in services.LADDER_STATUSES else None,
        "close_form": CloseForm(outcomes=case_services.OUTCOMES_FROM[case.status])
        if case.status in case_services.OUTCOMES_FROM
        else None,
        "now": timezone.now(),
        "nav": "cases",
    }


@login_required
def ladder(request, reference):
    case = _team_case(request, reference)
    return render(request, "escalation/ladder.html", _ladder_context(request, case))


def _ladder_action(request, case, form, form_key, act, success):
    """Validate a form of the ladder page, run the service, report success or show the
    page again with the error on the form. ``success`` turns the result into a message."""
    if form.is_valid():
        try:
            result = act(**form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, success(result))
            return redirect("escalation:ladder", reference=case.reference)
    context = _ladder_context(request, case, **{form_key: form})
    return render(request, "escalation/ladder.html", context, status=400)


@login_required
@require_POST
def rung_move(request, reference):
    case = _team_case(request, reference)
    return _ladder_action(
        request,
        case,
        RungMoveForm(request.POST),
        "move_form",
        lambda **data: services.case_rung_move(case=case, actor=request.user, **data),
        lambda moved: _("De casus staat nu op de trede ‘%(rung)s’.") % {"rung": moved.rung.name},
    )


def _request_sent_message(created: DienstRequest) -> str:
    if created.status == DienstRequest.Status.AWAITING_APPROVAL:
        return _("Het verzoek wacht op akkoord van een andere leidinggevende.")
    return _("Het verzoek is verstuurd aan %(d)s.") % {"d": created.dienst.name}


@login_required
@require_POST
def request_new(request, reference):
    case = _team_case(request, reference)
    return _ladder_action(
        request,
        case,
        RequestForm(request.POST, case=case),
        "request_form",
        lambda **data: services.request_create(case=case, actor=request.user, **data),
        _request_sent_message,
    )


@login_required
@require_POST
def kamer_propose(request, reference):
    case = _team_case(request, reference)
    return _ladder_action(
        request,
        case,
        KamerForm(request.POST),
        "kamer_form",
        lambda **data: services.kamer_item_propose(case=case, actor=request.user, **data),
        lambda _item: _(
            "De casus is voorgedragen; een andere leidinggevende keurt de beschrijving goed."
        ),
    )


@login_required
@require_POST
def deadline_extend(request, pk):
    if not request.user.is_team:
        raise PermissionDenied
    deadline = get_object_or_404(Deadline.objects.select_related("case"), pk=pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            deadlines.deadline_extend(deadline=deadline, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De termijn is verlengd."))
    else:
        messages.error(request, errors_text(form))
    return redirect("escalation:ladder", reference=deadline.case.reference)


# --- approvals (lead) -------------------------------------------------------------------------


@login_required
def approvals(request):
    if request.user.role != Role.LEAD:
        raise PermissionDenied
    return render(
        request,
        "escalation/approvals.html",
        {
            "requests": selectors.requests_awaiting_approval(user=request.user),
            "kamer_items": selectors.kamer_items_awaiting_approval(user=request.user),
            "form": ApprovalForm(),
            "nav": "approvals",
        },
    )


@login_required
@require_POST
def request_decide(request, pk):
    if request.user.role != Role.LEAD:
        raise PermissionDenied
    dienst_request = get_object_or_404(DienstRequest, pk=pk)
    form = ApprovalForm(request.POST)
    form.is_valid()
    try:
        if "approve" in request.POST:
            services.request_approve(request=dienst_request, actor=request.user)
            messages.success(
                request,
                _("Goedgekeurd: het verzoek is verstuurd aan %(d)s.")
                % {"d": dienst_request.dienst.name},
            )
        else:
            services.request_refuse(
                request=dienst_request, actor=request.user, note=form.cleaned_data.get("note", "")
            )
            messages.success(request, _("Het verzoek is niet goedgekeurd en wordt niet verstuurd."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("escalation:approvals")


@login_required
@require_POST
def kamer_approve(request, pk):
    if request.user.role != Role.LEAD:
        raise PermissionDenied
    item = get_object_or_404(KamerReportItem, pk=pk)
    try:
        services.kamer_item_approve(item=item, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("De voordracht voor de Kamerrapportage is goedgekeurd."))
    return redirect("escalation:approvals")


# --- liaison portal ----------------------------------------------------------------------------


def _require_liaison(user):
    if user.role != Role.LIAISON:
        raise PermissionDenied


@login_required
def inbox(request):
    _require_liaison(request.user)
    show = "answered" if request.GET.get("toon") == "beantwoord" else "open"
    page = Paginator(selectors.liaison_inbox(user=request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "escalation/inbox.html",
        {"page": page, "show": show, "now": timezone.now(), "nav": "inbox"},
    )


def _liaison_request(request, pk) -> DienstRequest:
    _require_liaison(request.user)
    try:
        return selectors.dienst_request_get(user=request.user, pk=pk)
    except DienstRequest.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def liaison_request(request, pk):
    dienst_request = _liaison_request(request, pk)
    form = RespondForm(request.POST or None, initial={"granted_until": dienst_request.freeze_until})
    if request.method == "POST":
        try:
            if "acknowledge" in request.POST:
                services.request_acknowledge(request=dienst_request, actor=request.user)
                messages.success(request, _("De ontvangst is bevestigd."))
                return redirect("escalation:liaison_request", pk=pk)
            if form.is_valid():
                services.request_respond(
                    request=dienst_request, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Uw antwoord is verstuurd aan de Belangenbehartiger."))
                return redirect("escalation:liaison_request", pk=pk)
        except DomainError as exc:
            _form_error(form, exc)
    return _render_liaison_request(request, dienst_request, form)


def _render_liaison_request(request, dienst_request, form, *, show_bsn: bool = False):
    return render(
        request,
        "escalation/liaison_request.html",
        {
            "req": dienst_request,
            "case": dienst_request.case,
            "form": form,
            "deadlines": dienst_request.deadlines.all(),
            "show_bsn": show_bsn,
            "now": timezone.now(),
            "nav": "inbox",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def liaison_reveal_bsn(request, pk):
    """The Dienst needs the number to find the file. It is shown only in the response to
    this POST, never through a URL, so every time it is shown is logged."""
    dienst_request = _liaison_request(request, pk)
    case_services.personal_data_view_record(
        case=dienst_request.case, user=request.user, channel="bsn"
    )
    form = RespondForm(initial={"granted_until": dienst_request.freeze_until})
    return _render_liaison_request(request, dienst_request, form, show_bsn=True)


# --- notifications -----------------------------------------------------------------------------


@login_required
def notifications(request):
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "escalation/notifications.html", {"page": page, "nav": "notifications"})


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("escalation:notifications")


# --- status link ("eigen dossier") ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def status_links(request, reference):
    if not request.user.is_helper:
        raise PermissionDenied
    try:
        case = case_selectors.case_get(user=request.user, reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None
    form = StatusLinkForm(request.POST or None)
    new_url = None
    if request.method == "POST" and form.is_valid():
        try:
            _link, token = case_services.status_link_create(case=case, user=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            new_url = request.build_absolute_uri(reverse("status_page", args=[token]))
            form = StatusLinkForm()
    return render(
        request,
        "escalation/status_links.html",
        {
            "case": case,
            "form": form,
            "new_url": new_url,
            "links": case.status_links.all(),
            "now": timezone.now(),
            "nav": "cases",
        },
    )


@login_required
@require_POST
def status_link_revoke(request, reference, pk):
    if not request.user.is_helper:
        raise PermissionDenied
    try:
        case = case_selectors.case_get(user=request.user, reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None
    link = get_object_or_404(StatusLink, pk=pk, case=case)
    case_services.status_link_revoke(link=link, user=request.user)
    messages.success(request, _("De statuslink is ingetrokken en werkt niet meer."))
    return redirect("escalation:status_links", reference=case.reference)


def _rate_limited(request) -> bool:
    address = request.META.get("REMOTE_ADDR", "unknown")
    key = f"status-page:{address}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, 120)
    return cache.incr(key) > STATUS_PAGE_RATE


def status_page(request, token):
    """Public, without login: reference, status in plain Dutch, current step, next deadline."""
    if _rate_limited(request):
        response = render(request, "escalation/status_page.html", {"limited": True}, status=429)
    else:
        case = case_services.status_link_case(token)
        if case is None:
            response = render(request, "escalation/status_page.html", {"invalid": True}, status=404)
        else:
            response = render(
                request,
                "escalation/status_page.html",
                {
                    "case": case,
                    "deadline": selectors.next_deadline(case),
                    "plain": selectors.plain_status(case),
                },
            )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
