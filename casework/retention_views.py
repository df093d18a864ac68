"""The lead's screens of the retention rules: the destruction lists and their approval."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import lead_required
from belangenbehartiger.actions import Action, run_action

from . import retention
from . import selectors as work
from .forms import DestructionApproveForm
from .models import DestructionList

PAGE_SIZE = 50


@lead_required
def retention_overview(request):
    """The list waiting for approval (its cases, page by page) and the lists before it."""
    lists = list(work.destruction_lists(user=request.user)[:20])
    waiting = next((d for d in lists if d.status == DestructionList.Status.PROPOSED), None)
    page = None
    if waiting is not None:
        page = Paginator(work.destruction_list_cases(destruction_list=waiting), PAGE_SIZE).get_page(
            request.GET.get("pagina")
        )
    return render(
        request,
        "casework/retention.html",
        {
            "waiting": waiting,
            "page": page,
            "earlier": [d for d in lists if d.status != DestructionList.Status.PROPOSED],
            "retention_days": settings.RETENTION_CLOSED_DAYS,
            "nav": "retention",
        },
    )


@lead_required
@require_http_methods(["GET", "POST"])
def destruction_list_approve(request, pk):
    destruction_list = work.destruction_list_for_user_or_404(request.user, pk)
    return run_action(
        request,
        form=DestructionApproveForm(request.POST or None),
        act=lambda **_data: retention.destruction_list_approve(
            destruction_list=destruction_list, user=request.user
        ),
        action=Action(
            title=_("Vernietigingslijst goedkeuren"),
            intro=_(
                "Na uw akkoord worden de %(count)s casussen op deze lijst geanonimiseerd: naam, "
                "BSN/KvK, contactgegevens, vrije tekst en bijlagen verdwijnen; kenmerk, data, "
                "thema's, Dienst, regio en uitkomst blijven voor de cijfers."
            )
            % {"count": destruction_list.case_count},
            submit=_("Controleren"),
            confirm=_("Ja, keur de lijst goed"),
            warning=_("Uw naam en het tijdstip worden bij de lijst vastgelegd."),
            back=reverse("casework:retention"),
            back_label=_("Terug naar de bewaartermijn"),
        ),
        success=lambda _list: _(
            "De vernietigingslijst is goedgekeurd. De casussen worden nu geanonimiseerd."
        ),
    )
