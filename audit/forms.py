from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from belangenbehartiger.forms import StyledFormMixin


class AccessLogFilterForm(StyledFormMixin, forms.Form):
    hide_optional = True  # every filter is optional
    case = forms.CharField(label=_("Kenmerk"), required=False, max_length=20)
    user = forms.ModelChoiceField(
        label=_("Gebruiker"),
        required=False,
        queryset=User.objects.order_by("username"),
        to_field_name="username",
        empty_label=_("Alle"),
    )
    since = forms.DateField(
        label=_("Vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("Deze datum ligt vóór de datum ‘Vanaf’."))
        return data
