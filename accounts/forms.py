from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from belangenbehartiger.forms import StyledFormMixin
from belangenbehartiger.queue import enqueue_on_commit

from .throttle import password_reset_allowed_for_account


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class ResetRequestForm(StyledFormMixin, PasswordResetForm):
    def save(self, **kwargs) -> None:
        """Queue the e-mail for each account with this address, at most
        PASSWORD_RESET_PER_ACCOUNT_HOUR times an hour each. The page that follows is the
        same whatever happened here."""
        for user in self.get_users(self.cleaned_data["email"]):
            if password_reset_allowed_for_account(user.pk):
                enqueue_on_commit("accounts.tasks.send_password_reset", user.pk)


class NewPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class SecondFactorForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("De zes cijfers uit uw app, of een van uw herstelcodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class TotpConfirmForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code uit de app"),
        max_length=12,
        help_text=_("De zes cijfers die de app nu laat zien."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
