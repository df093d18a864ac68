"""Everything that writes cases. Callers use ``cases.services.<function>``; the functions
live in the modules of this package, grouped by what they change."""

from .attachments import (  # noqa: F401
    attachment_add,
    attachment_remove,
)
from .conversation import (  # noqa: F401
    case_confirmation_send,
    helper_answer,
    message_notification_send,
    message_post,
)
from .lifecycle import (  # noqa: F401  # noqa: F401
    DRAFT_FIELDS,
    IDENTIFIER_FIELDS,
    OUTCOMES_FROM,
    case_close,
    case_completeness_errors,
    case_create_and_submit,
    case_draft_create,
    case_draft_update,
    case_resolve,
    case_submit,
    case_transition,
    case_withdraw,
    draft_delete,
    drafts_purge_stale,
    identifier_hash,
    local_today,
    personal_data_view_record,
)
from .status_links import (  # noqa: F401
    status_link_case,
    status_link_create,
    status_link_revoke,
)
