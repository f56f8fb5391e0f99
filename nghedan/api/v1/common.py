"""Small pieces the v1 views share: pagination, header parameters, error responses."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from nghedan.api.v1.serializers import ErrorOut


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def paginate(*, queryset, serializer_class, request, view, context=None) -> Response:
    paginator = Pagination()
    page: list[Any] | None = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context=context or {}).data
    return paginator.get_paginated_response(data)


SECRET_HEADER = OpenApiParameter(
    "X-Petition-Secret",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Mã bí mật người gửi nhận được một lần khi gửi đơn; mở đơn cho người không có tài khoản. "
        "The secret given once to the petitioner when the petition was filed."
    ),
)
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Khoá chống gửi trùng: gửi lại cùng khoá và cùng nội dung trả về chính đơn đã tạo "
        "(200) thay vì tạo đơn mới; cùng khoá với nội dung khác bị từ chối (422). A retry "
        "with the same key and content returns the petition made the first time (200), never "
        "a second one; the same key with other content is refused (422)."
    ),
)


def errors(*statuses: int) -> dict:
    """OpenAPI responses for the error statuses an operation may answer."""
    described = {
        400: "Dữ liệu không hợp lệ / invalid input",
        401: "Chưa đăng nhập / not authenticated",
        403: "Không có quyền / not permitted",
        404: "Không tìm thấy hoặc không được xem / not found or not visible",
        409: "Trạng thái đơn không cho phép thao tác này / not allowed in this status",
        422: "Khoá Idempotency-Key đã dùng cho nội dung khác / Idempotency-Key reused for other content",
        429: "Quá nhiều yêu cầu, thử lại sau / too many requests, retry later",
    }
    return {status: OpenApiResponse(ErrorOut, description=described[status]) for status in statuses}
