"""Forms of the reception pages (reception days, commitments): parse and check input; the
rules live in `nghedan.reception.actions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nghedan.petitions.models import Kind
from nghedan.reception.actions.days import GROUP_MAX, SLOT_MAX, SLOT_MIN


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} – {obj.agency.name}" if obj.agency_id else obj.display_name


class ReceptionDayForm(forms.Form):
    leader = LeaderChoiceField(label=_("Lãnh đạo tiếp"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Ngày tiếp"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("Từ"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Đến"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    slot_minutes = forms.IntegerField(
        label=_("Mỗi lượt (phút)"), min_value=SLOT_MIN, max_value=SLOT_MAX, initial=20
    )

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders


class _TurnForm(forms.Form):
    matter = forms.CharField(
        label=_("Nội dung muốn trình bày"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    group_size = forms.IntegerField(
        label=_("Số người cùng đến"), min_value=1, max_value=GROUP_MAX, initial=1
    )
    representatives = forms.CharField(
        label=_("Người đại diện (đoàn từ 5 người)"),
        max_length=500,
        required=False,
        help_text=_("Họ tên những người được cử trình bày thay cho đoàn."),
    )


class BookingForm(_TurnForm):
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        required=False,
        help_text=_("Để trống để dùng tên trong tài khoản."),
    )
    field_order = ["name", "phone", "matter", "group_size", "representatives"]


class WalkInForm(_TurnForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=150)
    field_order = ["name", "phone", "matter", "group_size", "representatives"]


class ReceiveForm(forms.Form):
    OUTCOMES = [
        ("create", _("Tạo đơn mới từ nội dung trình bày")),
        ("link", _("Liên kết với đơn đã có")),
        ("none", _("Chỉ ghi biên bản")),
        ("absent", _("Công dân không đến")),
    ]
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=OUTCOMES, initial="create", widget=forms.RadioSelect
    )
    minutes = forms.CharField(
        label=_("Biên bản tiếp"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn"), choices=Kind.choices, initial=Kind.FEEDBACK, required=False
    )
    petition_code = forms.CharField(label=_("Mã đơn đã có"), max_length=16, required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "link" and not data.get("petition_code"):
            self.add_error("petition_code", _("Vui lòng nhập mã đơn cần liên kết."))
        return data


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("Nội dung cam kết"), widget=forms.Textarea)
    due_date = forms.DateField(
        label=_("Hạn thực hiện"), widget=forms.DateInput(attrs={"type": "date"})
    )
    petition = forms.CharField(required=False, widget=forms.HiddenInput)
    booking = forms.IntegerField(required=False, widget=forms.HiddenInput)
    dialogue = forms.IntegerField(required=False, widget=forms.HiddenInput)
