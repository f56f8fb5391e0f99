from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.actions import password_set


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form; the new password is stored by the `password_set` action."""

    def save(self, commit=True):
        return password_set(
            acting_user=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            how="change",
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password chosen after following the link sent by e-mail."""

    def save(self, commit=True):
        return password_set(
            acting_user=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            how="reset",
        )
