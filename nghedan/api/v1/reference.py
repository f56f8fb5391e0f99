"""Public reference data: topics (lĩnh vực) and administrative areas; and signing in."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.accounts import twofactor
from nghedan.accounts.lockout import locked_message
from nghedan.api.errors import ApiError, parse
from nghedan.api.services import api_token_issue
from nghedan.api.throttles import SignInThrottle
from nghedan.api.v1.common import errors
from nghedan.api.v1.serializers import AreaOut, TopicOut
from nghedan.areas.models import Area, AreaLevel
from nghedan.areas.selectors import area_get_by_code, area_search, communes_of
from nghedan.petitions.models import Topic


class TokenCreateApi(APIView):
    """Exchange a username and password for an API token (`Authorization: Token …`).

    A person with two-step sign-in also sends `otp`, the code their authenticator app
    shows; an administrator must have set it up on the web first. Wrong passwords count
    toward the same lockout as the web's sign-in (per user name and address).
    """

    authentication_classes: list = []
    throttle_classes = [SignInThrottle]
    # The authenticator's code is `otp` here, `code` in the domain's errors.
    error_field_names = {"code": "otp"}

    class TokenCreateInput(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)
        otp = serializers.CharField(
            max_length=12,
            required=False,
            allow_blank=True,
            help_text="Mã 6 chữ số từ ứng dụng xác thực, với tài khoản bật xác thực hai bước. "
            "The authenticator's code, for accounts with two-step sign-in.",
        )

    class TokenCreateOutput(serializers.Serializer):
        token = serializers.CharField()
        username = serializers.CharField()
        role = serializers.CharField()
        agency = serializers.CharField(allow_null=True, help_text="Mã cơ quan của cán bộ.")

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenCreateInput,
        responses={200: TokenCreateOutput, **errors(400, 403, 429)},
        auth=[],
    )
    def post(self, request):
        data = parse(self.TokenCreateInput, request.data)
        user = authenticate(request, username=data["username"], password=data["password"])
        if user is None and getattr(request, "axes_locked_out", False):
            raise ApiError("locked_out", locked_message(), status=429)
        if user is None:
            raise ApiError(
                "invalid_credentials", _("Tên đăng nhập hoặc mật khẩu không đúng."), status=400
            )
        self.check_second_factor(user, data.get("otp", ""))
        token = api_token_issue(user=user)
        return Response(
            self.TokenCreateOutput(
                {
                    "token": token.key,
                    "username": user.username,
                    "role": user.role,
                    "agency": user.agency.code if user.agency_id else None,
                }
            ).data
        )

    @staticmethod
    def check_second_factor(user, code: str) -> None:
        if twofactor.authenticator_of(user) is None:
            if twofactor.second_factor_required(user):
                raise ApiError(
                    "second_factor_setup_required",
                    _(
                        "Tài khoản quản trị phải cài đặt xác thực hai bước trên trang web trước khi lấy mã truy cập API."
                    ),
                    status=403,
                )
            return
        if not code.strip():
            raise ApiError(
                "otp_required",
                _("Tài khoản bật xác thực hai bước: gửi kèm mã từ ứng dụng xác thực (trường otp)."),
                status=400,
                field="otp",
            )
        twofactor.second_factor_check(user=user, code=code)


class TopicListApi(APIView):
    """The topics a petition can be filed under (active ones, in display order)."""

    @extend_schema(operation_id="topics_list", responses={200: TopicOut(many=True)})
    def get(self, request):
        return Response(TopicOut(Topic.objects.filter(is_active=True), many=True).data)


class AreaListApi(APIView):
    """Search provinces and communes by name, with or without diacritics.

    Without `q`: the communes of `province`, or else the provinces.
    """

    class AreaListFilter(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=100)
        level = serializers.ChoiceField(choices=AreaLevel.choices, required=False)
        province = serializers.RegexField(r"^\d{2}$", required=False)
        limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    @extend_schema(
        operation_id="areas_list",
        parameters=[AreaListFilter],
        responses={200: AreaOut(many=True), **errors(400)},
    )
    def get(self, request):
        filters = parse(self.AreaListFilter, request.query_params)
        if filters.get("q"):
            areas = area_search(
                query=filters["q"],
                level=filters.get("level"),
                province_code=filters.get("province"),
                limit=filters["limit"],
            )
        elif filters.get("province"):
            areas = communes_of(province_code=filters["province"])
            if filters.get("level") == AreaLevel.PROVINCE:
                areas = areas.none()
        elif filters.get("level", AreaLevel.PROVINCE) == AreaLevel.PROVINCE:
            areas = Area.objects.filter(level=AreaLevel.PROVINCE)
        else:
            raise ApiError(
                "query_required",
                _("Vui lòng nhập tên cần tìm (q) hoặc mã tỉnh/thành phố (province)."),
                field="q",
            )
        return Response(AreaOut(areas, many=True).data)


class AreaDetailApi(APIView):
    @extend_schema(operation_id="areas_retrieve", responses={200: AreaOut, **errors(404)})
    def get(self, request, code: str):
        area = area_get_by_code(code=code)
        if area is None:
            raise ApiError("area_not_found", _("Không có địa bàn với mã này."), status=404)
        return Response(AreaOut(area).data)
