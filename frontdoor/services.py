"""Writes of the front door: the solution library's summaries and their one transition,
and the self-check's hand-over to the intake.

A casemanager (or lead) writes an anonymised summary of a resolved case; a lead other than
the author approves it, or refuses it with a reason the author reads. Every text of a
summary passes the same anonymity check as the Kamer vignette
(escalation.services.anonymity_problems) when it is written and again when it is approved.
"""

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, Role, User
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases.models import Case, CaseStatus, Theme
from casework.intake import SELF_CHECK_SESSION_KEY
from deadlines import services as clocks
from escalation.services import anonymity_problems

from .models import Solution, SolutionEvent
from .status import LEAD, SOLVED_OUTCOMES, STATUSES

S = Solution.Status
TEXT_FIELDS = ("title", "problem", "tried", "accepted_solution")
MIN_LENGTH = {"title": 10, "problem": 40, "tried": 20, "accepted_solution": 40}


def case_is_resolved(case: Case) -> bool:
    return case.status == CaseStatus.RESOLVED or (
        case.status == CaseStatus.CLOSED and case.outcome in SOLVED_OUTCOMES
    )


def _require_team(user: User) -> None:
    if not user.is_team:
        raise NotPermitted(_("Alleen het team van de Belangenbehartiger doet dit."))


def _checked_texts(case: Case | None, texts: dict[str, str]) -> dict[str, str]:
    """Stripped texts, long enough, and anonymous; else InvalidInput on the first bad field."""
    cleaned = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    for name in TEXT_FIELDS:
        if len(cleaned[name]) < MIN_LENGTH[name]:
            raise InvalidInput(
                _("Schrijf hier ten minste %(n)d tekens.") % {"n": MIN_LENGTH[name]}, field=name
            )
    if case is not None:
        for name in TEXT_FIELDS:
            found = anonymity_problems(case, cleaned[name])
            if found:
                raise InvalidInput(
                    _("De tekst is niet anoniem: haal %(what)s weg.") % {"what": ", ".join(found)},
                    field=name,
                )
    return cleaned


def _check_theme_and_dienst(case: Case, theme: Theme, dienst: Dienst) -> None:
    if not theme.active:
        raise InvalidInput(_("Kies een actief thema."), field="theme")
    if not case.diensten.filter(pk=dienst.pk).exists():
        raise InvalidInput(_("Kies de Dienst van deze casus."), field="dienst")


def _index(solution: Solution) -> None:
    """Write the Dutch full-text document (PostgreSQL; SQLite searches without it)."""
    if connection.vendor != "postgresql":
        return
    document = (
        SearchVector("title", config="dutch", weight="A")
        + SearchVector("problem", "accepted_solution", config="dutch", weight="B")
        + SearchVector("tried", config="dutch", weight="C")
    )
    Solution.objects.filter(pk=solution.pk).update(search_document=document)


@transaction.atomic
def solution_submit(
    *,
    case: Case,
    actor: User,
    title: str,
    problem: str,
    tried: str,
    accepted_solution: str,
    theme: Theme,
    dienst: Dienst,
) -> Solution:
    """A new summary of a resolved case, for a lead to review."""
    _require_team(actor)
    if not case_is_resolved(case):
        raise TransitionNotAllowed(
            _("Alleen van een opgeloste casus schrijft u een samenvatting voor de bibliotheek.")
        )
    texts = _checked_texts(
        case,
        {
            "title": title,
            "problem": problem,
            "tried": tried,
            "accepted_solution": accepted_solution,
        },
    )
    _check_theme_and_dienst(case, theme, dienst)
    try:
        with transaction.atomic():
            created = Solution.objects.create(
                case=case, theme=theme, dienst=dienst, author=actor, **texts
            )
    except IntegrityError:
        raise InvalidInput(_("Voor deze casus is al een samenvatting geschreven.")) from None
    SolutionEvent.objects.create(solution=created, actor=actor, to_status=S.SUBMITTED)
    _index(created)
    return created


def solution_transition(
    *, solution: Solution, to_status: str, actor: User, reason: str = "", changes=None
) -> Solution:
    """The one place where a summary changes status: the table says who may move it there
    and whether a reason is needed; a row lock catches a concurrent move; an event row
    records who, when, from, to and why."""
    from_status = solution.status
    target = STATUSES[to_status]
    if to_status not in STATUSES[from_status].next:
        raise TransitionNotAllowed(
            _("Een samenvatting met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    if target.entered_by == LEAD and actor.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende doet dit."))
    _require_team(actor)
    if target.not_by_author and actor.pk == solution.author_id:
        raise NotPermitted(
            _("U beoordeelt uw eigen samenvatting niet: een andere leidinggevende doet dit.")
        )
    reason = reason.strip()
    if target.needs_reason and not reason:
        raise InvalidInput(_("Geef de reden; de schrijver leest die."), field="reason")
    with transaction.atomic():
        locked = Solution.objects.select_for_update().get(pk=solution.pk)
        if locked.status != from_status:
            raise ConcurrentChange(_("Deze samenvatting is net door iemand anders gewijzigd."))
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked._history_user = actor
        locked.save()
        SolutionEvent.objects.create(
            solution=locked,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
    for name in ("status", "status_changed_at", *(changes or {})):
        setattr(solution, name, getattr(locked, name))
    return solution


@transaction.atomic
def solution_revise(
    *,
    solution: Solution,
    actor: User,
    title: str,
    problem: str,
    tried: str,
    accepted_solution: str,
    theme: Theme,
    dienst: Dienst,
) -> Solution:
    """New text for a summary that waits for review or was refused; a refused one goes back
    to the leads."""
    _require_team(actor)
    if not STATUSES[solution.status].editable:
        raise TransitionNotAllowed(
            _("Een gepubliceerde of ingetrokken samenvatting wijzigt u niet.")
        )
    texts = _checked_texts(
        solution.case,
        {
            "title": title,
            "problem": problem,
            "tried": tried,
            "accepted_solution": accepted_solution,
        },
    )
    if solution.case is not None:
        _check_theme_and_dienst(solution.case, theme, dienst)
    changes = {**texts, "theme": theme, "dienst": dienst}
    if solution.status == S.REFUSED:
        solution_transition(
            solution=solution,
            to_status=S.SUBMITTED,
            actor=actor,
            reason=_("Aangepast na afwijzing en opnieuw ingediend."),
            changes={**changes, "refusal_reason": ""},
        )
    else:
        updated = Solution.objects.filter(pk=solution.pk, status=solution.status).update(
            **changes, updated_at=timezone.now()
        )
        if not updated:
            raise ConcurrentChange(_("Deze samenvatting is net door iemand anders gewijzigd."))
        for name, value in changes.items():
            setattr(solution, name, value)
    _index(solution)
    return solution


@transaction.atomic
def solution_approve(*, solution: Solution, actor: User) -> Solution:
    """Publish: helpers find it from now on. The anonymity check runs again, against the
    case as it is now."""
    _checked_texts(solution.case, {name: getattr(solution, name) for name in TEXT_FIELDS})
    now = timezone.now()
    solution_transition(
        solution=solution,
        to_status=S.APPROVED,
        actor=actor,
        changes={"reviewed_by": actor, "reviewed_at": now, "published_at": now},
    )
    clocks.notify(
        recipients=[solution.author],
        title=_("Uw samenvatting ‘%(title)s’ staat in de oplossingenbibliotheek.")
        % {"title": solution.title},
        url=f"/oplossingen/{solution.pk}/",
    )
    return solution


@transaction.atomic
def solution_refuse(*, solution: Solution, actor: User, reason: str) -> Solution:
    """Not published; the author reads the reason and may revise."""
    solution_transition(
        solution=solution,
        to_status=S.REFUSED,
        actor=actor,
        reason=reason,
        changes={
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
            "refusal_reason": reason.strip(),
        },
    )
    clocks.notify(
        recipients=[solution.author],
        title=_("Uw samenvatting ‘%(title)s’ is niet goedgekeurd: lees waarom.")
        % {"title": solution.title},
        url=f"/oplossingen/{solution.pk}/",
    )
    return solution


def solution_withdraw(*, solution: Solution, actor: User, reason: str) -> Solution:
    """Take a published summary out of the library, e.g. after a change in the law."""
    return solution_transition(solution=solution, to_status=S.WITHDRAWN, actor=actor, reason=reason)


# --- the self-check's hand-over -------------------------------------------------------------


def self_check_handover(*, session, answers: dict[str, bool]) -> None:
    """Keep the self-check's answers for the intake the helper is about to start; the
    intake (casework.views.intake_start) reads and removes them. Nothing is stored before
    the helper chooses to continue."""
    session[SELF_CHECK_SESSION_KEY] = {key: bool(value) for key, value in answers.items()}
