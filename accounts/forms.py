from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from belangenbehartiger.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class ResetRequestForm(StyledFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(StyledFormMixin, SetPasswordForm):
    pass
