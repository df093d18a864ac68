"""The notifications pages: every logged-in user's own notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services

PAGE_SIZE = 25


@login_required
def notifications(request):
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "deadlines/notifications.html", {"page": page, "nav": "notifications"})


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("deadlines:notifications")
