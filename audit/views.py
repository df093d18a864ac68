from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.access import role_required
from accounts.models import Role
from belangenbehartiger.pagination import CountedPaginator

from . import selectors
from .activities import operation_label
from .forms import AccessLogFilterForm

PAGE_SIZE = 50
CHANNELS = {"web": _("Website"), "api": "API"}


@role_required(Role.LEAD, Role.ADMIN)
def access_log(request):
    """The access log for leads and admins: who saw whose data, when; by case, user, date."""
    form = AccessLogFilterForm(request.GET or None)
    filters = selectors.AccessLogFilters()
    if form.is_valid():
        filters = selectors.AccessLogFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        )
    records = selectors.access_records(filters=filters)
    count, more = selectors.access_records_total(records)
    page = CountedPaginator(records, PAGE_SIZE, count=count, more=more).get_page(
        request.GET.get("pagina")
    )
    for record in page.object_list:
        record.label = operation_label(record.name)
        record.channel = CHANNELS.get(record.attributes.get("bb.channel"), "—")
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "nav": "access_log"},
    )
