from .selectors import unread_count


def notifications(request):
    """The unread count for the header (one query, only for logged-in users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
