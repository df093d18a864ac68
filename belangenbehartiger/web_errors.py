"""Domain errors to HTTP for the web pages, in one place (as api_errors.py for the API).

- A form action runs its service through ``run_form``: the error lands on the form, on its
  field when the form has one, and the view shows the page again with status 400.
- Any other domain error a view lets through reaches ``DomainErrorMiddleware``: after a
  POST from one of our pages it is shown as a message on the page the user came from (a 303
  back); otherwise as an error page with the error's own status (400, 403 or 409).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError


def form_error(form: forms.BaseForm, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def run_form(form: forms.BaseForm, act: Callable[..., Any]) -> tuple[bool, Any]:
    """Validate ``form`` and run ``act(**form.cleaned_data)``. Returns (done, result);
    when not done, the form carries the errors to show."""
    if not form.is_valid():
        return False, None
    try:
        return True, act(**form.cleaned_data)
    except DomainError as exc:
        form_error(form, exc)
        return False, None


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not isinstance(exc, DomainError) or request.path.startswith("/api/"):
            return None
        back = request.headers.get("Referer", "")
        if request.method == "POST" and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, exc.message)
            return _see_other(back)
        return render(
            request, "errors/domain.html", {"message": exc.message}, status=exc.status_code
        )


def _see_other(url: str):
    response = redirect(url)
    response.status_code = 303
    return response
