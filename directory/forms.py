"""Forms of the directory: the public search, one CSV row, the admin's import screen and
its organisation form. Forms only validate; directory.services writes."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from belangenbehartiger.forms import StyledFormMixin

from .languages import LANGUAGES
from .models import POSTCODE_AREA_MAX, POSTCODE_AREA_MIN, Audience, HelpOrganisation

# "3511", "3511AB", "3511 ab": the first four digits are the area; nothing else is kept.
_POSTCODE_INPUT = re.compile(r"^\s*([1-9]\d{3})\s*([a-zA-Z]{2})?\s*$")
_RANGE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_LIST_SEPARATORS = re.compile(r"[\s,;|]+")
_TRUE = {"ja", "j", "yes", "y", "true", "1", "waar"}
_FALSE = {"nee", "n", "no", "false", "0", "onwaar"}
_DUTCH_POSTCODE = RegexValidator(
    r"^[1-9]\d{3}\s?[A-Za-z]{2}$", _("Een postcode is 4 cijfers en 2 letters, zoals 3511 AB.")
)


def postcode_area_from_input(value: str) -> str | None:
    """The 4-digit area of what a visitor typed, or None when it is not a Dutch postcode."""
    match = _POSTCODE_INPUT.match(value or "")
    return match.group(1) if match else None


def split_list(value: str) -> list[str]:
    """A list cell of the CSV: codes separated by spaces, commas, semicolons or bars."""
    return [part for part in _LIST_SEPARATORS.split((value or "").strip()) if part]


def parse_ranges(value: str) -> tuple[list[tuple[int, int]], list[str]]:
    """``"3500-3599 3811"`` → ``[(3500, 3599), (3811, 3811)]``, and what was wrong."""
    ranges, errors = [], []
    for part in split_list(re.sub(r"\s*[-–]\s*", "-", value or "")):
        match = _RANGE.match(part)
        if not match:
            errors.append(
                _("‘%(part)s’ is geen postcode of reeks (zoals 3500-3599 of 3811).")
                % {"part": part}
            )
            continue
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if not (POSTCODE_AREA_MIN <= low <= POSTCODE_AREA_MAX) or not (
            POSTCODE_AREA_MIN <= high <= POSTCODE_AREA_MAX
        ):
            errors.append(
                _("‘%(part)s’: een postcodegebied ligt tussen 1000 en 9999.") % {"part": part}
            )
        elif low > high:
            errors.append(_("‘%(part)s’: de reeks loopt achteruit.") % {"part": part})
        else:
            ranges.append((low, high))
    return sorted(set(ranges)), errors


def clean_language_codes(value: str) -> str:
    """Known language codes, lower case, without repeats, joined by commas."""
    codes = []
    for code in split_list(value.lower()):
        if code not in LANGUAGES:
            raise forms.ValidationError(
                _("Onbekende taalcode ‘%(code)s’. Bekend zijn: %(known)s.")
                % {"code": code, "known": ", ".join(LANGUAGES)}
            )
        if code not in codes:
            codes.append(code)
    return ",".join(codes)


def parse_bool(value: str, *, default: bool) -> bool:
    text = (value or "").strip().lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise forms.ValidationError(_("Vul ja of nee in."))


class HelpSearchForm(StyledFormMixin, forms.Form):
    """The public search: a postcode and, optionally, for whom."""

    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        help_text=_("De 4 cijfers zijn genoeg, bijvoorbeeld 3511. Wij bewaren uw postcode niet."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"}),
    )
    audience = forms.ChoiceField(
        label=_("Voor wie zoekt u hulp?"),
        choices=[("", _("Iedereen")), *Audience.choices],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )

    def clean_postcode(self) -> str:
        area = postcode_area_from_input(self.cleaned_data["postcode"])
        if area is None:
            raise forms.ValidationError(
                _("Vul een postcode in, bijvoorbeeld 3511 of 3511 AB."), code="postcode"
            )
        return area


class ImportRowForm(forms.Form):
    """One row of a directory CSV. Lists and yes/no cells are parsed in ``clean``."""

    code = forms.SlugField(max_length=60)
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=HelpOrganisation.Kind.choices)
    description = forms.CharField(required=False)
    audiences = forms.CharField()
    postcode_ranges = forms.CharField(required=False)
    nationwide = forms.CharField(required=False)
    active = forms.CharField(required=False)
    income_limit = forms.CharField(required=False)
    income_limit_note = forms.CharField(max_length=200, required=False)
    languages = forms.CharField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    address = forms.CharField(max_length=200, required=False)
    postcode = forms.CharField(max_length=7, required=False, validators=[_DUTCH_POSTCODE])
    city = forms.CharField(max_length=100, required=False)
    opening_hours = forms.CharField(max_length=300, required=False)

    def clean_audiences(self) -> list[str]:
        values = [v.lower() for v in split_list(self.cleaned_data["audiences"])]
        unknown = sorted(set(values) - set(Audience.values))
        if unknown:
            raise forms.ValidationError(
                _("Onbekende doelgroep: %(unknown)s. Kies uit %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(Audience.values)}
            )
        if not values:
            raise forms.ValidationError(_("Noem ten minste één doelgroep."))
        return sorted(set(values))

    def clean_nationwide(self) -> bool:
        return parse_bool(self.cleaned_data["nationwide"], default=False)

    def clean_active(self) -> bool:
        return parse_bool(self.cleaned_data["active"], default=True)

    def clean_income_limit(self) -> int | None:
        text = re.sub(r"[€\s.]", "", self.cleaned_data["income_limit"] or "")
        if not text:
            return None
        if not text.isdigit():
            raise forms.ValidationError(_("Een inkomensgrens is een bedrag in hele euro's."))
        return int(text)

    def clean_languages(self) -> str:
        return clean_language_codes(self.cleaned_data["languages"])

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip().upper().replace(" ", "")
        return f"{value[:4]} {value[4:]}" if value else ""

    def clean(self):
        data = super().clean()
        ranges, errors = parse_ranges(data.get("postcode_ranges", ""))
        for error in errors:
            self.add_error("postcode_ranges", error)
        if not ranges and not errors and data.get("nationwide") is False:
            self.add_error(
                "postcode_ranges",
                _("Noem het werkgebied (postcodes), of zet ‘nationwide’ op ja."),
            )
        data["ranges"] = ranges
        return data


class ImportForm(StyledFormMixin, forms.Form):
    """The admin's import screen."""

    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "UTF-8, gescheiden door komma's of puntkomma's, met een kopregel. "
            "Rijen met een bestaande code worden bijgewerkt."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren, nog niets opslaan"), required=False, initial=True
    )


class HelpOrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = HelpOrganisation
        exclude: list[str] = []

    def clean_languages(self) -> str:
        return clean_language_codes(self.cleaned_data.get("languages", ""))
