"""The OpenAPI document's additions to drf-spectacular's: every rate-limited operation
lists its 429 answer, with the Retry-After header it carries."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse

RETRY_AFTER = {
    "schema": {"type": "integer", "minimum": 1},
    "description": ("Số giây cần chờ trước khi gửi lại. Seconds to wait before trying again."),
    "required": True,
}
TOO_MANY = "Quá nhiều yêu cầu, thử lại sau / too many requests, retry later"


class AutoSchema(openapi.AutoSchema):
    def _throttled(self) -> bool:
        """Whether a rate limit counts this operation's method."""
        for throttle in getattr(self.view, "throttle_classes", None) or ():
            methods = getattr(throttle, "methods", None)
            if methods is None or self.method in methods:
                return True
        return False

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._throttled() and "429" not in responses:
            from nghedan.api.v1.serializers import ErrorOut

            responses["429"] = self._get_response_for_code(
                OpenApiResponse(ErrorOut, description=TOO_MANY), "429", direction=direction
            )
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if str(status_code) == "429":
            headers["Retry-After"] = RETRY_AFTER
        return headers
