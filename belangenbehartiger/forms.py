"""Shared form plumbing: NL Design System classes and ARIA links on every widget, and an
amount field that takes euros the way people type them."""

import re
from decimal import Decimal

from django import forms
from django.utils import translation

# NL Design System classes per widget kind; radios and checkboxes are rendered by
# templates/includes/field.html itself.
_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.widgets.Input: "utrecht-textbox utrecht-textbox--html-input",
}


def style_widgets(form: forms.BaseForm) -> None:
    """Give each widget its design-system class and link it to its help text and error.

    Safe to call again after the errors changed: each call sets the attributes anew."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(
            widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput
        ):
            continue
        for widget_type, css in _WIDGET_CLASSES.items():
            if isinstance(widget, widget_type):
                widget.attrs["class"] = css
                break
        bound = form[name]
        widget.attrs.pop("aria-invalid", None)
        widget.attrs.pop("aria-describedby", None)
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}_help")
        # form._errors, not form.errors: reading .errors would clean the form before
        # subclasses have added their fields.
        if form._errors and name in form._errors:
            described.append(f"{bound.auto_id}_error")
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] += " utrecht-textbox--invalid"
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)


def errors_text(form: forms.BaseForm) -> str:
    """All of a form's errors in one line, for a message after a redirect."""
    return " ".join(error for errors in form.errors.values() for error in errors)


class StyledFormMixin:
    # Forms that share a page with another form set their own, so that two fields of the
    # same name (two "reason" fields) never share an id and their labels point right.
    auto_id_format = "id_%s"

    def full_clean(self):
        super().full_clean()
        style_widgets(self)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.auto_id_format)
        super().__init__(*args, **kwargs)
        style_widgets(self)


class AmountField(forms.DecimalField):
    """An amount in euros, typed as people type it: ``1250``, ``1.250,50``, ``1250.50`` or
    ``€ 1.250,50``. A comma is the decimal separator, unless the number has no comma and
    a single dot followed by one or two digits (``1250.5``). Shown with a comma in Dutch."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # Not DecimalField's number input: it would refuse "1.250,50".
        return {"inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, str):
            value = _normalise_amount(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal) and translation.get_language() != "en":
            return f"{value:.2f}".replace(".", ",")
        return value


def _normalise_amount(text: str) -> str:
    text = re.sub(r"[\s\u00a0€]", "", text).removeprefix("EUR")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.250 or 1.250.000: dots group
        return text.replace(".", "")
    return text


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (``<input type=file multiple>``); cleans to a list,
    empty when none was chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []
