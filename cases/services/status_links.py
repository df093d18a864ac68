"""Status links for the person concerned ("eigen dossier"): only a token hash is kept."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import InvalidInput, NotPermitted

from ..models import Case, StatusLink


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def status_link_create(*, case: Case, user: User) -> tuple[StatusLink, str]:
    """A link for the person concerned; the token is returned once and only its hash kept."""
    if not user.is_helper or user.organisation_id != case.organisation_id:
        raise InvalidInput(_("Alleen de hulpverlener van de casus maakt een statuslink."))
    if case.is_draft:
        raise InvalidInput(_("Een concept heeft nog geen status om te delen."))
    token = secrets.token_urlsafe(32)
    link = StatusLink.objects.create(
        case=case,
        token_hash=_token_hash(token),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=settings.STATUS_LINK_DAYS),
    )
    return link, token


def status_link_revoke(*, link: StatusLink, user: User) -> bool:
    """Stop a link working, for good. The helper of the case or the team may (the team
    when the person asks it, or the link leaked). Returns whether this call revoked it."""
    helper_of_case = user.is_helper and user.organisation_id == link.case.organisation_id
    if not (helper_of_case or user.is_team):
        raise NotPermitted(
            _("Alleen de hulpverlener van de casus of het team trekt een statuslink in.")
        )
    return bool(
        StatusLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user
        )
    )


def status_link_case(token: str) -> Case | None:
    """The case behind a valid, unexpired, unrevoked token, or None."""
    link = (
        StatusLink.objects.select_related("case")
        .filter(
            token_hash=_token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )
    return link.case if link else None
