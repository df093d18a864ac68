"""The public page "Hulp in de buurt": who helps in a postcode area. No login; the
postcode is read from the query string and never stored."""

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .forms import HelpSearchForm

PAGE_SIZE = 25


def help_nearby(request):
    form = HelpSearchForm(request.GET or None)
    context = {"form": form, "nav": "help_nearby", "searched": False}
    if form.is_bound and form.is_valid():
        area = form.cleaned_data["postcode"]
        audience = form.cleaned_data["audience"]
        page = Paginator(
            selectors.organisations_for_area(postcode_area=area, audience=audience), PAGE_SIZE
        ).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update(
            searched=True,
            area=area,
            audience=audience,
            page=page,
            query=query.urlencode(),
            nationwide=list(selectors.nationwide_organisations(audience=audience)),
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "directory/help_nearby.html", context, status=status)
