"""Filing a petition through the API: anyone may, with an account or without."""

import hashlib

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.coordinates import (
    coordinate,
    coordinates_pair_check,
    latitude_field,
    longitude_field,
)
from nghedan.api.errors import ApiError, parse
from nghedan.api.idempotency import request_digest
from nghedan.api.parsers import JSONParser
from nghedan.api.services import petition_submit_once
from nghedan.api.throttles import IntakeThrottle
from nghedan.api.v1.common import IDEMPOTENCY_HEADER, errors
from nghedan.api.v1.serializers import CodeNameOut
from nghedan.areas.selectors import area_get_by_code
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.models import Channel, Kind, Topic
from nghedan.petitions.reference import topic_active

IDEMPOTENCY_KEY_MAX = 100


def idempotency_key(request) -> str | None:
    """The Idempotency-Key header, checked: printable ASCII, at most 100 characters."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii() or not key.isprintable():
        raise ApiError(
            "bad_idempotency_key",
            _("Tiêu đề Idempotency-Key phải là chuỗi ASCII in được, tối đa 100 ký tự."),
            field="Idempotency-Key",
        )
    return key


def _content_digest(data: dict) -> str:
    content = (
        "\x1f".join(str(data.get(field, "")) for field in ("kind", "title", "body", "address"))
        + f"\x1f{data['area'].code}\x1f{data['topic'].code if data.get('topic') else ''}"
    )
    return hashlib.sha256(content.encode()).hexdigest()[:32]


class PetitionerIn(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class PetitionSubmitApi(APIView):
    """File a petition (phản ánh, kiến nghị, khiếu nại, tố cáo).

    JSON or multipart (to attach files in `attachments`, several allowed; in multipart the
    petitioner's fields are `petitioner.name`, `petitioner.phone`, …). The response carries
    the tracking code and, once only, the secret that lets a petitioner without an account
    follow, rate, reopen or withdraw the petition.
    """

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [IntakeThrottle]
    # Where the domain names a field its own way, the name the client sent.
    error_field_names = {
        "petitioner_name": "petitioner.name",
        "petitioner_phone": "petitioner.phone",
        "petitioner_email": "petitioner.email",
        "petitioner_address": "petitioner.address",
    }

    class PetitionSubmitInput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.FEEDBACK)
        topic = serializers.SlugField(
            max_length=40,
            required=False,
            allow_null=True,
            default=None,
            help_text="Mã lĩnh vực (GET topics/). Bỏ trống: hệ thống gợi ý theo nội dung, "
            "hoặc chuyển cán bộ phân loại khi chưa chắc chắn.",
        )
        area = serializers.RegexField(
            r"^\d{2}(\d{3})?$",
            help_text="Mã địa bàn chính thức: xã/phường (5 số) hoặc tỉnh (2 số).",
        )
        title = serializers.CharField(max_length=500)
        body = serializers.CharField(max_length=40_000)
        address = serializers.CharField(
            required=False, allow_blank=True, max_length=300, default=""
        )
        latitude = latitude_field(help_text="Vĩ độ (WGS 84); gửi cùng kinh độ.")
        longitude = longitude_field(help_text="Kinh độ (WGS 84); gửi cùng vĩ độ.")
        signatories = serializers.IntegerField(required=False, default=1, max_value=10**9)
        is_anonymous = serializers.BooleanField(required=False, default=False)
        publish_consent = serializers.BooleanField(required=False, default=False)
        notify_updates = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Báo cho người gửi từng bước xử lý, qua thư điện tử hoặc tin nhắn.",
        )
        petitioner = PetitionerIn(required=False)
        attachments = serializers.ListField(
            child=serializers.FileField(max_length=200), required=False, default=list
        )

        def validate_topic(self, code: str | None) -> Topic | None:
            if not code:
                return None
            topic = topic_active(code)
            if topic is None:
                raise serializers.ValidationError(_("Không có lĩnh vực với mã này."))
            return topic

        def validate_area(self, code: str):
            area = area_get_by_code(code=code)
            if area is None:
                raise serializers.ValidationError(_("Không có địa bàn với mã này."))
            return area

        def validate(self, attrs):
            return coordinates_pair_check(attrs, latitude="latitude", longitude="longitude")

    class PetitionSubmitOutput(serializers.Serializer):
        code = serializers.CharField(help_text="Mã tra cứu công khai.")
        status = serializers.CharField()
        agency = CodeNameOut(help_text="Cơ quan được chuyển đơn đến để xử lý.")
        acceptance_due = serializers.DateField(allow_null=True)
        resolution_due = serializers.DateField(allow_null=True)
        secret = serializers.CharField(
            allow_null=True,
            help_text=(
                "Mã bí mật để theo dõi đơn (tiêu đề X-Petition-Secret). CHỈ HIỆN MỘT LẦN, khi đơn "
                "vừa được tạo; hệ thống chỉ lưu bản băm nên không thể cấp lại. Null khi gửi lại "
                "cùng Idempotency-Key. Shown ONCE, on creation only; null on an idempotent replay."
            ),
        )

    @extend_schema(
        operation_id="petitions_create",
        request={
            "application/json": PetitionSubmitInput,
            "multipart/form-data": PetitionSubmitInput,
        },
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: PetitionSubmitOutput,
            200: OpenApiResponse(
                PetitionSubmitOutput, description="Gửi lại cùng Idempotency-Key: chính đơn đã tạo."
            ),
            **errors(400, 422, 429),
        },
    )
    def post(self, request):
        """File a petition, with an account or without; the secret in the answer is shown once.

        JSON or multipart (files in `attachments`; the petitioner's fields as
        `petitioner.name`, `petitioner.phone`, …). Send `Idempotency-Key` to make retries safe:
        the same key with the same content gives back the petition already filed (200); the
        same key with other content is refused (422, `idempotency_key_reused`).
        """
        key = idempotency_key(request)
        data = parse(self.PetitionSubmitInput, request.data)
        petitioner = data.get("petitioner") or {}
        user = request.user
        intake_key = None
        if key:
            # Anonymous callers share one namespace: the content is part of the key, so a
            # retry finds its petition and a stranger choosing the same key does not.
            caller = user.pk if user.is_authenticated else f"anon:{_content_digest(data)}"
            intake_key = f"api:{caller}:{key}"
        result = petition_submit_once(
            intake_key=intake_key,
            request_digest=request_digest(data),
            acting_user=user,
            channel=Channel.API,
            kind=data["kind"],
            topic=data["topic"],
            area=data["area"],
            title=data["title"],
            body=data["body"],
            address=data["address"],
            latitude=coordinate(data["latitude"]),
            longitude=coordinate(data["longitude"]),
            signatories=data["signatories"],
            petitioner=PetitionerInfo(
                name=petitioner.get("name", ""),
                phone=petitioner.get("phone", ""),
                email=petitioner.get("email", ""),
                address=petitioner.get("address", ""),
            ),
            is_anonymous=data["is_anonymous"],
            publish_consent=data["publish_consent"],
            notify_updates=data["notify_updates"],
            files=data["attachments"],
        )
        petition = result.petition
        body = self.PetitionSubmitOutput(
            {
                "code": petition.code,
                "status": petition.status,
                "agency": petition.agency,
                "acceptance_due": petition.acceptance_due,
                "resolution_due": petition.resolution_due,
                "secret": result.secret or None,
            }
        ).data
        created = result.created
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
