"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/), in XML and in JSON.

Services are the topics (lĩnh vực); a service request is a petition filed by a client
application that holds an api_key (`nghedan open311_key NAME`). Every resource answers
in the format its extension names (`services.xml`, `requests/{id}.json`), errors
included; field names and shapes are the specification's, so existing 311 clients work
unchanged. What is supported and how our fields map is in docs/open311.md.
"""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.coordinates import CoordinatesIn, coordinate
from nghedan.api.errors import ApiError, InputInvalid, parse
from nghedan.api.idempotency import request_digest
from nghedan.api.models import ApiClient
from nghedan.api.open311.attributes import attributes_parse, service_definition
from nghedan.api.open311.errors import open311_exception_handler
from nghedan.api.open311.formats import (
    ExtensionNegotiation,
    Open311JSONRenderer,
    Open311XMLRenderer,
)
from nghedan.api.parsers import JSONParser
from nghedan.api.selectors import (
    api_client_for_key,
    open311_client_label,
    open311_request_for_token,
    open311_requests_of_ids,
    open311_requests_visible,
)
from nghedan.api.services import open311_request_file
from nghedan.api.throttles import Open311IntakeThrottle
from nghedan.api.v1.intake import idempotency_key
from nghedan.areas.models import Area
from nghedan.areas.places import commune_resolve
from nghedan.areas.selectors import area_get_by_code
from nghedan.lib import clock
from nghedan.lib.text import clean, interpolate_lazy
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.codes import normalize_tracking_code
from nghedan.petitions.lifecycle import TERMINAL
from nghedan.petitions.models import Channel, Petition, Topic
from nghedan.petitions.public import PublicPetition, public_petition
from nghedan.petitions.reference import topic_active

CHANGESET = "2026-05-01T00:00:00+07:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
REQUESTS_LIMIT = 1000
# Without dates, requests.* lists the last 90 days; dates given may not span more.
REQUESTS_DAYS = 90
FORMATS = ["text/xml", "application/json"]
TITLE_LENGTH = 80
# Open311's "closed": the petition's lifecycle has reached an end.
CLOSED_STATUSES = TERMINAL
# media_url is kept as a note at the end of the petition's text, so the officers see the
# link; the file itself is fetched by a job (`api.open311_media_fetch`), never here.
MEDIA_NOTE = "Ảnh, tệp kèm theo (media_url):"
_MEDIA_LINE = re.compile(r"\n*" + re.escape(MEDIA_NOTE) + r" (\S+)\s*\Z")
# attribute[code], or attribute[code][] for a value of a multivaluelist.
_ATTRIBUTE = re.compile(r"attribute\[([^\]]+)\](\[\])?")
_OFFSET_AS_SPACE = re.compile(r" (\d{2}:?\d{2})\Z")


def _requires_key() -> ApiError:
    return ApiError(
        "bad_api_key",
        _("Thiếu api_key hoặc api_key không hợp lệ; liên hệ quản trị hệ thống để được cấp khoá."),
        status=403,
    )


def _client(request: Request, *, required: bool) -> ApiClient | None:
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


def _jurisdiction_check(request: Request) -> None:
    """jurisdiction_id may be left out (one jurisdiction is served); sent, it must be ours."""
    given = request.query_params.get("jurisdiction_id")
    if given is None and request.method == "POST" and hasattr(request.data, "get"):
        given = request.data.get("jurisdiction_id")
    if given is None or given == "":
        return
    expected = settings.NGHEDAN_OPEN311_JURISDICTION
    if not isinstance(given, str) or given.strip().lower() != expected.lower():
        raise ApiError(
            "unknown_jurisdiction",
            interpolate_lazy(
                _("Không có jurisdiction_id này; điểm truy cập này chỉ phục vụ “%(ours)s”."),
                {"ours": expected},
            ),
            status=404,
        )


class Open311View(APIView):
    # Documented by the GeoReport v2 specification, not in the REST API's OpenAPI document.
    schema = None
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [Open311JSONRenderer, Open311XMLRenderer]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    content_negotiation_class = ExtensionNegotiation
    # OPTIONS is not part of the specification: a 405 like any other method it lacks.
    metadata_class = None
    # The XML document's root element (errors are written under <errors>).
    xml_root = "service_requests"
    checks_jurisdiction = True

    def get_exception_handler(self):
        return open311_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.checks_jurisdiction:
            _jurisdiction_check(request)


class DiscoveryApi(Open311View):
    xml_root = "discovery"

    def get(self, request, **kwargs):
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
                        "formats": FORMATS,
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


def _topic(code: str) -> Topic:
    topic = topic_active(code)
    if topic is None:
        raise ApiError(
            "unknown_service", _("Không có dịch vụ với mã này."), status=404, field="service_code"
        )
    return topic


class ServiceListApi(Open311View):
    xml_root = "services"

    def get(self, request, **kwargs):
        return Response([_service(topic) for topic in Topic.objects.filter(is_active=True)])


class ServiceDefinitionApi(Open311View):
    xml_root = "service_definition"

    def get(self, request, service_code: str, **kwargs):
        if not Topic.objects.filter(code=service_code, is_active=True).exists():
            raise ApiError("unknown_service", _("Không có dịch vụ với mã này."), status=404)
        return Response(service_definition(service_code))


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
    # Kept for the client's own look-ups (requests.json?device_id=…), shown to no one.
    device_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    account_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    # Fetched in the background and stored as an attachment (`api.open311_media_fetch`).
    media_url = serializers.URLField(max_length=500, required=False, allow_blank=True)

    def validate_media_url(self, url: str) -> str:
        if url and not url.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError(_("media_url phải là một địa chỉ http hoặc https."))
        return url


def _split_attributes(data) -> tuple[dict, dict]:
    """The request's plain fields and its attribute[...] fields (form or JSON)."""
    if hasattr(data, "getlist"):
        items = {key: data.get(key) for key in data.keys()}
        lists = {key: data.getlist(key) for key in data.keys()}
    elif isinstance(data, dict):
        items, lists = dict(data), {}
    else:
        raise ApiError("bad_body", _("Nội dung yêu cầu phải là một đối tượng JSON hoặc biểu mẫu."))
    attributes = {}
    nested = items.pop("attribute", None)
    if isinstance(nested, dict):
        attributes.update(nested)
    for key in list(items):
        match = _ATTRIBUTE.fullmatch(key)
        if match:
            value = items.pop(key)
            attributes[match.group(1)] = lists.get(key, [value]) if match.group(2) else value
    for name in ("api_key", "jurisdiction_id"):
        items.pop(name, None)
    return items, attributes


def _parse_request(data) -> tuple[dict, dict]:
    items, attributes = _split_attributes(data)
    code = items.get("service_code")
    if isinstance(code, str) and code.strip():
        _topic(code.strip())  # an unknown service is a 404, as the specification says
    errors_vi: dict = {}
    errors_en: dict = {}
    parsed = {}
    try:
        parsed = parse(RequestIn, items)
    except InputInvalid as exc:
        errors_vi.update(exc.errors_vi)
        errors_en.update(exc.errors_en)
    try:
        values = attributes_parse(attributes)
    except InputInvalid as exc:
        for target, errors in ((errors_vi, exc.errors_vi), (errors_en, exc.errors_en)):
            for field, messages in errors.items():
                target[f"attribute[{field}]"] = messages
    if errors_vi:
        raise InputInvalid(errors_vi, errors_en)
    return parsed, values


def _area(data: dict) -> Area:
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
    if data.get("lat") is not None:
        # The areas hold names and codes, no boundaries: a point cannot be placed in one.
        raise ApiError(
            "location_unresolved",
            _(
                "Chưa xác định được xã/phường từ toạ độ lat/long: hệ thống chưa có ranh giới "
                "địa bàn. Hãy gửi thêm address_id (mã xã/phường 5 chữ số) hoặc "
                "address_string (địa chỉ có tên xã/phường); toạ độ vẫn được lưu."
            ),
            field="address_id",
        )
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


def _codes(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


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

    def post(self, request, **kwargs):
        client = _client(request, required=True)
        assert client is not None
        key = idempotency_key(request)
        data, attributes = _parse_request(request.data)
        topic = _topic(data["service_code"])
        description = clean(data["description"])
        body = description
        if data.get("media_url"):
            body = f"{description}\n\n{MEDIA_NOTE} {data['media_url']}"
        name = clean(f"{data.get('last_name', '')} {data.get('first_name', '')}")
        intake_key = f"open311:{client.pk}:{key}" if key else None
        result = open311_request_file(
            client=client,
            device_id=clean(data.get("device_id", "")),
            account_id=clean(data.get("account_id", "")),
            media_url=data.get("media_url", ""),
            intake_key=intake_key,
            request_digest=request_digest(data, attributes),
            acting_user=None,
            channel=Channel.API,
            kind=attributes["kind"],
            topic=topic,
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
                "account_id": clean(data.get("account_id", "")) or None,
            }
        ]
        created = result.created
        return Response(response, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def get(self, request, **kwargs):
        client = _client(request, required=False)
        params = request.query_params
        device_id, account_id = params.get("device_id", ""), params.get("account_id", "")
        if device_id or account_id:
            # A client finds its own requests by the ids it sent, and only its own.
            client = _client(request, required=True)
            assert client is not None
            petitions = open311_requests_of_ids(
                client=client, device_id=device_id, account_id=account_id
            )
        else:
            petitions = open311_requests_visible(client=client)
        if params.get("service_request_id"):
            # The specification: this overrides all other arguments.
            codes = [
                normalize_tracking_code(code)
                for code in _codes(params["service_request_id"])[:REQUESTS_LIMIT]
            ]
            petitions = petitions.filter(code__in=codes)
            return Response([request_data(petition) for petition in petitions[:REQUESTS_LIMIT]])
        if params.get("service_code"):
            petitions = petitions.filter(topic__code__in=_codes(params["service_code"]))
        start = w3c_datetime(params, "start_date") if params.get("start_date") else None
        end = w3c_datetime(params, "end_date") if params.get("end_date") else None
        if start is None and end is None:
            start = clock.now() - timedelta(days=REQUESTS_DAYS)
        elif start is not None and end is not None and end - start > timedelta(days=REQUESTS_DAYS):
            raise ApiError(
                "date_range_too_long",
                interpolate_lazy(
                    _("Khoảng từ start_date đến end_date tối đa %(days)s ngày."),
                    {"days": REQUESTS_DAYS},
                ),
                field="end_date",
            )
        if start is not None:
            petitions = petitions.filter(received_at__gte=start)
        if end is not None:
            petitions = petitions.filter(received_at__lte=end)
        wanted = params.get("status")
        if wanted:
            statuses = set(_codes(wanted))
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
    def get(self, request, service_request_id: str, **kwargs):
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
    def get(self, request, token: str, **kwargs):
        petition = open311_request_for_token(token=token)
        if petition is None:
            raise ApiError(
                "unknown_token", _("Không tìm thấy yêu cầu ứng với token này."), status=404
            )
        return Response([{"service_request_id": petition.code, "token": str(petition.uuid)}])


class UnknownPathApi(Open311View):
    checks_jurisdiction = False

    def not_found(self, request, *args, **kwargs):
        raise ApiError("not_found", _("Không tìm thấy."), status=404)

    get = post = put = patch = delete = options = not_found
