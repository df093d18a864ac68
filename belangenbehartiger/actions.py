"""Pages of one action each, and a confirmation before a step that cannot be undone.

An action page shows one form. For an irreversible step (a triage decision, a request sent
to a Dienst, a Dienst's answer, resolving or closing a case) a valid form first leads to a
confirmation page that lists what will happen, with the input in hidden fields; only the
second submit ("bevestigen") runs the service, which checks everything again. "Wijzigen"
goes back to the form with the input kept. No JavaScript needed.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .web_errors import run_form

CONFIRM = "bevestigen"
CHANGE = "wijzigen"


@dataclass(frozen=True)
class Action:
    """What an action page says and where it leads."""

    title: str | Promise
    # The form's button: "Controleren" before a confirmation, otherwise what it does.
    submit: str | Promise
    # The page the user came from: the back link, and where a done action returns to.
    back: str
    back_label: str | Promise = ""
    # The confirmation page's button; empty: the step needs no confirmation.
    confirm: str | Promise = ""
    # What the confirmation page warns about (what cannot be undone, who hears of it).
    warning: str | Promise = ""
    intro: str | Promise = ""
    template: str = "actions/form.html"
    context: Mapping[str, Any] = field(default_factory=dict)


def run_action(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    act: Callable[..., Any],
    action: Action,
    success: Callable[[Any], str],
) -> HttpResponse:
    """The action page: GET shows the form; a POST runs ``act(**form.cleaned_data)`` through
    ``run_form`` (errors land on the form, shown again with status 400), after the
    confirmation page when ``action.confirm`` is set. Done: a message and back."""
    context = {"action": action, "form": form, **action.context}
    if request.method == "POST" and CHANGE not in request.POST:
        if action.confirm and CONFIRM not in request.POST:
            if form.is_valid():
                return render(
                    request,
                    "actions/confirm.html",
                    {**context, "rows": confirmation_rows(form)},
                )
        else:
            done, result = run_form(form, act)
            if done:
                messages.success(request, success(result))
                return redirect(action.back)
    status = 400 if form.is_bound and CHANGE not in request.POST and form.errors else 200
    return render(request, action.template, context, status=status)


def confirmation_rows(form: forms.BaseForm) -> list[tuple[str, str]]:
    """The filled-in fields of a valid form as (label, value) in the user's words: the
    label of a choice, a name for a person, a date as a date."""
    rows = []
    for name, form_field in form.fields.items():
        if isinstance(form_field.widget, forms.HiddenInput):
            continue
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        rows.append((str(form_field.label), _display(form_field, value)))
    return rows


def _display(form_field: forms.Field, value: Any) -> str:
    if isinstance(form_field, forms.ModelChoiceField):
        return str(form_field.label_from_instance(value))
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value))
    if isinstance(form_field, forms.BooleanField):
        return _("Ja") if value else _("Nee")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    return str(value)
