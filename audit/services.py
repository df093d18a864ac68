"""Writing to the access log: one record per look at, or download of, personal data."""

import secrets

from django.utils import timezone

from accounts.models import User

from .activities import OPERATIONS, activity_uri
from .models import AccessRecord, StatusCode
from .tracing import current_trace


def access_record(
    *,
    user: User,
    name: str,
    case_id: int | None,
    case_reference: str = "",
    channel: str = "web",
    status_code: int = StatusCode.OK,
) -> AccessRecord:
    """Record that ``user`` processed the personal data of a case through operation ``name``
    (one of ``activities.OPERATIONS``). Never pass a BSN, a name or other personal data in
    here: the log is read by more people than the case is."""
    if name not in OPERATIONS:
        raise ValueError(f"unknown access-log operation {name!r}")
    activity = OPERATIONS[name][1]
    trace = current_trace()
    return AccessRecord.objects.create(
        trace_id=trace.trace_id,
        operation_id=secrets.token_hex(8),
        parent_operation_id=trace.parent_operation_id,
        name=name,
        start_time=trace.start_time,
        end_time=timezone.now(),
        status_code=status_code,
        user=user,
        case_id=case_id,
        case_reference=case_reference or "",
        attributes={
            "dpl.core.processing_activity_id": activity_uri(activity),
            "bb.processing_activity": activity,
            "bb.user.id": user.pk,
            "bb.user.username": user.username,
            "bb.user.role": user.role,
            "bb.case.id": case_id,
            "bb.case.reference": case_reference or "",
            "bb.channel": channel,
        },
    )
