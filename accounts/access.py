"""Who may open a page at all, by role: one decorator instead of a check in every view.

Object-level access (which case, which request) is the selectors' ``*_for_user_or_404``
doors; this only answers "is this page for your role", with a 403 when it is not.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import STAFF_ROLES, Role


def role_required(*roles: str) -> Callable:
    """Log in first; then a 403 for every role not in ``roles``."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


team_required = role_required(*STAFF_ROLES)
helper_required = role_required(Role.HELPER)
lead_required = role_required(Role.LEAD)
liaison_required = role_required(Role.LIAISON)
