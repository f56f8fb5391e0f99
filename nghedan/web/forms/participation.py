"""Forms of participation in a consultation. They check the shape of the input; the rules
(length, who may, when) are the actions'."""

from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = {"required": _("Vui lòng nhập nội dung.")}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ý kiến của bạn"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        error_messages=REQUIRED,
    )
    section = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReactForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=[("1", _("Ủng hộ")), ("-1", _("Phản đối"))],
        coerce=int,
        error_messages={
            "required": _("Chọn ủng hộ hoặc phản đối."),
            "invalid_choice": _("Chọn ủng hộ hoặc phản đối."),
        },
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Lý do dài tối đa 300 ký tự.")},
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Nhận định ngắn để mọi người biểu quyết"),
        widget=forms.TextInput(attrs={"maxlength": 300}),
        error_messages=REQUIRED,
    )


class ModerateForm(ReasonForm):
    decision = forms.ChoiceField(
        choices=[("approve", _("Duyệt")), ("reject", _("Không duyệt"))],
        error_messages={
            "required": _("Chọn duyệt hoặc không duyệt."),
            "invalid_choice": _("Chọn duyệt hoặc không duyệt."),
        },
    )


VOTES = {"agree": 1, "disagree": -1, "pass": 0}


class VoteForm(forms.Form):
    value = forms.ChoiceField(
        choices=[
            ("agree", _("Đồng ý")),
            ("disagree", _("Không đồng ý")),
            ("pass", _("Bỏ qua / chưa rõ")),
        ],
        error_messages={
            "required": _("Chọn một lựa chọn."),
            "invalid_choice": _("Chọn một lựa chọn."),
        },
    )


class VerifySendForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Nhận mã qua"),
        choices=[("email", _("Thư điện tử")), ("phone", _("Tin nhắn SMS"))],
        widget=forms.RadioSelect,
        initial="email",
    )
    address = forms.CharField(
        label=_("Địa chỉ thư điện tử hoặc số điện thoại"),
        max_length=254,
        error_messages={"required": _("Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại.")},
    )


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Vui lòng nhập mã đã nhận.")},
    )
