"""Web views of the ladder's actions (team; the ladder itself is a section of the case
workspace in casework), the approvals (lead), the liaison portal, the status links and the
public status page for the person concerned.

Thin: a role decorator says who may open a page, a ``*_for_user_or_404`` selector fetches
what the user may see, ``run_form`` runs one service, and domain errors map to HTTP in
belangenbehartiger/web_errors.py.
"""

from django.contrib import messages
from django.core.cache import cache
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
from belangenbehartiger.actions import Action, run_action
from belangenbehartiger.http import get_or_404
from belangenbehartiger.pagination import CountedPaginator
from belangenbehartiger.qr import qr_data_uri
from belangenbehartiger.web_errors import run_form
from cases import selectors as case_selectors
from cases import services as case_services
from cases.forms import FeedbackForm
from cases.models import Feedback
from cases.selectors import Total, bounded_count

from . import selectors, services, sharing
from .forms import (
    ApprovalForm,
    CounterProposalForm,
    ExtendForm,
    InformalContactForm,
    KamerForm,
    ReplyForm,
    RequestForm,
    RespondForm,
    RungMoveForm,
    ShareForm,
    StatusLinkForm,
)
from .models import DienstRequest, KamerReportItem
from .status import AWAITING_DIENST

PAGE_SIZE = 25
STATUS_PAGE_RATE = 30  # requests per minute per address


# --- ladder (team): the sections of the case workspace, each action a page of its own ------


def _workspace(case, section: str = "ladder") -> str:
    """The team's case page (casework), at one of its sections."""
    return reverse("cases:detail", args=[case.reference]) + f"#{section}"


def _action(case, **kwargs) -> Action:
    kwargs.setdefault("back", _workspace(case))
    return Action(
        back_label=_("Terug naar de casus"),
        context={"case": case, **kwargs.pop("context", {})},
        **kwargs,
    )


@team_required
def ladder(request, reference):
    """The ladder is a section of the case workspace now. Without a fragment of its own the
    redirect keeps the one a reminder link carries (#verzoek-<id>)."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return redirect("cases:detail", reference=case.reference)


@team_required
@require_http_methods(["GET", "POST"])
def rung_move(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    rung = selectors.current_rung(case)
    return run_action(
        request,
        form=RungMoveForm(request.POST or None, initial={"rung": selectors.next_rung(case, rung)}),
        act=lambda **data: services.case_rung_move(case=case, actor=request.user, **data),
        action=_action(
            case,
            title=_("Trede wijzigen"),
            intro=(
                _("De casus staat nu op de trede ‘%(rung)s’.") % {"rung": rung.name}
                if rung
                else _("De casus staat nog niet op de ladder.")
            ),
            submit=_("Trede wijzigen"),
        ),
        success=lambda moved: (
            _("De casus staat nu op de trede ‘%(rung)s’.")
            % {"rung": selectors.current_rung(moved).name}
        ),
    )


def _request_sent_message(created: DienstRequest) -> str:
    if created.status == DienstRequest.Status.AWAITING_APPROVAL:
        return _("Het verzoek wacht op akkoord van een andere leidinggevende.")
    return _("Het verzoek is verstuurd aan %(d)s.") % {"d": created.dienst.name}


@team_required
@require_http_methods(["GET", "POST"])
def request_new(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return run_action(
        request,
        form=RequestForm(request.POST or None, case=case),
        act=lambda **data: services.request_create(case=case, actor=request.user, **data),
        action=_action(
            case,
            title=_("Nieuw verzoek aan een Dienst"),
            intro=_(
                "Een voorstel voor een alternatieve oplossing, een verzoek tot bevriezen of een "
                "vraag. De Dienst krijgt de termijnen van de trede."
            ),
            submit=_("Controleren"),
            confirm=_("Ja, verstuur het verzoek"),
            warning=_(
                "Het verzoek gaat naar de gekozen Dienst, die vanaf nu een antwoordtermijn "
                "heeft. Op een trede met een tweede paar ogen (zoals bevriezen) keurt eerst "
                "een andere leidinggevende het goed."
            ),
        ),
        success=_request_sent_message,
    )


@team_required
@require_http_methods(["GET", "POST"])
def kamer_propose(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return run_action(
        request,
        form=KamerForm(request.POST or None),
        act=lambda **data: services.kamer_item_propose(case=case, actor=request.user, **data),
        action=_action(
            case,
            title=_("Voordragen voor de Kamerrapportage"),
            intro=_(
                "Een andere leidinggevende keurt de geanonimiseerde beschrijving goed voordat "
                "de casus in de rapportage aan de Tweede Kamer komt."
            ),
            submit=_("Voordragen voor de Kamerrapportage"),
        ),
        success=lambda _item: _(
            "De casus is voorgedragen; een andere leidinggevende keurt de beschrijving goed."
        ),
    )


@team_required
@require_http_methods(["GET", "POST"])
def contact_log(request, reference):
    """Log contact with a Dienst outside the system (phone, meeting, e-mail)."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return run_action(
        request,
        form=InformalContactForm(request.POST or None, case=case),
        act=lambda **data: services.informal_contact_log(case=case, actor=request.user, **data),
        action=_action(
            case,
            title=_("Contact met een Dienst vastleggen"),
            intro=_(
                "Een telefoongesprek, overleg of e-mail buiten het systeem: met wie, wanneer en "
                "wat is afgesproken. Alleen het team ziet het, op de tijdlijn van de casus."
            ),
            submit=_("Contact vastleggen"),
            back=_workspace(case, "contact"),
        ),
        success=lambda contact: (
            _("Het contact met %(d)s is vastgelegd.") % {"d": contact.dienst.name}
        ),
    )


@team_required
@require_http_methods(["GET", "POST"])
def deadline_extend(request, pk):
    deadline = selectors.team_deadline_for_user_or_404(request.user, pk)
    case = selectors.deadline_case(deadline)
    return run_action(
        request,
        form=ExtendForm(request.POST or None),
        act=lambda **data: services.request_deadline_extend(
            deadline=deadline, actor=request.user, **data
        ),
        action=_action(
            case,
            title=_("Termijn verlengen"),
            template="escalation/deadline_extend.html",
            submit=_("Verleng"),
            context={"deadline": deadline, "now": timezone.now()},
        ),
        success=lambda _deadline: _("De termijn is verlengd."),
    )


def _team_request_or_back(request, pk, status):
    """A request of a case for the team, or (on a GET, when it no longer waits for this
    reaction) back to the case with a note."""
    dienst_request = selectors.dienst_request_for_user_or_404(request.user, pk)
    if request.method == "GET" and dienst_request.status != status:
        messages.info(
            request,
            _("Dit verzoek wacht niet (meer) op uw reactie: %(status)s.")
            % {"status": dienst_request.get_status_display().lower()},
        )
        return dienst_request, redirect(_workspace(dienst_request.case, f"verzoek-{pk}"))
    return dienst_request, None


@team_required
@require_http_methods(["GET", "POST"])
def request_reply(request, pk):
    """The casemanager answers the Dienst's question; the request goes back to the Dienst."""
    dienst_request, back = _team_request_or_back(request, pk, DienstRequest.Status.DIENST_QUESTION)
    if back:
        return back
    case = dienst_request.case
    return run_action(
        request,
        form=ReplyForm(request.POST or None),
        act=lambda text: services.request_reply(
            request=dienst_request, actor=request.user, text=text
        ),
        action=_action(
            case,
            title=_("Vraag van %(d)s beantwoorden") % {"d": dienst_request.dienst.name},
            template="escalation/request_reaction.html",
            submit=_("Controleren"),
            confirm=_("Ja, verstuur het antwoord"),
            warning=_(
                "Uw antwoord gaat naar %(d)s. De Dienst krijgt daarmee opnieuw de "
                "antwoordtermijn van de trede."
            )
            % {"d": dienst_request.dienst.name},
            back=_workspace(case, f"verzoek-{pk}"),
            context={"req": dienst_request, "thread": selectors.request_thread(dienst_request)},
        ),
        success=lambda _r: (
            _("Uw antwoord is verstuurd aan %(d)s.") % {"d": dienst_request.dienst.name}
        ),
    )


@team_required
@require_http_methods(["GET", "POST"])
def counter_proposal(request, pk):
    """The casemanager accepts the Dienst's counter-proposal, or rejects it with a reason."""
    dienst_request, back = _team_request_or_back(request, pk, DienstRequest.Status.COUNTER_PROPOSED)
    if back:
        return back
    case = dienst_request.case
    return run_action(
        request,
        form=CounterProposalForm(request.POST or None),
        act=lambda **data: services.request_counter_proposal_decide(
            request=dienst_request, actor=request.user, **data
        ),
        action=_action(
            case,
            title=_("Tegenvoorstel van %(d)s") % {"d": dienst_request.dienst.name},
            template="escalation/request_reaction.html",
            submit=_("Controleren"),
            confirm=_("Ja, verstuur mijn reactie"),
            warning=_(
                "Uw reactie gaat naar %(d)s. Aanvaarden rondt het verzoek af; na afwijzen moet "
                "de Dienst opnieuw antwoorden, binnen de antwoordtermijn van de trede."
            )
            % {"d": dienst_request.dienst.name},
            back=_workspace(case, f"verzoek-{pk}"),
            context={"req": dienst_request, "thread": selectors.request_thread(dienst_request)},
        ),
        success=lambda r: (
            _("U hebt het tegenvoorstel aanvaard.")
            if r.status == DienstRequest.Status.AGREED
            else _("U hebt het tegenvoorstel afgewezen; %(d)s moet opnieuw antwoorden.")
            % {"d": dienst_request.dienst.name}
        ),
    )


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
            "nav": "approvals",
        },
    )


def _approval_action(title, item, case, **kwargs) -> Action:
    return Action(
        title=title,
        submit=_("Controleren"),
        back=reverse("escalation:approvals"),
        back_label=_("Terug naar akkoord gevraagd"),
        template="escalation/approval.html",
        context={"case": case, "item": item},
        **kwargs,
    )


@lead_required
@require_http_methods(["GET", "POST"])
def request_decide(request, pk):
    dienst_request = selectors.request_awaiting_approval_or_404(request.user, pk)

    def decide(decision, note):
        if decision == "approve":
            return services.request_approve(request=dienst_request, actor=request.user)
        return services.request_refuse(request=dienst_request, actor=request.user, note=note)

    return run_action(
        request,
        form=ApprovalForm(request.POST or None, approve_label=_("Goedkeuren en versturen")),
        act=decide,
        action=_approval_action(
            _("%(kind)s aan %(d)s")
            % {"kind": dienst_request.get_kind_display(), "d": dienst_request.dienst.name},
            dienst_request,
            dienst_request.case,
            confirm=_("Ja, leg mijn besluit vast"),
            warning=_(
                "Goedgekeurd gaat het verzoek meteen naar %(d)s; niet goedgekeurd wordt het "
                "nooit verstuurd."
            )
            % {"d": dienst_request.dienst.name},
        ),
        success=lambda r: (
            _("Goedgekeurd: het verzoek is verstuurd aan %(d)s.") % {"d": r.dienst.name}
            if r.status == DienstRequest.Status.SENT
            else _("Het verzoek is niet goedgekeurd en wordt niet verstuurd.")
        ),
    )


@lead_required
@require_http_methods(["GET", "POST"])
def kamer_decide(request, pk):
    item = selectors.kamer_item_for_user_or_404(request.user, pk)

    def decide(decision, note):
        if decision == "approve":
            return services.kamer_item_approve(item=item, actor=request.user)
        return services.kamer_item_refuse(item=item, actor=request.user, note=note)

    return run_action(
        request,
        form=ApprovalForm(request.POST or None, approve_label=_("Beschrijving goedkeuren")),
        act=decide,
        action=_approval_action(
            _("Voordracht voor de Kamerrapportage"),
            item,
            item.case,
            confirm=_("Ja, leg mijn besluit vast"),
            warning=_(
                "Goedgekeurd komt de geanonimiseerde beschrijving in de rapportage aan de "
                "Tweede Kamer en ziet de hulpverlener deze stap."
            ),
        ),
        success=lambda i: (
            _("De voordracht voor de Kamerrapportage is goedgekeurd.")
            if i.status == KamerReportItem.Status.APPROVED
            else _("De voordracht is niet goedgekeurd.")
        ),
    )


# --- liaison portal ----------------------------------------------------------------------------

INBOX_VIEWS = {"beantwoord": "answered", "wacht": "waiting"}


@liaison_required
def inbox(request):
    toon = request.GET.get("toon", "")
    show = INBOX_VIEWS.get(toon, "open")
    requests = selectors.liaison_inbox(user=request.user, show=show)
    total = Total.bounded(bounded_count(requests))
    page = CountedPaginator(requests, PAGE_SIZE, count=total.n, more=total.more).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "escalation/inbox.html",
        {
            "page": page,
            "show": show,
            "query": f"toon={toon}" if toon in INBOX_VIEWS else "",
            "now": timezone.now(),
            "nav": "inbox",
        },
    )


def _liaison_action(dienst_request, *, show_bsn: bool = False) -> Action:
    return Action(
        title=_("Uw antwoord aan de Belangenbehartiger"),
        submit=_("Controleren"),
        confirm=_("Ja, verstuur het antwoord"),
        warning=_(
            "Uw antwoord gaat naar de Belangenbehartiger. Een wedervraag of tegenvoorstel houdt "
            "het gesprek open; elk ander antwoord rondt het verzoek af."
        ),
        back=reverse("escalation:liaison_request", args=[dienst_request.pk]),
        back_label=_("Terug naar het verzoek"),
        template="escalation/liaison_request.html",
        context={
            "req": dienst_request,
            "case": dienst_request.case,
            "shares": selectors.request_shares(request=dienst_request),
            "thread": selectors.request_thread(dienst_request),
            "awaits_dienst": dienst_request.status in AWAITING_DIENST,
            "deadlines": dienst_request.deadlines.all(),
            "show_bsn": show_bsn,
            "now": timezone.now(),
            "nav": "inbox",
        },
    )


def _respond_form(dienst_request, data=None) -> RespondForm:
    return RespondForm(data, initial={"granted_until": dienst_request.freeze_until})


@liaison_required
@require_http_methods(["GET", "POST"])
def liaison_request(request, pk):
    """The request for the Dienst: its thread, the acknowledgement, and the answer, which is
    confirmed before it goes."""
    dienst_request = selectors.dienst_request_for_user_or_404(request.user, pk)
    if request.method == "GET":
        # The page shows the person's name and masked BSN: a look at personal data.
        case_services.personal_data_access_record(
            case=dienst_request.case, user=request.user, operation="request.view"
        )
    if request.method == "POST" and "acknowledge" in request.POST:
        services.request_acknowledge(request=dienst_request, actor=request.user)
        messages.success(request, _("De ontvangst is bevestigd."))
        return redirect("escalation:liaison_request", pk=pk)
    return run_action(
        request,
        form=_respond_form(dienst_request, request.POST or None),
        act=lambda **data: services.request_respond(
            request=dienst_request, actor=request.user, **data
        ),
        action=_liaison_action(dienst_request),
        success=lambda _r: _("Uw antwoord is verstuurd aan de Belangenbehartiger."),
    )


@liaison_required
@require_POST
def liaison_reveal_bsn(request, pk):
    """The Dienst needs the number to find the file. It is shown only in the response to
    this POST, never through a URL, so every time it is shown is logged."""
    dienst_request = selectors.dienst_request_for_user_or_404(request.user, pk)
    case_services.personal_data_access_record(
        case=dienst_request.case, user=request.user, operation="bsn.reveal"
    )
    action = _liaison_action(dienst_request, show_bsn=True)
    return render(
        request,
        action.template,
        {"action": action, "form": _respond_form(dienst_request), **action.context},
    )


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


@require_http_methods(["GET", "POST"])
def status_page(request, token):
    """Public, without login: reference, status in plain Dutch, current step, next deadline;
    once the case is closed, the person's rating of outcome and process (POST, once)."""
    status = 200
    if _rate_limited(request):
        response = render(request, "escalation/status_page.html", {"limited": True}, status=429)
        return _private(response)
    case = case_services.status_link_case(token)
    if case is None:
        response = render(request, "escalation/status_page.html", {"invalid": True}, status=404)
        return _private(response)
    person = Feedback.Respondent.PERSON
    form = None
    if case_selectors.feedback_open(case=case, respondent=person):
        form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None:
        done, _given = run_form(
            form,
            lambda **data: case_services.feedback_give(case=case, respondent=person, **data),
        )
        if done:
            messages.success(request, _("Dank u wel voor uw oordeel."))
            return _private(redirect(reverse("status_page", args=[token]) + "#oordeel"))
        status = 400
    response = render(
        request,
        "escalation/status_page.html",
        {
            "case": case,
            "step": selectors.public_step(case),
            "deadline": selectors.next_deadline(case),
            "plain": selectors.plain_status(case),
            "feedback_form": form,
            "feedback_given": case_selectors.feedback_given(case=case, respondent=person),
            "feedback_action": reverse("status_page", args=[token]),
        },
        status=status,
    )
    return _private(response)


def _private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
