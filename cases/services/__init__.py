"""Everything that writes cases. Callers use ``cases.services.<function>``; the functions
live in the modules of this package, grouped by what they change. Steps that also involve
triage or the ladder (submit, withdraw, resolve, close) live in casework.steps."""

from .assignment import case_assign
from .attachments import attachment_add, attachment_remove, attachments_check
from .conversation import conversation_post, helper_answer, message_post
from .counts import case_counts_move, case_counts_rebuild, case_relation_ids
from .drafts import (
    DRAFT_FIELDS,
    IDENTIFIER_FIELDS,
    case_by_intake_token,
    case_completeness_errors,
    case_draft_build,
    case_draft_create,
    case_draft_update,
    case_relations_add,
    draft_delete,
    drafts_purge_stale,
    identifier_hash,
    personal_data_access_record,
)
from .duplicates import duplicate_marks_rebuild
from .emails import case_confirmation_send, message_notification_send, outbox_send
from .encryption import identifiers_reencrypt
from .feedback import feedback_give
from .status_links import status_link_case, status_link_create, status_link_revoke
from .transition import case_clock_open, case_transition, helper_notify, next_reference

__all__ = [
    "DRAFT_FIELDS",
    "IDENTIFIER_FIELDS",
    "attachment_add",
    "attachment_remove",
    "attachments_check",
    "case_assign",
    "case_by_intake_token",
    "case_clock_open",
    "case_completeness_errors",
    "case_confirmation_send",
    "case_counts_move",
    "case_counts_rebuild",
    "case_draft_build",
    "case_draft_create",
    "case_draft_update",
    "case_relation_ids",
    "case_relations_add",
    "case_transition",
    "conversation_post",
    "draft_delete",
    "drafts_purge_stale",
    "duplicate_marks_rebuild",
    "feedback_give",
    "helper_answer",
    "helper_notify",
    "identifier_hash",
    "identifiers_reencrypt",
    "message_notification_send",
    "message_post",
    "next_reference",
    "outbox_send",
    "personal_data_access_record",
    "status_link_case",
    "status_link_create",
    "status_link_revoke",
]
