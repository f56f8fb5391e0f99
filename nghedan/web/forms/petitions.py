"""Forms of the petition pages (filing, tracking and rating, handling by staff): parse and
check input; the rules live in `nghedan.petitions.actions`."""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area, AreaLevel
from nghedan.petitions.models import Channel, Kind, RatingReason, Topic

_MICRO = Decimal("0.000001")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PetitionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại đơn"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.FEEDBACK
    )
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label=_("— Chưa rõ: để hệ thống gợi ý —"),
        help_text=_("Nếu chưa rõ, hệ thống sẽ đọc nội dung và gợi ý; cán bộ sẽ xác nhận."),
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Area.objects.filter(level=AreaLevel.PROVINCE),
        to_field_name="code",
        empty_label=_("— Chọn tỉnh/thành phố —"),
    )
    commune = forms.ModelChoiceField(
        label=_("Xã/phường/đặc khu"),
        queryset=Area.objects.filter(level=AreaLevel.COMMUNE),
        to_field_name="code",
        required=False,
        empty_label=_("— Chọn xã/phường —"),
        help_text=_("Nơi xảy ra vụ việc. Nếu không rõ, có thể để trống."),
        # Only the chosen province's communes are choices (see __init__), so a commune of
        # another province is an invalid choice, not a case for clean().
        error_messages={"invalid_choice": _("Xã/phường không thuộc tỉnh/thành phố đã chọn.")},
    )
    address = forms.CharField(label=_("Địa chỉ, vị trí cụ thể"), max_length=300, required=False)
    # Filled in by the map (static/nghedan/map.js) or typed; plain fields without it.
    latitude = forms.DecimalField(
        label=_("Vĩ độ"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = forms.DecimalField(
        label=_("Kinh độ"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 7}),
        min_length=10,
        max_length=20_000,
    )
    attachments = MultipleFileField(
        label=_("Ảnh hoặc tệp PDF (không bắt buộc)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    signatories = forms.IntegerField(
        label=_("Số người cùng ký đơn"), min_value=1, initial=1, max_value=100_000
    )
    is_anonymous = forms.BooleanField(
        label=_("Gửi ẩn danh (chỉ áp dụng với phản ánh, kiến nghị)"), required=False
    )
    petitioner_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    petitioner_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    petitioner_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    petitioner_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, required=False)
    publish_consent = forms.BooleanField(
        label=_("Đồng ý công khai nội dung (đã che thông tin cá nhân) cùng câu trả lời"),
        required=False,
        initial=True,
    )
    notify_updates = forms.BooleanField(
        label=_("Nhận thông báo về tiến trình xử lý qua thư điện tử hoặc tin nhắn"),
        required=False,
    )

    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[
            (c.value, c.label)
            for c in (Channel.RECEPTION, Channel.HOTLINE, Channel.MAIL, Channel.WEB)
        ],
        help_text=_("Cán bộ nhập đơn nhận trực tiếp, qua điện thoại hoặc bưu chính."),
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            # Citizens file through the web; only staff enter petitions from other channels.
            del self.fields["channel"]
        province_code = self.data.get("province") if self.is_bound else None
        # With its province: routing and the due dates read it.
        communes = Area.objects.filter(level=AreaLevel.COMMUNE).select_related("parent")
        # Only the chosen province's communes are offered (and accepted).
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = (
            communes.filter(parent__code=province_code) if province_code else communes.none()
        )

    def clean(self):
        data = super().clean()
        province, commune = data.get("province"), data.get("commune")
        if province and commune and commune.parent_id != province.pk:
            self.add_error("commune", _("Xã/phường không thuộc tỉnh/thành phố đã chọn."))
        given = {name: data.get(name) is not None for name in ("latitude", "longitude")}
        if given["latitude"] != given["longitude"]:
            missing = "longitude" if given["latitude"] else "latitude"
            self.add_error(missing, _("Cần gửi cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."))
        for name in ("latitude", "longitude"):
            if data.get(name) is not None:
                # As stored: six decimals, about 10 cm.
                data[name] = data[name].quantize(_MICRO, rounding=ROUND_HALF_UP)
        return data

    @property
    def area(self) -> Area:
        return self.cleaned_data.get("commune") or self.cleaned_data["province"]


# Dates the public list may be searched between (a date outside cannot be turned into
# an instant everywhere, and nothing was answered then).
SEARCH_FIRST_DAY, SEARCH_LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
BAD_DATE = _("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 25/12/2026.")


class PublicSearchForm(forms.Form):
    """The public list's filters, sent in the address (GET). Area and topic codes that name
    nothing find nothing; a bad date is said on its field."""

    province = forms.CharField(required=False, max_length=20)
    commune = forms.CharField(required=False, max_length=20)
    topic = forms.CharField(required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("Loại đơn"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (Kind.FEEDBACK, Kind.FEEDBACK.label),
            (Kind.PROPOSAL, Kind.PROPOSAL.label),
        ],
        error_messages={"invalid_choice": _("Loại đơn không hợp lệ.")},
    )
    answered_from = forms.DateField(
        label=_("Trả lời từ ngày"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    answered_to = forms.DateField(
        label=_("đến ngày"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not SEARCH_FIRST_DAY <= day <= SEARCH_LAST_DAY:
            raise forms.ValidationError(
                _("Chỉ tìm được trong khoảng từ năm %(first)s đến năm %(last)s."),
                code="out_of_range",
                params={"first": SEARCH_FIRST_DAY.year, "last": SEARCH_LAST_DAY.year},
            )
        return day

    def clean_answered_from(self) -> date | None:
        return self._clean_day("answered_from")

    def clean_answered_to(self) -> date | None:
        return self._clean_day("answered_to")

    def clean(self):
        data = super().clean()
        first, last = data.get("answered_from"), data.get("answered_to")
        if first and last and first > last:
            self.add_error("answered_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=20)
    secret = forms.CharField(
        label=_("Mã bí mật"),
        max_length=64,
        required=False,
        help_text=_("Được cấp khi gửi đơn. Không cần nếu bạn đã đăng nhập."),
        # Never written back into a page, even when the lookup fails.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class TransferForm(ReasonForm):
    to_agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=Agency.objects.filter(is_active=True),
        to_field_name="code",
        widget=forms.TextInput(attrs={"list": "agency-options"}),
        help_text=_("Nhập mã cơ quan, ví dụ 01-so-xay-dung."),
        error_messages={"invalid_choice": _("Không tìm thấy cơ quan có mã này.")},
    )


class RelabelForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực đúng"), queryset=Topic.objects.filter(is_active=True)
    )


class GroupForm(forms.Form):
    codes = forms.CharField(
        label=_("Mã các đơn cùng vụ việc"),
        max_length=500,
        help_text=_("Một hoặc nhiều mã, cách nhau bằng dấu phẩy hoặc khoảng trắng."),
    )

    def clean_codes(self) -> list[str]:
        codes = [c.strip().upper() for c in re.split(r"[\s,;]+", self.cleaned_data["codes"])]
        codes = [c for c in codes if c]
        if not codes:
            raise forms.ValidationError(_("Vui lòng nhập ít nhất một mã đơn."))
        if len(codes) > 50:
            raise forms.ValidationError(_("Mỗi lần gộp tối đa 50 đơn."))
        return codes


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 — Rất hài lòng")),
            (4, _("4 — Hài lòng")),
            (3, _("3 — Chấp nhận được")),
            (2, _("2 — Không hài lòng")),
            (1, _("1 — Rất không hài lòng")),
        ],
    )
    reasons = forms.MultipleChoiceField(
        label=_("Lý do"),
        choices=RatingReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label=_("Ý kiến thêm"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
