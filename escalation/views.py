"""Web views of the ladder (team), the approvals (lead), the liaison portal, the status links
and the public status page for the person concerned.

Thin: a role decorator says who may open a page, a ``*_for_user_or_404`` selector fetches
what the user may see, ``run_form`` runs one service, and domain errors map to HTTP in
belangenbehartiger/web_errors.py.
"""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import (
    helper_required,
    lead_required,
    liaison_required,
    role_required,
    team_required,
)
from accounts.models import STAFF_ROLES, Role
from belangenbehartiger.http import get_or_404
from belangenbehartiger.qr import qr_data_uri
from belangenbehartiger.web_errors import run_form
from cases import selectors as case_selectors
from cases import services as case_services
from cases.forms import CloseForm, ResolveForm
from cases.status import STATUSES

from . import selectors, services, sharing
from .forms import (
    ApprovalForm,
    ExtendForm,
    KamerForm,
    RequestForm,
    RespondForm,
    RungMoveForm,
    ShareForm,
    StatusLinkForm,
)
from .models import DienstRequest, KamerReportItem

PAGE_SIZE = 25
STATUS_PAGE_RATE = 30  # requests per minute per address


# --- ladder (team) ---------------------------------------------------------------------------


def _ladder_context(request, case, **forms):
    requests_ = list(selectors.case_requests(case=case).prefetch_related("deadlines"))
    rung = selectors.current_rung(case)
    next_rung = selectors.next_rung(case, rung)
    status = STATUSES[case.status]
    return {
        "case": case,
        "rung": rung,
        "rungs": selectors.active_rungs(),
        "requests": requests_,
        "deadlines": selectors.case_open_deadlines(case),
        "next_rung": next_rung,
        "suggest_up": selectors.suggest_next_rung(case, requests_),
        "kamer_item": KamerReportItem.objects.filter(case=case).first(),
        "on_ladder": status.on_ladder,
        "move_form": forms.get("move_form") or RungMoveForm(initial={"rung": next_rung}),
        "request_form": forms.get("request_form") or RequestForm(case=case),
        "kamer_form": forms.get("kamer_form") or KamerForm(),
        "extend_form": ExtendForm(),
        "timeline": selectors.case_timeline(user=request.user, case=case),
        "resolve_form": ResolveForm() if status.on_ladder else None,
        "close_form": CloseForm(outcomes=status.outcomes) if status.outcomes else None,
        "now": timezone.now(),
        "nav": "cases",
    }


@team_required
def ladder(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return render(request, "escalation/ladder.html", _ladder_context(request, case))


def _ladder_action(request, case, form, form_key, act, success):
    """Run one form of the ladder page: back to the page with a message, or the page again
    with the error on the form."""
    done, result = run_form(form, act)
    if done:
        messages.success(request, success(result))
        return redirect("escalation:ladder", reference=case.reference)
    context = _ladder_context(request, case, **{form_key: form})
    return render(request, "escalation/ladder.html", context, status=400)


@team_required
@require_POST
def rung_move(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return _ladder_action(
        request,
        case,
        RungMoveForm(request.POST),
        "move_form",
        lambda **data: services.case_rung_move(case=case, actor=request.user, **data),
        lambda moved: (
            _("De casus staat nu op de trede ‘%(rung)s’.")
            % {"rung": selectors.current_rung(moved).name}
        ),
    )


def _request_sent_message(created: DienstRequest) -> str:
    if created.status == DienstRequest.Status.AWAITING_APPROVAL:
        return _("Het verzoek wacht op akkoord van een andere leidinggevende.")
    return _("Het verzoek is verstuurd aan %(d)s.") % {"d": created.dienst.name}


@team_required
@require_POST
def request_new(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return _ladder_action(
        request,
        case,
        RequestForm(request.POST, case=case),
        "request_form",
        lambda **data: services.request_create(case=case, actor=request.user, **data),
        _request_sent_message,
    )


@team_required
@require_POST
def kamer_propose(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
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


@team_required
@require_POST
def deadline_extend(request, pk):
    deadline = selectors.team_deadline_for_user_or_404(request.user, pk)
    case = selectors.deadline_case(deadline)
    form = ExtendForm(request.POST)
    done, _result = run_form(
        form,
        lambda **data: services.request_deadline_extend(
            deadline=deadline, actor=request.user, **data
        ),
    )
    if done:
        messages.success(request, _("De termijn is verlengd."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("escalation:ladder", reference=case.reference)


# --- documents shared with a Dienst (team) -----------------------------------------------------


@team_required
@require_http_methods(["GET", "POST"])
def attachment_share(request, reference, attachment_id):
    """Share one document of the case with the Dienst of a request. This page is the
    confirmation: sharing cannot be undone, so it says what the Dienst will get first."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    attachment = case_selectors.attachment_for_case_or_404(case, attachment_id)
    requests_ = selectors.shareable_requests(case=case)
    form = ShareForm(request.POST if request.method == "POST" else None, requests=requests_)
    if request.method == "POST":
        user = request.user
        done, share = run_form(
            form,
            # The form's field is called "request" too: the Dienst request chosen.
            lambda **data: sharing.attachment_share(
                request=data["request"], attachment=attachment, actor=user
            ),
        )
        if done:
            messages.success(
                request,
                _("‘%(name)s’ is gedeeld met %(dienst)s.")
                % {"name": attachment.original_name, "dienst": share.request.dienst.name},
            )
            return redirect(reverse("cases:detail", args=[case.reference]) + "#bijlagen")
    return render(
        request,
        "escalation/attachment_share.html",
        {
            "case": case,
            "attachment": attachment,
            "form": form,
            "has_requests": requests_.exists(),
            "already": selectors.case_shares(case=case).get(attachment.pk, []),
            "nav": "cases",
        },
        status=400 if form.errors else 200,
    )


@liaison_required
def liaison_attachment_download(request, pk, share_id):
    """A document the team shared with this request, for the Dienst's liaisons only; each
    download is recorded (who, which, when)."""
    share = selectors.attachment_share_for_user_or_404(request.user, pk, share_id)
    sharing.attachment_download_record(share=share, user=request.user)
    attachment = share.attachment
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- approvals (lead) -------------------------------------------------------------------------


@lead_required
def approvals(request):
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


@lead_required
@require_POST
def request_decide(request, pk):
    dienst_request = selectors.request_awaiting_approval_or_404(request.user, pk)
    form = ApprovalForm(request.POST)
    form.is_valid()
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
    return redirect("escalation:approvals")


@lead_required
@require_POST
def kamer_decide(request, pk):
    item = selectors.kamer_item_for_user_or_404(request.user, pk)
    form = ApprovalForm(request.POST)
    form.is_valid()
    if "refuse" in request.POST:
        services.kamer_item_refuse(
            item=item, actor=request.user, note=form.cleaned_data.get("note", "")
        )
        messages.success(request, _("De voordracht is niet goedgekeurd."))
    else:
        services.kamer_item_approve(item=item, actor=request.user)
        messages.success(request, _("De voordracht voor de Kamerrapportage is goedgekeurd."))
    return redirect("escalation:approvals")


# --- liaison portal ----------------------------------------------------------------------------


@liaison_required
def inbox(request):
    show = "answered" if request.GET.get("toon") == "beantwoord" else "open"
    page = Paginator(selectors.liaison_inbox(user=request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "escalation/inbox.html",
        {"page": page, "show": show, "now": timezone.now(), "nav": "inbox"},
    )


@liaison_required
@require_http_methods(["GET", "POST"])
def liaison_request(request, pk):
    dienst_request = selectors.dienst_request_for_user_or_404(request.user, pk)
    form = RespondForm(request.POST or None, initial={"granted_until": dienst_request.freeze_until})
    if request.method == "POST":
        if "acknowledge" in request.POST:
            services.request_acknowledge(request=dienst_request, actor=request.user)
            messages.success(request, _("De ontvangst is bevestigd."))
            return redirect("escalation:liaison_request", pk=pk)
        done, _result = run_form(
            form,
            lambda **data: services.request_respond(
                request=dienst_request, actor=request.user, **data
            ),
        )
        if done:
            messages.success(request, _("Uw antwoord is verstuurd aan de Belangenbehartiger."))
            return redirect("escalation:liaison_request", pk=pk)
    return _render_liaison_request(request, dienst_request, form)


def _render_liaison_request(request, dienst_request, form, *, show_bsn: bool = False):
    return render(
        request,
        "escalation/liaison_request.html",
        {
            "req": dienst_request,
            "case": dienst_request.case,
            "shares": selectors.request_shares(request=dienst_request),
            "form": form,
            "deadlines": dienst_request.deadlines.all(),
            "show_bsn": show_bsn,
            "now": timezone.now(),
            "nav": "inbox",
        },
        status=400 if form.errors else 200,
    )


@liaison_required
@require_POST
def liaison_reveal_bsn(request, pk):
    """The Dienst needs the number to find the file. It is shown only in the response to
    this POST, never through a URL, so every time it is shown is logged."""
    dienst_request = selectors.dienst_request_for_user_or_404(request.user, pk)
    case_services.personal_data_view_record(
        case=dienst_request.case, user=request.user, channel="bsn"
    )
    form = RespondForm(initial={"granted_until": dienst_request.freeze_until})
    return _render_liaison_request(request, dienst_request, form, show_bsn=True)


# --- status link ("eigen dossier") ---------------------------------------------------------------


@helper_required
@require_http_methods(["GET", "POST"])
def status_links(request, reference):
    """The helper makes a status link for the person and hands it over: shown once, with a
    copy button and a QR code for the person's phone, and until when it works."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    form = StatusLinkForm(request.POST or None)
    new = None
    if request.method == "POST":
        done, created = run_form(
            form, lambda **_data: case_services.status_link_create(case=case, user=request.user)
        )
        if done:
            link, token = created
            url = request.build_absolute_uri(reverse("status_page", args=[token]))
            new = {"url": url, "qr": qr_data_uri(url), "link": link}
            form = StatusLinkForm()
    return render(
        request,
        "escalation/status_links.html",
        {
            "case": case,
            "form": form,
            "new": new,
            "links": case_selectors.case_status_links(case=case),
            "now": timezone.now(),
            "nav": "cases",
        },
    )


@role_required(Role.HELPER, *STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def status_link_revoke(request, reference, pk):
    """Revoke a status link, after a confirmation: the person can no longer use it."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    link = get_or_404(case_selectors.case_status_links(case=case), pk=pk)
    back = (
        reverse("escalation:status_links", args=[case.reference])
        if request.user.is_helper
        else reverse("cases:detail", args=[case.reference])
    )
    if request.method == "POST":
        case_services.status_link_revoke(link=link, user=request.user)
        messages.success(request, _("De statuslink is ingetrokken en werkt niet meer."))
        return redirect(back)
    return render(
        request,
        "escalation/status_link_revoke.html",
        {"case": case, "link": link, "back": back, "now": timezone.now(), "nav": "cases"},
    )


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
                    "step": selectors.public_step(case),
                    "deadline": selectors.next_deadline(case),
                    "plain": selectors.plain_status(case),
                },
            )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
