"""Retention (DESIGN.md §6): personal data is kept no longer than the work needs it.

``retention_apply`` (``manage.py apply_retention``, daily in beat) does three things, each
safe to repeat:

1. drafts untouched for ``DRAFT_RETENTION_DAYS`` are deleted;
2. closed cases whose ``closed_at`` is older than ``RETENTION_CLOSED_DAYS`` are put on a
   destruction list, unless one is already waiting (a waiting list is frozen: what a lead
   approves is what the lead saw);
3. the cases of lists a lead approved are anonymised.

Anonymising keeps the row and what the figures count (reference, dates, status, themes,
Dienst, region — the postcode area —, organisation, outcome and amounts, the triage
score and answers) and clears who the person is and everything written in free text: the
name, BSN/KvK/RSIN and their hashes, contact details, the descriptions, messages, reasons,
the texts of requests to the Diensten, informal contacts and referral motivations; the
attachments and status links are removed, and the same fields in the case's field history
are cleared too. The access log keeps its records (they hold no personal data).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from belangenbehartiger.errors import NotPermitted, TransitionNotAllowed
from belangenbehartiger.queue import enqueue_on_commit
from cases import services as case_services
from cases.models import Attachment, Case, CaseEvent, CaseStatus, Feedback, Message, StatusLink
from cases.services.attachments import delete_files
from deadlines.models import DeadlineEvent
from escalation.models import DienstRequest, InformalContact, RequestEvent
from triage.models import Assessment, Referral

from .models import DestructionList, DestructionListItem

logger = logging.getLogger(__name__)

# What an anonymised case still says in lists where a summary is expected.
ANONYMISED = "Geanonimiseerd"

# Case fields cleared, with their empty value. The field history has the same fields
# except the encrypted numbers, which it never held.
CASE_CLEARED = {
    "subject_name": "",
    "bsn_hash": "",
    "kvk_hash": "",
    "contact_details": "",
    "summary": ANONYMISED,
    "description": "",
    "tried_before": "",
    "desired_outcome": "",
    "urgency_notes": "",
    "outcome_notes": "",
    "intake_token": None,
    "intake_body_hash": "",
}
CASE_ENCRYPTED_CLEARED = {"bsn": "", "kvk_number": "", "rsin": ""}


@dataclass(frozen=True)
class RetentionReport:
    drafts_deleted: int
    proposed: int  # cases put on a new destruction list
    anonymised: int


def retention_apply(*, now: datetime | None = None) -> RetentionReport:
    now = now or timezone.now()
    drafts = case_services.drafts_purge_stale()
    proposal = destruction_list_propose(now=now)
    anonymised = destruction_lists_carry_out()
    return RetentionReport(
        drafts_deleted=drafts,
        proposed=proposal.items.count() if proposal else 0,
        anonymised=anonymised,
    )


def retention_candidates(*, now: datetime):
    cutoff = now - timedelta(days=settings.RETENTION_CLOSED_DAYS)
    return Case.objects.filter(
        status=CaseStatus.CLOSED, closed_at__lt=cutoff, destruction_item__isnull=True
    )


def destruction_list_propose(*, now: datetime | None = None) -> DestructionList | None:
    """A new list of the closed cases past the retention period; None when a list is still
    waiting for a lead or no case qualifies."""
    now = now or timezone.now()
    if DestructionList.objects.filter(status=DestructionList.Status.PROPOSED).exists():
        return None
    case_ids = list(retention_candidates(now=now).values_list("pk", flat=True))
    if not case_ids:
        return None
    try:
        with transaction.atomic():
            proposal = DestructionList.objects.create(
                closed_before=now - timedelta(days=settings.RETENTION_CLOSED_DAYS)
            )
            DestructionListItem.objects.bulk_create(
                DestructionListItem(destruction_list=proposal, case_id=pk) for pk in case_ids
            )
    except IntegrityError:
        # Another run proposed at the same moment (one waiting list; one list per case).
        return None
    return proposal


def destruction_list_transition(
    *, destruction_list: DestructionList, from_status: str, to_status: str, **changes
) -> bool:
    """The one place a destruction list changes status (proposed → approved → carried
    out): a conditional update, so of two concurrent callers one wins. False when the
    list was no longer in ``from_status``."""
    return bool(
        DestructionList.objects.filter(pk=destruction_list.pk, status=from_status).update(
            status=to_status, **changes
        )
    )


@transaction.atomic
def destruction_list_approve(*, destruction_list: DestructionList, user: User) -> DestructionList:
    """A lead approves a waiting list; its cases are then anonymised (queued at commit,
    and by the next daily run should the broker be away)."""
    if user.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende keurt een vernietigingslijst goed."))
    approved = destruction_list_transition(
        destruction_list=destruction_list,
        from_status=DestructionList.Status.PROPOSED,
        to_status=DestructionList.Status.APPROVED,
        approved_by=user,
        approved_at=timezone.now(),
    )
    if not approved:
        raise TransitionNotAllowed(_("Deze vernietigingslijst is al goedgekeurd."))
    enqueue_on_commit("casework.tasks.carry_out_destruction_lists")
    destruction_list.refresh_from_db()
    return destruction_list


def destruction_lists_carry_out() -> int:
    """Anonymise the cases of approved lists, each once (claimed by a conditional update),
    and mark a list carried out when none of its cases is left. Returns how many."""
    count = 0
    for destruction_list in DestructionList.objects.filter(status=DestructionList.Status.APPROVED):
        pending = destruction_list.items.filter(anonymised_at__isnull=True)
        for item_id, case_id in pending.values_list("pk", "case_id"):
            with transaction.atomic():
                claimed = DestructionListItem.objects.filter(
                    pk=item_id, anonymised_at__isnull=True
                ).update(anonymised_at=timezone.now())
                if claimed:
                    case_anonymise(case=Case.objects.get(pk=case_id))
                    count += claimed
        if not destruction_list.items.filter(anonymised_at__isnull=True).exists():
            destruction_list_transition(
                destruction_list=destruction_list,
                from_status=DestructionList.Status.APPROVED,
                to_status=DestructionList.Status.CARRIED_OUT,
                carried_out_at=timezone.now(),
            )
    return count


@transaction.atomic
def case_anonymise(*, case: Case) -> None:
    """Clear who the person is and what was written about them; keep what is counted.
    Updates in SQL: no new history row, no changed dates."""
    # No identifiers, so no duplicate either (a case that is not open marks nobody else).
    Case.objects.filter(pk=case.pk).update(
        **CASE_CLEARED, **CASE_ENCRYPTED_CLEARED, possible_duplicate=False
    )
    Case.history.filter(id=case.pk).update(**CASE_CLEARED)
    Message.objects.filter(case=case).update(body="")
    CaseEvent.objects.filter(case=case).update(reason="")
    Assessment.objects.filter(case=case).update(reason="")
    Referral.objects.filter(case=case).update(motivation="")
    DienstRequest.objects.filter(case=case).update(text="", motivation="")
    RequestEvent.objects.filter(request__case=case).update(note="")
    InformalContact.objects.filter(case=case).update(contact_name="", agreed="", notes="")
    DeadlineEvent.objects.filter(deadline__case=case).update(reason="")
    DeadlineEvent.objects.filter(deadline__dienst_request__case=case).update(reason="")
    # The scores stay for the monitor; the words could name someone.
    Feedback.objects.filter(case=case).update(comment="")
    StatusLink.objects.filter(case=case).delete()
    attachments = Attachment.objects.filter(case=case)
    files = list(attachments.values_list("file", flat=True))
    attachments.delete()  # the shares with a Dienst and their download rows go along
    transaction.on_commit(lambda: delete_files(files))
    logger.info("case %s anonymised", case.pk)
