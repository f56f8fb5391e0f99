"""Every error of the REST API has one shape, in Vietnamese and in English."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions

from nghedan.api.errors import exception_handler, flatten_errors
from nghedan.lib.errors import TransitionNotAllowed, not_permitted


def _error(exc) -> tuple[int, dict, object]:
    response = exception_handler(exc, {"view": None, "request": None})
    return response.status_code, response.data["error"], response


def test_a_domain_refusal_keeps_its_code_status_and_field():
    status, error, _ = _error(
        TransitionNotAllowed("answer_pending", "Đang chờ duyệt.", field="body")
    )

    assert status == 409
    assert error == {
        "code": "answer_pending",
        "message": "Đang chờ duyệt.",
        "message_en": "Đang chờ duyệt.",
        "fields": {"body": ["Đang chờ duyệt."]},
        "fields_en": {"body": ["Đang chờ duyệt."]},
    }


def test_not_permitted_is_a_403_in_both_languages():
    status, error, _ = _error(not_permitted())

    assert status == 403
    assert error["message"] == "Bạn không có quyền thực hiện thao tác này."
    assert error["message_en"] != error["message"]  # English, from whichever catalogue has it


def test_djangos_404_and_permission_denied_take_the_same_shape():
    assert _error(Http404())[:2] == (
        404,
        {
            "code": "not_found",
            "message": "Không tìm thấy.",
            "message_en": "Not found.",
            "fields": {},
            "fields_en": {},
        },
    )
    status, error, _ = _error(PermissionDenied())
    assert (status, error["code"]) == (403, "permission_denied")


def test_a_throttled_request_says_when_to_come_back_and_keeps_retry_after():
    status, error, response = _error(exceptions.Throttled(wait=30))

    assert status == 429
    assert error["code"] == "throttled"
    assert "30" in error["message"] and "30" in error["message_en"]
    assert error["message"] != error["message_en"]
    assert response["Retry-After"] == "30"


def test_a_validation_error_raised_by_hand_lists_its_fields():
    status, error, _ = _error(exceptions.ValidationError({"stars": ["Sai."]}))

    assert status == 400
    assert error["code"] == "invalid"
    assert error["fields"] == {"stars": ["Sai."]}


def test_nested_errors_are_flattened_to_dotted_field_names():
    errors = {
        "petitioner": {"email": ["Sai thư điện tử."]},
        "attachments": {0: ["Tệp hỏng."]},
        "reasons": [{}, {"code": ["Không rõ."]}],
        "non_field_errors": ["Thiếu dữ liệu."],
    }

    assert flatten_errors(errors) == {
        "petitioner.email": ["Sai thư điện tử."],
        "attachments.0": ["Tệp hỏng."],
        "reasons.1.code": ["Không rõ."],
        "non_field_errors": ["Thiếu dữ liệu."],
    }


def test_an_unexpected_exception_is_left_to_djangos_500_handling():
    assert exception_handler(ZeroDivisionError(), {"view": None, "request": None}) is None
