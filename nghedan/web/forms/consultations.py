"""Forms of the consultation pages (drafts, the agency's reply, ballots): parse and check
input; the rules live in `nghedan.consultations.actions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nghedan.consultations.models import BallotUnit, ConsultationKind


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Tên dự thảo"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=ConsultationKind.choices)
    areas = AreaChoiceField(
        label=_("Địa bàn lấy ý kiến"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn địa bàn.")},
    )
    opens_at = forms.DateTimeField(
        label=_("Bắt đầu lấy ý kiến"),
        widget=_DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=_("Kết thúc lấy ý kiến"),
        widget=_DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    audience = forms.CharField(
        label=_("Đối tượng lấy ý kiến"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: người dân, hộ gia đình trên địa bàn phường."),
    )
    summary = forms.CharField(
        label=_("Tóm tắt"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas


class DraftImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp dự thảo"),
        help_text=_("Markdown (.md), văn bản thuần (.txt) hoặc Word (.docx)."),
        error_messages={"required": _("Vui lòng chọn tệp dự thảo.")},
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu kèm theo"),
        help_text=_("PDF hoặc ảnh (JPEG, PNG, WebP)."),
        error_messages={"required": _("Vui lòng chọn tệp.")},
    )


class FinalTextForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    final_text = forms.CharField(
        label=_("Nội dung sau tiếp thu"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
    )


class BallotForm(forms.Form):
    question = forms.CharField(max_length=500)
    unit = forms.ChoiceField(choices=BallotUnit.choices)
    eligible = forms.IntegerField(min_value=1)
    quorum_percent = forms.IntegerField(min_value=0, max_value=100, initial=50)
    majority_percent = forms.IntegerField(min_value=0, max_value=99, initial=50)
    opens_at = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    closes_at = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
