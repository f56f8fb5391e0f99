"""A service's attributes (GeoReport v2 service definitions) and the `attribute[…]` values
a service request sends, checked against them.

One list of definitions serves both: `GET services/{code}` shows it, and a request's
attributes are read with it, so a client that offers exactly the values shown is never
refused and nothing else gets through. Every topic takes the same four attributes: the
kind of petition (which decides the law it falls under), the number of co-signatories,
a title and the petitioner's consent to publication.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from rest_framework import serializers

from nghedan.api.errors import InputInvalid, parse
from nghedan.lib.text import fold, interpolate_lazy
from nghedan.petitions.models import Kind

TITLE_MAX = 200


def _kinds() -> list[tuple[str, str]]:
    with override("vi"):
        return [(str(value), str(label)) for value, label in Kind.choices]


def _yes_no() -> list[tuple[str, str]]:
    return [("true", "Có"), ("false", "Không")]


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist or multivaluelist
    order: int
    description: str
    datatype_description: str
    required: bool = False
    # (key, name) of each value of a list.
    values: Callable[[], list[tuple[str, str]]] | None = None

    def as_definition(self) -> dict:
        """The attribute as the specification writes it, in its order of fields."""
        shown: dict = {
            "variable": True,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": self.order,
            "description": self.description,
        }
        if self.values is not None:
            shown["values"] = [{"key": key, "name": name} for key, name in self.values()]
        return shown


ATTRIBUTES = (
    Attribute(
        code="kind",
        datatype="singlevaluelist",
        order=1,
        description=(
            "Loại đơn. Khiếu nại, tố cáo phải ghi họ tên (first_name, last_name) và một cách "
            "liên hệ (phone, email)."
        ),
        datatype_description="Mặc định: feedback (phản ánh).",
        values=_kinds,
    ),
    Attribute(
        code="signatories",
        datatype="number",
        order=2,
        description="Số người cùng ký đơn.",
        datatype_description="Số nguyên từ 1; mặc định 1.",
    ),
    Attribute(
        code="title",
        datatype="string",
        order=3,
        description="Tiêu đề đơn.",
        datatype_description=f"Tối đa {TITLE_MAX} ký tự; mặc định: đầu phần mô tả.",
    ),
    Attribute(
        code="publish",
        datatype="singlevaluelist",
        order=4,
        description=(
            "Đồng ý công khai nội dung (đã che thông tin cá nhân) cùng câu trả lời; chỉ áp "
            "dụng với phản ánh, kiến nghị. Yêu cầu không công khai chỉ ứng dụng đã gửi "
            "(kèm api_key) mới xem được."
        ),
        datatype_description="Mặc định: true.",
        values=_yes_no,
    ),
)
_BY_CODE = {attribute.code: attribute for attribute in ATTRIBUTES}


def service_definition(service_code: str) -> dict:
    return {
        "service_code": service_code,
        "attributes": [attribute.as_definition() for attribute in ATTRIBUTES],
    }


class ListValueField(serializers.Field):
    """One value of a singlevaluelist: its key, or its name as people type it (with or
    without diacritics); a JSON true/false reads as the key "true"/"false"."""

    def __init__(self, *, attribute: Attribute, **kwargs) -> None:
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        assert self.attribute.values is not None
        values = self.attribute.values()
        text = ("true" if data else "false") if isinstance(data, bool) else data
        if isinstance(text, str):
            for key, name in values:
                if text.strip() == key or fold(text) == fold(name):
                    return key
        raise serializers.ValidationError(
            interpolate_lazy(
                _("Phải là một trong các giá trị: %(keys)s."),
                {"keys": ", ".join(key for key, _name in values)},
            )
        )

    def to_representation(self, value):
        return value


class AttributesIn(serializers.Serializer):
    kind = ListValueField(attribute=_BY_CODE["kind"], required=False, default=Kind.FEEDBACK)
    signatories = serializers.IntegerField(min_value=1, max_value=10**9, required=False, default=1)
    title = serializers.CharField(
        max_length=TITLE_MAX, required=False, allow_blank=True, default=""
    )
    # Service requests are public in Open311; a petitioner may still say no.
    publish = ListValueField(attribute=_BY_CODE["publish"], required=False, default="true")

    def validate_title(self, value: str) -> str:
        if "\n" in value or "\r" in value:
            # A "string" attribute is one line (the specification's "text" may break).
            raise serializers.ValidationError(_("Tiêu đề chỉ có một dòng."))
        return value


def attributes_parse(values: dict) -> dict:
    """The request's attribute values, checked against the service definition:
    {"kind", "signatories", "title", "publish" (a bool)}. Raises InputInvalid naming each
    `attribute[code]` at fault, an unknown code included."""
    unknown = sorted(code for code in values if code not in _BY_CODE)
    errors_vi: dict = {}
    errors_en: dict = {}
    for code in unknown:
        message = interpolate_lazy(_("Dịch vụ này không có thuộc tính “%(code)s”."), {"code": code})
        with override("vi"):
            errors_vi[code] = [str(message)]
        with override("en"):
            errors_en[code] = [str(message)]
    parsed: dict = {}
    try:
        parsed = dict(parse(AttributesIn, {k: v for k, v in values.items() if k in _BY_CODE}))
    except InputInvalid as exc:
        errors_vi.update(exc.errors_vi)
        errors_en.update(exc.errors_en)
    if errors_vi:
        raise InputInvalid(errors_vi, errors_en)
    parsed["publish"] = parsed["publish"] == "true"
    return parsed
