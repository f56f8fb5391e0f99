"""Forms of the good-practice register: parse and check input; the rules live in
`nghedan.scorecards.actions`."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.models import STAFF_ROLES
from nghedan.agencies.models import Agency
from nghedan.lib import clock
from nghedan.petitions.models import Topic
from nghedan.scorecards.actions import TITLE_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadChoiceField(forms.ModelChoiceField):
    """An official, named with their role; with their agency where several are offered."""

    with_agency = False

    def label_from_instance(self, obj) -> str:
        label = f"{obj.display_name} ({obj.get_role_display()})"
        return f"{label} – {obj.agency.name}" if self.with_agency else label


class PracticeForm(forms.Form):
    """A practice of the leader's agency; an administrator names the agency too."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.none(), to_field_name="code"
    )
    title = forms.CharField(label=_("Tên mô hình"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("Cách làm"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("Làm gì, với ai, ở đâu; điều gì giúp người dân được nghe và được trả lời."),
    )
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Topic.objects.filter(is_active=True).order_by("position", "code"),
        required=False,
        empty_label=_("Không riêng một lĩnh vực"),
        help_text=_("Nếu chọn, kết quả trước và sau được tính riêng cho lĩnh vực này."),
    )
    started_on = forms.DateField(label=_("Ngày bắt đầu áp dụng"), widget=DATE)
    lead = LeadChoiceField(
        label=_("Cán bộ phụ trách"),
        queryset=get_user_model().objects.none(),
        help_text=_("Cán bộ đang chịu kỷ luật còn hiệu lực không được phân công công tác dân vận."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = (
            get_user_model()
            .objects.filter(role__in=STAFF_ROLES, is_active=True)
            .select_related("agency")
            .order_by("agency__code", "full_name", "username")
        )
        if user.is_admin_role:
            self.fields["agency"].queryset = (
                Agency.objects.filter(staff__role__in=STAFF_ROLES, is_active=True)
                .distinct()
                .order_by("code")
            )
            self.fields["lead"].queryset = staff
            self.fields["lead"].with_agency = True
        else:
            del self.fields["agency"]
            self.fields["lead"].queryset = staff.filter(agency_id=user.agency_id)
        self.fields["started_on"].initial = clock.today()


class AdoptForm(forms.Form):
    started_on = forms.DateField(
        label=_("Cơ quan tôi áp dụng từ ngày"), widget=DATE, initial=clock.today
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Điều chỉnh gì cho phù hợp với địa phương (nếu có)."),
    )
