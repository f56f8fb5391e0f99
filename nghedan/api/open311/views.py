"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/), JSON only.

Services are the topics (lĩnh vực); a service request is a petition filed by a client
application that holds an api_key (`nghedan open311_key NAME`). Field names and shapes
are the specification's, so existing 311 clients work unchanged.
"""

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.coordinates import CoordinatesIn, coordinate
from nghedan.api.errors import ApiError, InputInvalid, parse
from nghedan.api.idempotency import request_digest
from nghedan.api.open311.errors import open311_exception_handler
from nghedan.api.parsers import JSONParser
from nghedan.api.selectors import (
    api_client_for_key,
    open311_client_label,
    open311_request_for_token,
    open311_requests_visible,
)
from nghedan.api.services import petition_submit_once
from nghedan.api.throttles import Open311IntakeThrottle
from nghedan.api.v1.intake import idempotency_key
from nghedan.areas.places import commune_resolve
from nghedan.areas.selectors import area_get_by_code
from nghedan.lib.text import clean, fold
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.codes import normalize_tracking_code
from nghedan.petitions.lifecycle import TERMINAL
from nghedan.petitions.models import Channel, Kind, Petition, Topic
from nghedan.petitions.public import PublicPetition, public_petition

CHANGESET = "2026-05-01T00:00:00+07:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
REQUESTS_LIMIT = 1000
TITLE_LENGTH = 80
# Open311's "closed": the petition's lifecycle has reached an end.
CLOSED_STATUSES = TERMINAL
# media_url is kept as a note at the end of the petition's text; it is never fetched.
MEDIA_NOTE = "Ảnh, tệp kèm theo (media_url):"
_MEDIA_LINE = re.compile(r"\n*" + re.escape(MEDIA_NOTE) + r" (\S+)\s*\Z")
_ATTRIBUTE = re.compile(r"attribute\[(\w+)\]")
_OFFSET_AS_SPACE = re.compile(r" (\d{2}:?\d{2})\Z")
_KIND_BY_NAME = {fold(str(label)): value for value, label in Kind.choices}


def _requires_key() -> ApiError:
    return ApiError(
        "bad_api_key",
        _("Thiếu api_key hoặc api_key không hợp lệ; liên hệ quản trị hệ thống để được cấp khoá."),
        status=403,
    )


def _client(request, *, required: bool):
    key = request.query_params.get("api_key")
    if key is None and request.method == "POST" and hasattr(request.data, "get"):
        key = request.data.get("api_key")
    if key is None and not required:
        return None
    client = api_client_for_key(key=key if isinstance(key, str) else None)
    if client is None:
        raise _requires_key()
    return client


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _end_of_day(day) -> str | None:
    if day is None:
        return None
    end = datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return end.isoformat()


def _notice(petition: Petition) -> str:
    with override("vi"):
        notice = f"Cơ quan xử lý: {petition.agency.name}."
        if petition.resolution_due:
            notice += f" Hạn giải quyết: {date_format(petition.resolution_due, 'd/m/Y')}."
    return notice


def _status_notes(shown: PublicPetition) -> str:
    with override("vi"):
        notes = str(shown.get_status_display())
    if shown.status_reason:
        notes += f": {shown.status_reason}"
    return notes


def request_data(petition: Petition) -> dict:
    """One service request, with the specification's field names, in its order. Read only
    from the petition's redacted projection: no stored text is shown as written."""
    shown = public_petition(petition, with_answers=False)
    media = _MEDIA_LINE.search(shown.body)
    return {
        "service_request_id": shown.code,
        "status": "closed" if shown.status in CLOSED_STATUSES else "open",
        "status_notes": _status_notes(shown),
        "service_name": shown.topic.name,
        "service_code": shown.topic.code,
        "description": _MEDIA_LINE.sub("", shown.body),
        "agency_responsible": shown.agency.name,
        "service_notice": _notice(petition),
        "requested_datetime": _iso(shown.received_at),
        "updated_datetime": _iso(shown.updated_at),
        "expected_datetime": _end_of_day(shown.resolution_due),
        "address": shown.address,
        "address_id": shown.area.code,
        "zipcode": None,
        "lat": float(shown.latitude) if shown.latitude is not None else None,
        "long": float(shown.longitude) if shown.longitude is not None else None,
        "media_url": media.group(1) if media else None,
    }


class JsonOnlyNegotiation(BaseContentNegotiation):
    """The .json endpoints answer JSON whatever the Accept header asks for."""

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class Open311View(APIView):
    # Documented by the GeoReport v2 specification, not in the REST API's OpenAPI document.
    schema = None
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    content_negotiation_class = JsonOnlyNegotiation

    def get_exception_handler(self):
        return open311_exception_handler


class DiscoveryApi(Open311View):
    def get(self, request):
        return Response(
            {
                "changeset": CHANGESET,
                "contact": "Nghe Dân — quản trị hệ thống",
                "key_service": (
                    "Khoá api_key do quản trị hệ thống cấp (lệnh: nghedan open311_key TÊN)."
                ),
                "endpoints": [
                    {
                        "specification": SPECIFICATION,
                        "url": request.build_absolute_uri("/open311/v2"),
                        "changeset": CHANGESET,
                        "type": "production",
                        "formats": ["application/json"],
                    }
                ],
            }
        )


def _service(topic: Topic) -> dict:
    return {
        "service_code": topic.code,
        "service_name": topic.name,
        "description": topic.description,
        "metadata": True,
        "type": "realtime",
        "keywords": topic.keywords,
        "group": "Phản ánh, kiến nghị",
    }


class ServiceListApi(Open311View):
    def get(self, request):
        return Response([_service(topic) for topic in Topic.objects.filter(is_active=True)])


def _attributes() -> list[dict]:
    with override("vi"):
        kinds = [{"key": value, "name": str(label)} for value, label in Kind.choices]
    return [
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "Mặc định: feedback (phản ánh).",
            "order": 1,
            "description": (
                "Loại đơn. Khiếu nại, tố cáo phải ghi họ tên (first_name, last_name) và một cách "
                "liên hệ (phone, email)."
            ),
            "values": kinds,
        },
        {
            "variable": True,
            "code": "signatories",
            "datatype": "number",
            "required": False,
            "datatype_description": "Số nguyên từ 1; mặc định 1.",
            "order": 2,
            "description": "Số người cùng ký đơn.",
        },
        {
            "variable": True,
            "code": "title",
            "datatype": "string",
            "required": False,
            "datatype_description": "Tối đa 200 ký tự; mặc định: đầu phần mô tả.",
            "order": 3,
            "description": "Tiêu đề đơn.",
        },
        {
            "variable": True,
            "code": "publish",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "Mặc định: true.",
            "order": 4,
            "description": (
                "Đồng ý công khai nội dung (đã che thông tin cá nhân) cùng câu trả lời; chỉ áp "
                "dụng với phản ánh, kiến nghị. Yêu cầu không công khai chỉ ứng dụng đã gửi "
                "(kèm api_key) mới xem được."
            ),
            "values": [{"key": "true", "name": "Có"}, {"key": "false", "name": "Không"}],
        },
    ]


class ServiceDefinitionApi(Open311View):
    def get(self, request, service_code: str):
        if not Topic.objects.filter(code=service_code, is_active=True).exists():
            raise ApiError("unknown_service", _("Không có dịch vụ với mã này."), status=404)
        return Response({"service_code": service_code, "attributes": _attributes()})


class RequestIn(CoordinatesIn):
    """A service request's fields; `lat` and `long` (CoordinatesIn) come together or not
    at all."""

    service_code = serializers.CharField(max_length=40)
    description = serializers.CharField(max_length=20_000)
    address_id = serializers.RegexField(r"^\d{2}(\d{3})?$", required=False)
    address_string = serializers.CharField(max_length=300, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=75, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=75, required=False, allow_blank=True)
    # Accepted for compatibility; not stored.
    device_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    account_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    jurisdiction_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    media_url = serializers.URLField(max_length=500, required=False, allow_blank=True)

    def validate_service_code(self, code: str) -> Topic:
        topic = Topic.objects.filter(code=code, is_active=True).first()
        if topic is None:
            raise serializers.ValidationError(_("Không có dịch vụ với mã này."))
        return topic


class AttributesIn(serializers.Serializer):
    kind = serializers.CharField(max_length=40, required=False, default=Kind.FEEDBACK)
    signatories = serializers.IntegerField(min_value=1, max_value=10**9, required=False, default=1)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    # Service requests are public in Open311; a petitioner may still say no.
    publish = serializers.BooleanField(required=False, default=True)

    def validate_kind(self, value: str) -> str:
        kind = value if value in Kind.values else _KIND_BY_NAME.get(fold(value))
        if kind is None:
            raise serializers.ValidationError(
                _("Loại đơn phải là một trong: feedback, proposal, complaint, denunciation.")
            )
        return kind


def _split_attributes(data) -> tuple[dict, dict]:
    """The request's plain fields and its attribute[...] fields (form or JSON)."""
    if hasattr(data, "getlist"):
        items = {key: data.get(key) for key in data.keys()}
    elif isinstance(data, dict):
        items = dict(data)
    else:
        raise ApiError("bad_body", _("Nội dung yêu cầu phải là một đối tượng JSON hoặc biểu mẫu."))
    attributes = {}
    nested = items.pop("attribute", None)
    if isinstance(nested, dict):
        attributes.update(nested)
    for key in list(items):
        match = _ATTRIBUTE.fullmatch(key)
        if match:
            attributes[match.group(1)] = items.pop(key)
    items.pop("api_key", None)
    return items, attributes


def _parse_request(data) -> tuple[dict, dict]:
    items, attributes = _split_attributes(data)
    errors_vi, errors_en, parsed = {}, {}, []
    for serializer_class, values, prefix in (
        (RequestIn, items, ""),
        (AttributesIn, attributes, "attribute"),
    ):
        try:
            parsed.append(parse(serializer_class, values))
        except InputInvalid as exc:
            for target, errors in ((errors_vi, exc.errors_vi), (errors_en, exc.errors_en)):
                for field, messages in errors.items():
                    target[f"{prefix}[{field}]" if prefix else field] = messages
    if errors_vi:
        raise InputInvalid(errors_vi, errors_en)
    return parsed[0], parsed[1]


def _area(data: dict):
    if data.get("address_id"):
        area = area_get_by_code(code=data["address_id"])
        if area is None:
            raise ApiError(
                "unknown_address_id",
                _("Không có địa bàn với mã này (address_id)."),
                field="address_id",
            )
        return area
    text = data.get("address_string", "")
    if text:
        area = commune_resolve(text=text)
        if area is None:
            raise ApiError(
                "address_unresolved",
                _(
                    "Không xác định được duy nhất một xã/phường từ địa chỉ này. Hãy ghi rõ tên "
                    "xã/phường và tỉnh/thành phố, hoặc gửi address_id (mã xã/phường 5 chữ số)."
                ),
                field="address_string",
            )
        return area
    raise ApiError(
        "location_required",
        _(
            "Cần address_id (mã xã/phường) hoặc address_string (địa chỉ có tên xã/phường); "
            "chỉ toạ độ lat/long là chưa đủ."
        ),
        field="address_id",
    )


def _title(description: str) -> str:
    text = " ".join(description.split())
    if len(text) <= TITLE_LENGTH:
        return text
    cut = text[:TITLE_LENGTH].rsplit(" ", 1)[0] or text[:TITLE_LENGTH]
    return cut.rstrip(",.;:") + "…"


class RequestsApi(Open311View):
    throttle_classes = [Open311IntakeThrottle]
    # How the domain's field names read in Open311's terms.
    error_field_names = {
        "body": "description",
        "title": "attribute[title]",
        "kind": "attribute[kind]",
        "signatories": "attribute[signatories]",
        "publish_consent": "attribute[publish]",
        "area": "address_id",
        "petitioner_name": "first_name",
        "petitioner_phone": "phone",
        "petitioner_email": "email",
        "petitioner_address": "address_string",
        "is_anonymous": "first_name",
    }

    def post(self, request):
        client = _client(request, required=True)
        key = idempotency_key(request)
        data, attributes = _parse_request(request.data)
        description = clean(data["description"])
        body = description
        if data.get("media_url"):
            body = f"{description}\n\n{MEDIA_NOTE} {data['media_url']}"
        name = clean(f"{data.get('last_name', '')} {data.get('first_name', '')}")
        intake_key = f"open311:{client.pk}:{key}" if key else None
        result = petition_submit_once(
            intake_key=intake_key,
            request_digest=request_digest(data, attributes),
            acting_user=None,
            channel=Channel.API,
            kind=attributes["kind"],
            topic=data["service_code"],
            area=_area(data),
            title=clean(attributes["title"]) or _title(description),
            body=body,
            address=data.get("address_string", ""),
            latitude=coordinate(data.get("lat")),
            longitude=coordinate(data.get("long")),
            signatories=attributes["signatories"],
            publish_consent=attributes["publish"],
            petitioner=PetitionerInfo(
                name=name, phone=data.get("phone", ""), email=data.get("email", "")
            ),
            intake_client=open311_client_label(client),
        )
        petition = result.petition
        response = [
            {
                "service_request_id": petition.code,
                "token": str(petition.uuid),
                "service_notice": _notice(petition),
                "account_id": None,
            }
        ]
        created = result.created
        return Response(response, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def get(self, request):
        client = _client(request, required=False)
        params = request.query_params
        petitions = open311_requests_visible(client=client)
        if params.get("service_request_id"):
            codes = [
                normalize_tracking_code(code)
                for code in params["service_request_id"].split(",")[:REQUESTS_LIMIT]
                if code.strip()
            ]
            petitions = petitions.filter(code__in=codes)
        if params.get("service_code"):
            petitions = petitions.filter(topic__code=params["service_code"])
        if params.get("start_date"):
            petitions = petitions.filter(received_at__gte=w3c_datetime(params, "start_date"))
        if params.get("end_date"):
            petitions = petitions.filter(received_at__lte=w3c_datetime(params, "end_date"))
        wanted = params.get("status")
        if wanted:
            statuses = {value.strip() for value in wanted.split(",")}
            if not statuses <= {"open", "closed"}:
                raise ApiError("bad_status", _("status phải là open hoặc closed."), field="status")
            if statuses == {"closed"}:
                petitions = petitions.filter(status__in=CLOSED_STATUSES)
            elif statuses == {"open"}:
                petitions = petitions.exclude(status__in=CLOSED_STATUSES)
        return Response([request_data(petition) for petition in petitions[:REQUESTS_LIMIT]])


def w3c_datetime(params, name: str) -> datetime:
    """The parameter as an instant in UTC: a W3C date-time (a date alone is midnight in
    Việt Nam, a time without offset is Việt Nam time), one the database can hold; else a
    400 naming the parameter."""
    # An unescaped '+' of the offset arrives as a space.
    raw = _OFFSET_AS_SPACE.sub(r"+\1", params[name].strip())
    value = None
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise ApiError(
            "bad_datetime",
            _("Ngày giờ không đúng định dạng W3C, ví dụ 2026-05-01T08:00:00+07:00."),
            field=name,
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo(settings.TIME_ZONE))
    try:
        # Stored in UTC: an instant near year 1 or 9999 may fall outside it.
        return value.astimezone(UTC)
    except OverflowError:
        raise ApiError(
            "bad_datetime",
            _("Ngày giờ nằm ngoài khoảng hệ thống lưu được (năm 1 đến năm 9999)."),
            field=name,
        ) from None


class RequestDetailApi(Open311View):
    def get(self, request, service_request_id: str):
        client = _client(request, required=False)
        petition = (
            open311_requests_visible(client=client)
            .filter(code=normalize_tracking_code(service_request_id))
            .first()
        )
        if petition is None:
            raise ApiError("unknown_request", _("Không tìm thấy yêu cầu này."), status=404)
        return Response([request_data(petition)])


class TokenApi(Open311View):
    def get(self, request, token: str):
        petition = open311_request_for_token(token=token)
        if petition is None:
            raise ApiError(
                "unknown_token", _("Không tìm thấy yêu cầu ứng với token này."), status=404
            )
        return Response([{"service_request_id": petition.code, "token": str(petition.uuid)}])


class UnknownPathApi(Open311View):
    def not_found(self, request, *args, **kwargs):
        raise ApiError("not_found", _("Không tìm thấy."), status=404)

    get = post = put = patch = delete = options = not_found
