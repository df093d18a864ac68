"""The steps of a case that span apps, each in one place (DESIGN.md §6 "Layers").

- submitting = complete draft + reference + triage assessment + the status transition that
  starts the triage clock + the confirmation e-mail;
- withdrawing and resolving = the status transition + the open requests to the Diensten
  withdrawn + every clock stopped;
- closing = the outcome checked against the status table + the transition;
- reassigning = the new casemanager on the case + the open clocks of the case and of its
  requests handed over (the requests' clocks are the ladder's).

Views, the API and the demo call these; nothing below this layer does.
"""

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, User
from belangenbehartiger.errors import (
    IdempotencyConflict,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from belangenbehartiger.queue import enqueue_on_commit
from cases import services as case_services
from cases.models import Case, CaseStatus, Outcome, Theme
from cases.status import STATUSES
from deadlines import services as clocks
from deadlines.kinds import KINDS, Audience
from deadlines.models import Deadline
from escalation import selectors as ladder_selectors
from escalation import services as ladder
from triage import selectors as triage_selectors
from triage import services as triage_services


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """The draft fields, with the triage answers checked against the active criteria set."""
    if "triage_answers" in data:
        data = {
            **data,
            "triage_answers": triage_services.answers_validate(
                data["triage_answers"], triage_selectors.active_criteria_set()
            ),
        }
    return data


def draft_create(
    *,
    user: User,
    data: dict[str, Any] | None = None,
    intake_token: str | None = None,
    intake_body_hash: str = "",
) -> tuple[Case, bool]:
    return case_services.case_draft_create(
        user=user,
        data=_checked(data or {}),
        intake_token=intake_token,
        intake_body_hash=intake_body_hash,
    )


def draft_update(
    *,
    case: Case,
    user: User,
    data: dict[str, Any] | None = None,
    diensten: list[Dienst] | None = None,
    themes: list[Theme] | None = None,
) -> Case:
    return case_services.case_draft_update(
        case=case, user=user, data=_checked(data or {}), diensten=diensten, themes=themes
    )


def case_submit(
    *,
    case: Case,
    user: User,
    diensten: list[Dienst] | None = None,
    themes: list[Theme] | None = None,
) -> Case:
    """Submit a complete draft: reference, triage assessment, the triage clock, and the
    confirmation e-mail after commit.

    ``case`` is a stored draft (the intake wizard), or one not stored yet with its
    ``diensten`` and ``themes`` (the API's one-step intake), which the transition stores.
    """
    if not case.is_draft:
        raise TransitionNotAllowed(_("Deze casus is al ingediend."))
    errors = case_services.case_completeness_errors(
        case, diensten=diensten if case.pk is None else None
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise InvalidInput(message, field=field)
    # Criteria answered by the helper are scored at submission; the band sets the length
    # of the triage clock that the transition starts.
    scored = triage_services.case_score(answers=case.triage_answers)
    now = timezone.now()
    # The year's counter row is the one row every submission writes. Its number is taken in
    # a statement of its own before the submission's transaction (when there is no outer
    # one), so the row is locked for that statement only, not until the commit: concurrent
    # submissions do not queue behind it. If the transaction below fails, the number is
    # skipped, never handed out twice.
    reference = case_services.next_reference(timezone.localtime(now).year)
    with transaction.atomic():
        case_services.case_transition(
            case=case,
            to_status=CaseStatus.SUBMITTED,
            actor=user,
            changes={"reference": reference, "submitted_at": now, **scored.case_fields},
            diensten=diensten,
            themes=themes,
        )
        triage_services.assessment_record(case=case, scored=scored, actor=user)
        enqueue_on_commit("cases.tasks.send_submission_confirmation", case.pk)
    return case


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_token(key: str) -> str:
    """The intake token of an API Idempotency-Key: its SHA-256, so a key of any length fits
    the column whole and two long keys with one prefix stay two keys."""
    return _sha256(key)


def request_body_hash(body: Any) -> str:
    """SHA-256 of the canonical JSON of a request body: the same data in another key order
    or layout is the same body."""
    if hasattr(body, "lists"):  # a form-encoded QueryDict: every value of every key
        body = dict(body.lists())
    canonical = json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return _sha256(canonical)


def case_create_and_submit(
    *,
    user: User,
    data: dict[str, Any],
    diensten: list[Dienst],
    themes: list[Theme],
    idempotency_key: str | None = None,
    request_body: Any = None,
) -> tuple[Case, bool]:
    """The API's one-step intake: a draft that is submitted at once, or nothing at all.

    Returns (case, created). A repeated idempotency key with the same ``request_body``
    returns the earlier case; with another body it raises IdempotencyConflict, so a second
    submission is never mistaken for a retry of the first. Two requests with one key at
    once still make one case (the unique intake token per organisation decides). Consent
    given without a date is taken to be given today.

    The draft is never stored as such: submitting it stores it, in one INSERT.
    """
    if not data.get("consent_date"):
        data = {**data, "consent_date": timezone.localdate()}
    token = idempotency_token(idempotency_key) if idempotency_key else None
    body_hash = request_body_hash(request_body) if token else ""
    # The triage answers are checked against the active set when they are scored.
    case = case_services.case_draft_build(
        user=user, data=data, intake_token=token, intake_body_hash=body_hash
    )
    try:
        # case_submit is one transaction (or savepoint): losing the race to an earlier
        # request with the same key rolls it back, and that request's case is the answer.
        case_submit(case=case, user=user, diensten=diensten, themes=themes)
    except IntegrityError:
        existing = (
            case_services.case_by_intake_token(user=user, intake_token=token) if token else None
        )
        if existing is None:
            raise
    else:
        return case, True
    if existing.intake_body_hash != body_hash:
        raise IdempotencyConflict(
            _(
                "Deze Idempotency-Key is al gebruikt voor een andere aanvraag. "
                "Gebruik een nieuwe sleutel voor een nieuwe casus."
            )
        )
    return existing, False


def _leave_process(case: Case, to_status: str, *, actor: User, reason: str, **changes) -> Case:
    """A transition to a status that leaves the process: nothing is owed any more, so the
    open requests are withdrawn and the ladder's clocks stop, in the same transaction."""
    with transaction.atomic():
        case_services.case_transition(
            case=case, to_status=to_status, actor=actor, reason=reason, changes=changes or None
        )
        if STATUSES[to_status].leaves_process:
            ladder.case_requests_stop(case=case, actor=actor, reason=reason)
    return case


def case_withdraw(*, case: Case, user: User, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor het intrekken."), field="reason")
    return _leave_process(case, CaseStatus.WITHDRAWN, actor=user, reason=reason.strip())


def case_resolve(*, case: Case, user: User, reason: str) -> Case:
    """The team marks an accepted case as resolved, at whatever rung it stands."""
    if not user.is_team:
        raise NotPermitted(_("Alleen het team rondt een casus af."))
    if not reason.strip():
        raise InvalidInput(_("Beschrijf de oplossing."), field="reason")
    return _leave_process(case, CaseStatus.RESOLVED, actor=user, reason=reason.strip())


def case_close(
    *,
    case: Case,
    user: User,
    outcome: str,
    notes: str = "",
    amount_relieved: Decimal | None = None,
) -> Case:
    """Close a case, recording its outcome and, where known, what it achieved."""
    if not user.is_team:
        raise NotPermitted(_("Alleen het team sluit een casus."))
    allowed = STATUSES[case.status].outcomes
    if not allowed:
        raise TransitionNotAllowed(
            _("Een casus met status ‘%(s)s’ kan niet worden gesloten.")
            % {"s": case.get_status_display()}
        )
    if outcome not in allowed:
        raise InvalidInput(
            _("Kies een uitkomst die past bij de status: %(o)s.")
            % {"o": ", ".join(str(Outcome(o).label) for o in sorted(allowed))},
            field="outcome",
        )
    if amount_relieved is not None and amount_relieved < 0:
        raise InvalidInput(_("Het bedrag kan niet negatief zijn."), field="amount_relieved")
    return _leave_process(
        case,
        CaseStatus.CLOSED,
        actor=user,
        reason=notes.strip() or str(Outcome(outcome).label),
        outcome=outcome,
        outcome_notes=notes.strip(),
        amount_relieved=amount_relieved,
        closed_at=timezone.now(),
    )


# The clocks the casemanager answers for (not the helper's answer): they follow the case.
_CASEMANAGER_CLOCKS = tuple(kind for kind, info in KINDS.items() if info.audience != Audience.OWNER)


def case_reassign(*, case: Case, assignee: User, actor: User, reason: str) -> Case:
    """Hand the case over to another casemanager, with a reason and a notification; its
    open clocks and those of its requests to the Diensten go with it."""
    with transaction.atomic():
        case_services.case_assign(case=case, assignee=assignee, actor=actor, reason=reason)
        # By primary key: the rows are locked, and a lock may not reach into the outer joins
        # of "the case's or its requests' clocks".
        own = ladder_selectors.case_all_deadlines(case).filter(kind__in=_CASEMANAGER_CLOCKS)
        clocks.deadlines_reassign(
            Deadline.objects.filter(pk__in=own.values("pk")),
            owner=assignee,
            actor=actor,
            reason=reason.strip(),
        )
    return case
