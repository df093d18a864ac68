"""Web pages of signals: the list, submitting, the signal page and its actions, the case's
signals page (links and suggestions), the dashboard, and the liaison's view.

Thin: a role decorator says who may open a page, a ``*_for_user_or_404`` selector fetches
what the user may see, ``run_form`` runs one service, and domain errors map to HTTP in
belangenbehartiger/web_errors.py.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import liaison_required, role_required, team_required
from accounts.models import Role
from belangenbehartiger.web_errors import run_form
from cases import selectors as case_selectors

from . import selectors, services, similarity
from .forms import (
    CaseLinkForm,
    CommitmentCloseForm,
    CommitmentForm,
    LinkForm,
    ProgressForm,
    QuickLinkForm,
    SignalEditForm,
    SignalFilterForm,
    SignalForm,
    TransitionForm,
    UnlinkForm,
)
from .models import Signal
from .status import STATUSES

PAGE_SIZE = 25
S = Signal.Status
signal_readers = role_required(Role.CASEMANAGER, Role.LEAD, Role.ANALYST, Role.HELPER)
dashboard_readers = role_required(Role.CASEMANAGER, Role.LEAD, Role.ANALYST)
submitters = role_required(Role.CASEMANAGER, Role.LEAD, Role.HELPER)
# Statuses that cannot be left again: reached only through a confirmation page.
FINAL = frozenset(s for s, row in STATUSES.items() if not row.next)


def _posted(request):
    """The POST data, bound even when empty (an empty POST is still a submitted form)."""
    return request.POST if request.method == "POST" else None


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --- list, submit --------------------------------------------------------------------------


@role_required(Role.CASEMANAGER, Role.LEAD, Role.ANALYST, Role.HELPER, Role.LIAISON)
def signal_list(request):
    if request.user.is_liaison:
        return redirect("signals:dienst_list")
    form = SignalFilterForm(request.GET or None)
    filters = selectors.SignalFilters()
    if form.is_valid():
        filters = selectors.SignalFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        )
    page = Paginator(selectors.signal_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    exact = request.user.is_team
    for signal in page.object_list:
        signal.linked_shown = selectors.suppress_one(signal.linked_cases, exact=exact)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "signals/list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "statuses": STATUSES,
            "nav": "signals",
        },
    )


@submitters
@require_http_methods(["GET", "POST"])
def signal_new(request):
    form = SignalForm(_posted(request), user=request.user)
    if request.method == "POST":
        done, signal = run_form(
            form, lambda **data: services.signal_submit(user=request.user, **data)
        )
        if done:
            messages.success(
                request,
                _("Het signaal is gemeld. U ziet hier hoe het team het oppakt."),
            )
            return redirect("signals:detail", pk=signal.pk)
    return render(request, "signals/form.html", {"form": form, "nav": "signals"})


# --- the signal page -------------------------------------------------------------------------


def _detail_context(request, signal, **forms):
    user = request.user
    row = STATUSES[signal.status]
    context = {
        "signal": signal,
        "row": row,
        "commitments": list(selectors.commitments_for(user=user, signal=signal)),
        "events": selectors.signal_events(signal, user=user) if user.is_team else None,
        "status_choices": S.choices,
        "today": timezone.localdate(),
        "nav": "signals",
    }
    if user.is_team or user.role == Role.ANALYST:
        exact = user.is_team
        months = selectors.linked_cases_per_month(signal)
        cells = selectors.suppress({m: n for m, n in months}, exact=exact)
        context["months"] = list(cells.items())
        context["linked_total"] = selectors.suppress_one(sum(n for _m, n in months), exact=exact)
    if user.is_team:
        is_lead = user.role == Role.LEAD
        # A casemanager is not offered what only a lead may do (in_kamer_report).
        moves = [s for s in row.next if s not in FINAL and (is_lead or not STATUSES[s].lead_only)]
        context.update(
            {
                "links": selectors.signal_links(signal),
                "suggestions": similarity.cases_like_signal(signal, limit=10) if row.open else [],
                "method_label": similarity.method_label(),
                "moves": [(s, S(s).label, STATUSES[s]) for s in S.values if s in moves],
                "finals": [(s, S(s).label) for s in S.values if s in row.next and s in FINAL],
                "transition_form": TransitionForm(prefix="move"),
                "link_form": forms.get("link_form") or LinkForm(prefix="link"),
                "commitment_form": forms.get("commitment_form")
                or CommitmentForm(signal=signal, prefix="commitment"),
                "quick_reason": _("Gekoppeld vanuit de suggesties op de signaalpagina."),
            }
        )
    return context


@signal_readers
def signal_detail(request, pk):
    signal = selectors.signal_for_user_or_404(request.user, pk)
    return render(request, "signals/detail.html", _detail_context(request, signal))


@team_required
@require_http_methods(["GET", "POST"])
def signal_edit(request, pk):
    signal = selectors.signal_for_user_or_404(request.user, pk)
    initial = {
        "title": signal.title,
        "description": signal.description,
        "diensten": list(signal.diensten.all()),
        "themes": list(signal.themes.all()),
        "regulation": signal.regulation,
        "people_affected_estimate": signal.people_affected_estimate,
        "owner": signal.owner,
    }
    form = SignalEditForm(_posted(request), user=request.user, initial=initial)
    if request.method == "POST":
        done, _result = run_form(
            form,
            lambda reason, **data: services.signal_update(
                signal=signal, actor=request.user, reason=reason, **data
            ),
        )
        if done:
            messages.success(request, _("Het signaal is bijgewerkt."))
            return redirect("signals:detail", pk=signal.pk)
    return render(request, "signals/form.html", {"form": form, "signal": signal, "nav": "signals"})


def _transition_form(signal, to_status, data=None):
    required = STATUSES[to_status].needs_reason
    label = {
        S.CLOSED: _("Waarom pakt het team dit signaal niet op? De melder leest dit."),
        S.RESOLVED: _("Wat is er veranderd in de wet of de uitvoering?"),
    }.get(to_status)
    return TransitionForm(data, required=required, label=label, prefix="move")


@team_required
@require_http_methods(["GET", "POST"])
def signal_move(request, pk, to):
    """A status change. Moves that cannot be undone (closed, resolved) are confirmed on
    their own page first; the others come straight from the signal page."""
    signal = selectors.signal_for_user_or_404(request.user, pk)
    if to not in STATUSES:
        raise Http404
    form = _transition_form(signal, to, _posted(request))
    if request.method == "POST":
        done, _result = run_form(
            form,
            lambda reason: services.signal_transition(
                signal=signal, to_status=to, actor=request.user, reason=reason
            ),
        )
        if done:
            messages.success(
                request,
                _("Het signaal heeft nu status ‘%(status)s’.") % {"status": S(to).label},
            )
            return redirect("signals:detail", pk=signal.pk)
        if to not in FINAL:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("signals:detail", pk=signal.pk)
    elif to not in FINAL:
        return redirect("signals:detail", pk=signal.pk)
    return render(
        request,
        "signals/confirm_move.html",
        {"signal": signal, "form": form, "to": to, "to_label": S(to).label, "nav": "signals"},
        status=400 if form.errors else 200,
    )


# --- linking ---------------------------------------------------------------------------------


@team_required
@require_POST
def link_case(request, pk):
    """Link a case to the signal by reference, or with one click from a suggestion."""
    signal = selectors.signal_for_user_or_404(request.user, pk)
    form = LinkForm(request.POST, prefix="link")
    if form.is_valid():
        case = case_selectors.case_for_user_or_404(request.user, form.cleaned_data["reference"])
        done, _result = run_form(
            form,
            lambda reference, reason: services.signal_case_link(
                signal=signal, case=case, actor=request.user, reason=reason
            ),
        )
        if done:
            messages.success(
                request,
                _("Casus %(reference)s is gekoppeld aan het signaal.")
                % {"reference": case.reference},
            )
            return _back(request, reverse("signals:detail", args=[signal.pk]))
    return render(
        request, "signals/detail.html", _detail_context(request, signal, link_form=form), status=400
    )


@team_required
@require_POST
def unlink_case(request, pk, reference):
    signal = selectors.signal_for_user_or_404(request.user, pk)
    case = case_selectors.case_for_user_or_404(request.user, reference)
    form = UnlinkForm(request.POST)
    form.is_valid()
    services.signal_case_unlink(
        signal=signal, case=case, actor=request.user, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(
        request,
        _("Casus %(reference)s is losgekoppeld van het signaal.") % {"reference": case.reference},
    )
    return _back(request, reverse("signals:detail", args=[signal.pk]))


def _case_context(request, case, link_form=None):
    open_signals = Signal.objects.filter(status__in=[s for s, r in STATUSES.items() if r.open])
    systemic = case.triage_answers.get("systemic_impact") is True
    return {
        "case": case,
        "links": selectors.case_signal_links(case),
        "signal_suggestions": similarity.signals_like_case(case, limit=5),
        "case_suggestions": similarity.cases_like_case(case, limit=5),
        "method_label": similarity.method_label(),
        "systemic": systemic,
        "link_form": link_form or CaseLinkForm(signals=open_signals),
        "quick_reason": _("Gekoppeld vanuit de suggesties bij de casus."),
        "nav": "signals",
    }


@team_required
def case_signals(request, reference):
    """The case's signals: its links, the open signals it resembles (one click to link),
    similar open cases, and a form to link with a reason."""
    case = case_selectors.case_for_user_or_404(request.user, reference)
    return render(request, "signals/case_signals.html", _case_context(request, case))


@team_required
@require_POST
def case_link(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    context = _case_context(request, case)
    quick = "quick" in request.POST
    if quick:
        signal = selectors.signal_for_user_or_404(request.user, request.POST.get("signal"))
        form = QuickLinkForm(request.POST)
        act = lambda reason: services.signal_case_link(  # noqa: E731
            signal=signal, case=case, actor=request.user, reason=reason
        )
    else:
        form = CaseLinkForm(request.POST, signals=context["link_form"].fields["signal"].queryset)
        act = lambda signal, reason: services.signal_case_link(  # noqa: E731
            signal=signal, case=case, actor=request.user, reason=reason
        )
    done, link = run_form(form, act)
    if done:
        messages.success(
            request,
            _("De casus is gekoppeld aan het signaal ‘%(title)s’.") % {"title": link.signal.title},
        )
        return redirect("signals:case", reference=case.reference)
    if quick:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("signals:case", reference=case.reference)
    context["link_form"] = form
    return render(request, "signals/case_signals.html", context, status=400)


# --- commitments -------------------------------------------------------------------------


@team_required
@require_POST
def commitment_new(request, pk):
    signal = selectors.signal_for_user_or_404(request.user, pk)
    form = CommitmentForm(request.POST, signal=signal, prefix="commitment")
    done, _result = run_form(
        form,
        lambda **data: services.commitment_create(signal=signal, actor=request.user, **data),
    )
    if done:
        messages.success(request, _("De toezegging is vastgelegd; de Dienst krijgt herinneringen."))
        return redirect(reverse("signals:detail", args=[signal.pk]) + "#toezeggingen")
    return render(
        request,
        "signals/detail.html",
        _detail_context(request, signal, commitment_form=form),
        status=400,
    )


@role_required(Role.CASEMANAGER, Role.LEAD, Role.LIAISON)
@require_POST
def commitment_progress(request, pk):
    commitment = selectors.commitment_for_user_or_404(request.user, pk)
    form = ProgressForm(request.POST, prefix=f"c{commitment.pk}")
    done, _result = run_form(
        form,
        lambda text: services.commitment_update(
            commitment=commitment, author=request.user, text=text
        ),
    )
    if done:
        messages.success(request, _("De voortgang is vastgelegd."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    name = "signals:dienst_detail" if request.user.is_liaison else "signals:detail"
    return redirect(reverse(name, args=[commitment.signal_id]) + "#toezeggingen")


@team_required
@require_http_methods(["GET", "POST"])
def commitment_close(request, pk):
    """Kept or not kept: final, so on a page of its own."""
    commitment = selectors.commitment_for_user_or_404(request.user, pk)
    form = CommitmentCloseForm(_posted(request))
    if request.method == "POST":
        done, _result = run_form(
            form,
            lambda kept, note: services.commitment_close(
                commitment=commitment, actor=request.user, kept=kept, note=note
            ),
        )
        if done:
            messages.success(request, _("De toezegging is afgesloten."))
            return redirect(
                reverse("signals:detail", args=[commitment.signal_id]) + "#toezeggingen"
            )
    return render(
        request,
        "signals/commitment_close.html",
        {"commitment": commitment, "form": form, "nav": "signals"},
        status=400 if form.errors else 200,
    )


# --- dashboard --------------------------------------------------------------------------


@dashboard_readers
def dashboard(request):
    return render(
        request,
        "signals/dashboard.html",
        {**selectors.dashboard(user=request.user), "nav": "signals", "today": timezone.localdate()},
    )


# --- the Dienst's view ------------------------------------------------------------------


@liaison_required
def dienst_list(request):
    page = Paginator(selectors.signal_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "signals/dienst_list.html", {"page": page, "nav": "dienst_signals"})


@liaison_required
def dienst_detail(request, pk):
    signal = selectors.signal_for_user_or_404(request.user, pk)
    return render(
        request,
        "signals/dienst_detail.html",
        {
            "signal": signal,
            "commitments": list(selectors.commitments_for(user=request.user, signal=signal)),
            "today": timezone.localdate(),
            "nav": "dienst_signals",
        },
    )
