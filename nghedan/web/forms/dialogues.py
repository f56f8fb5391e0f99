"""Forms of the dialogue pages: parse and check input; the rules live in
`nghedan.reception.actions.dialogues`."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.models import Role
from nghedan.areas.models import Area
from nghedan.reception.models import DialogueAudience

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AreaField(forms.ModelChoiceField):
    """An area typed by its code ("00004") or picked from the suggestions by name; the
    page's script suggests names from /areas/search.json as one types."""

    widget = forms.TextInput(
        attrs={
            "data-area-search": reverse_lazy("areas_search_json"),
            "autocomplete": "off",
            "inputmode": "search",
        }
    )
    default_error_messages = {
        "invalid_choice": _(
            "Không tìm thấy địa bàn này trong phạm vi của bạn. Hãy gõ tên xã, phường "
            "hoặc mã của nó và chọn trong danh sách gợi ý."
        )
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        # "Phường Ba Đình, Thành phố Hà Nội (00004)" as a suggestion reads: its code.
        if text.endswith(")") and "(" in text:
            text = text.rsplit("(", 1)[1][:-1].strip()
        return super().to_python(text)

    def prepare_value(self, value):
        if isinstance(value, Area):
            return value.code
        return super().prepare_value(value)


class DialogueForm(forms.Form):
    title = forms.CharField(label=_("Tên buổi đối thoại"), max_length=300)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=DialogueAudience.choices)
    host = forms.ModelChoiceField(
        label=_("Người chủ trì"), queryset=get_user_model().objects.none(), empty_label=None
    )
    # Thousands of communes: a field to type in (code or name), with suggestions from
    # /areas/search.json as one types, rather than a list of every one.
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    starts_at = forms.DateTimeField(label=_("Thời gian"), widget=DATETIME_LOCAL)
    questions_close_at = forms.DateTimeField(
        label=_("Hạn gửi câu hỏi"),
        widget=DATETIME_LOCAL,
        help_text=_("Người dân gửi và ủng hộ câu hỏi đến thời điểm này."),
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    agenda = forms.CharField(
        label=_("Chương trình"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = get_user_model().objects.filter(role=Role.LEADER, is_active=True)
        if user.is_admin_role:
            self.fields["host"].queryset = leaders.select_related("agency").order_by("username")
            self.fields["area"].queryset = Area.objects.order_by("code")
        else:
            agency = user.agency
            self.fields["host"].queryset = leaders.filter(agency=agency).order_by("username")
            self.fields["host"].initial = user.pk
            self.fields["area"].queryset = Area.objects.filter(
                Q(pk=agency.area_id) | Q(parent_id=agency.area_id)
            ).order_by("code")
            self.fields["area"].initial = agency.area.code


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Câu hỏi của bạn"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Câu hỏi được công khai sau khi lược bỏ thông tin cá nhân (số điện thoại, "
            "số nhà, số giấy tờ…)."
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Lý do ẩn"), max_length=300, required=False)


class RecordForm(forms.Form):
    record = forms.CharField(
        label=_("Biên bản công khai"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
