"""What an Idempotency-Key promises: the same key with the same request gives back the
petition the first request filed; the same key with another request is refused (422),
never answered with the first petition as if the second had been filed."""

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal

from django.core.files import File
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from nghedan.api.errors import ApiError

KEY_REUSED = _(
    "Khoá Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác. Mỗi đơn mới "
    "cần một khoá mới; muốn nhận lại đơn đã tạo, hãy gửi lại đúng nội dung cũ."
)


def key_reused() -> ApiError:
    return ApiError("idempotency_key_reused", KEY_REUSED, status=422, field="Idempotency-Key")


def _file_digest(file: File) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return f"sha256:{digest.hexdigest()}"


def _canonical(value):
    """The request's parsed values in a form that prints the same for the same request,
    whatever the order of its fields, the boundary of its form or the name of its files."""
    if isinstance(value, Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, File):
        return _file_digest(value)
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, float | Decimal):
        return repr(float(value))
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def request_digest(*parts) -> str:
    """A digest of a request's validated input, to tell a retry from another request."""
    text = json.dumps(_canonical(list(parts)), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
