"""Web views of the front door: the public pages (what we do, the self-check), the solution
library for helpers and the team, and the team's coverage view.

Thin: a role decorator says who may open a page (the public pages have none), a
``*_for_user_or_404`` door fetches objects, ``run_form`` runs one service.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import lead_required, role_required, team_required
from accounts.models import Role
from belangenbehartiger.web_errors import run_form
from cases import selectors as case_selectors
from cases.models import Theme

from . import selectors, selfcheck, services
from .forms import CoverageForm, ReviewForm, SolutionForm, SolutionSearchForm, WithdrawForm
from .status import STATUSES

PAGE_SIZE = 25
library_required = role_required(Role.HELPER, Role.CASEMANAGER, Role.LEAD)


# --- public pages ----------------------------------------------------------------------------


@require_GET
def about(request):
    return render(request, "frontdoor/about.html", {"nav": "about"})


@require_GET
def self_check(request):
    """One question per screen; the answers so far travel in the query string."""
    asked = selfcheck.questions()
    answers = selfcheck.read_answers(request.GET, asked)
    question = selfcheck.next_question(asked, answers)
    context = {"nav": "self_check"}
    if question is None:
        context.update(
            result=selfcheck.result(asked, answers),
            answers_query=selfcheck.as_query(answers),
            back=_query(answers, drop_last=True),
        )
        return render(request, "frontdoor/self_check_result.html", context)
    # A screen sent without a choice comes back with the question marked.
    missing = request.GET.get("beantwoord") == question.key
    context.update(
        question=question,
        number=len(answers) + 1,
        total=len(asked),
        answers_query=selfcheck.as_query(answers),
        back=_query(answers, drop_last=True) if answers else None,
        error=_("Kies ‘ja’ of ‘nee’.") if missing else "",
    )
    return render(request, "frontdoor/self_check.html", context, status=400 if missing else 200)


def _query(answers: dict[str, bool], *, drop_last: bool = False) -> str:
    pairs = selfcheck.as_query(answers)
    if drop_last:
        pairs = pairs[:-1]
    return "?" + urlencode(pairs) if pairs else "?"


@require_POST
def self_check_continue(request):
    """A helper continues from a result that fits: the answers go with it to the intake."""
    asked = selfcheck.questions()
    answers = selfcheck.read_answers(request.POST, asked)
    if (
        selfcheck.next_question(asked, answers) is not None
        or not selfcheck.result(asked, answers).fits
    ):
        return redirect("frontdoor:self_check")
    services.self_check_handover(session=request.session, answers=answers)
    return redirect("cases:intake_start")


# --- the solution library ----------------------------------------------------------------------


@library_required
@require_GET
def solutions(request):
    form = SolutionSearchForm(request.GET or None)
    filters = selectors.SolutionFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.SolutionFilters(
            q=data["q"],
            themes=(data["thema"].code,) if data["thema"] else (),
            dienst=data["dienst"].code if data["dienst"] else "",
        )
    found = selectors.solution_search(user=request.user, filters=filters)
    page = Paginator(found.results, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "frontdoor/solutions.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "full_text": found.full_text,
            "searched": bool(filters.q or filters.themes or filters.dienst),
            "nav": "solutions",
        },
        status=400 if form.errors else 200,
    )


@library_required
@require_GET
def related_solutions(request):
    """A fragment for the intake's problem step: published solutions on the ticked themes
    (``thema`` by code, or ``id`` as the intake's checkboxes carry them)."""
    codes = [code for code in request.GET.getlist("thema") if code][:20]
    ids = [value for value in request.GET.getlist("id") if value.isdigit()][:20]
    themes = list(
        Theme.objects.filter(Q(code__in=codes) | Q(pk__in=ids), active=True).order_by("name_nl")
    )
    found = selectors.related_solutions(user=request.user, theme_codes=[t.code for t in themes])
    return render(
        request,
        "frontdoor/_related_solutions.html",
        {"related": found, "themes": themes},
    )


def _detail_context(request, solution, review_form=None) -> dict:
    user = request.user
    info = STATUSES[solution.status]
    return {
        "solution": solution,
        "info": info,
        "events": selectors.solution_event_rows(solution) if user.is_team else [],
        "can_review": user.role == Role.LEAD
        and info.awaiting_review
        and solution.author_id != user.pk,
        "can_edit": user.is_team and info.editable,
        "can_withdraw": user.role == Role.LEAD and info.published,
        "review_form": review_form or ReviewForm(),
        "nav": "solutions",
    }


@library_required
@require_GET
def solution_detail(request, pk):
    solution = selectors.solution_for_user_or_404(request.user, pk)
    return render(request, "frontdoor/solution_detail.html", _detail_context(request, solution))


@team_required
@require_http_methods(["GET", "POST"])
def solution_new(request, reference):
    case = case_selectors.case_for_user_or_404(request.user, reference)
    existing = selectors.solution_of_case(case)
    if existing is not None:
        return redirect("frontdoor:solution_detail", pk=existing.pk)
    form = SolutionForm(request.POST or None, case=case)
    if request.method == "POST":
        done, created = run_form(
            form, lambda **data: services.solution_submit(case=case, actor=request.user, **data)
        )
        if done:
            messages.success(
                request,
                _("De samenvatting is ingediend. Een andere leidinggevende beoordeelt haar."),
            )
            return redirect("frontdoor:solution_detail", pk=created.pk)
    return render(
        request,
        "frontdoor/solution_form.html",
        {
            "form": form,
            "case": case,
            "resolved": services.case_is_resolved(case),
            "nav": "solutions",
        },
        status=400 if form.errors else 200,
    )


@team_required
@require_http_methods(["GET", "POST"])
def solution_edit(request, pk):
    solution = selectors.solution_for_user_or_404(request.user, pk)
    case = solution.case
    if case is None:
        messages.error(request, _("De casus van deze samenvatting bestaat niet meer."))
        return redirect("frontdoor:solution_detail", pk=solution.pk)
    # The current text as the starting point, not as the instance: the service writes.
    current = model_to_dict(solution, fields=SolutionForm.Meta.fields)
    form = SolutionForm(request.POST or None, initial=current, case=case)
    if request.method == "POST":
        done, _result = run_form(
            form,
            lambda **data: services.solution_revise(solution=solution, actor=request.user, **data),
        )
        if done:
            messages.success(request, _("De samenvatting is bijgewerkt en wacht op beoordeling."))
            return redirect("frontdoor:solution_detail", pk=solution.pk)
    return render(
        request,
        "frontdoor/solution_form.html",
        {"form": form, "case": case, "solution": solution, "resolved": True, "nav": "solutions"},
        status=400 if form.errors else 200,
    )


@lead_required
@require_POST
def solution_review(request, pk):
    solution = selectors.solution_for_user_or_404(request.user, pk)
    form = ReviewForm(request.POST)

    def decide(decision: str, reason: str):
        if decision == "approve":
            return services.solution_approve(solution=solution, actor=request.user)
        return services.solution_refuse(solution=solution, actor=request.user, reason=reason)

    done, _result = run_form(form, decide)
    if done:
        messages.success(
            request,
            _("De oplossing staat nu in de bibliotheek.")
            if form.cleaned_data["decision"] == "approve"
            else _("De samenvatting is niet goedgekeurd; de schrijver leest uw reden."),
        )
        return redirect("frontdoor:solution_detail", pk=solution.pk)
    return render(
        request,
        "frontdoor/solution_detail.html",
        _detail_context(request, solution, review_form=form),
        status=400,
    )


@lead_required
@require_http_methods(["GET", "POST"])
def solution_withdraw(request, pk):
    """Confirm first: a withdrawn solution cannot be published again."""
    solution = selectors.solution_for_user_or_404(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        done, _result = run_form(
            form,
            lambda reason: services.solution_withdraw(
                solution=solution, actor=request.user, reason=reason
            ),
        )
        if done:
            messages.success(request, _("De oplossing is ingetrokken."))
            return redirect("frontdoor:solution_detail", pk=solution.pk)
    return render(
        request,
        "frontdoor/solution_withdraw.html",
        {"form": form, "solution": solution, "nav": "solutions"},
        status=400 if form.errors else 200,
    )


@team_required
@require_GET
def solutions_team(request):
    """The team's side of the library: what waits for review, what it wrote, and the
    resolved cases that have no summary yet."""
    page = Paginator(selectors.cases_awaiting_summary(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "frontdoor/solutions_team.html",
        {
            "to_review": list(selectors.solutions_awaiting_review(user=request.user)[:PAGE_SIZE]),
            "mine": list(selectors.solutions_written_by(user=request.user)[:PAGE_SIZE]),
            "page": page,
            "statuses": STATUSES,
            "nav": "solutions",
        },
    )


# --- coverage ----------------------------------------------------------------------------------


@team_required
@require_GET
def coverage(request):
    period = CoverageForm.default_period()
    # Only a chosen period binds the form: ``?pagina=2`` alone pages the default period.
    chosen = "since" in request.GET or "until" in request.GET
    form = CoverageForm(request.GET if chosen else None, initial=period)
    if form.is_bound and form.is_valid():
        period = {"since": form.cleaned_data["since"], "until": form.cleaned_data["until"]}
    result = selectors.coverage(**period)
    page = Paginator(result.uncovered, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "frontdoor/coverage.html",
        {
            "form": form,
            "coverage": result,
            "page": page,
            "query": query.urlencode(),
            "nav": "coverage",
        },
        status=400 if form.errors else 200,
    )
