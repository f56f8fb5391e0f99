"""Early-warning alerts: list, read, and the leaders' lifecycle steps. Alerts outside the
caller's place are 404; readers who may not act get 403; a step the status does not allow
is 409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.alerts import actions, selectors
from nghedan.alerts.models import AlertKind, AlertStatus
from nghedan.api.errors import ApiError, parse
from nghedan.api.v1.common import Pagination, errors, paginate
from nghedan.lib.links import http_url


class AlertOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    title = serializers.CharField()
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.__str__")
    province = serializers.CharField(source="province.code")
    topic = serializers.CharField(source="topic.code", allow_null=True, default=None)
    numbers = serializers.JSONField(help_text="Số liệu của bộ phát hiện (giải thích cảnh báo).")
    severity = serializers.FloatField()
    opened_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)


class AlertDetailOut(AlertOut):
    petitions = serializers.SerializerMethodField(
        help_text="Mã các đơn làm căn cứ mà người hỏi được xem."
    )
    articles = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    def get_petitions(self, alert) -> list[str]:
        user = self.context["request"].user
        return list(selectors.alert_evidence(user=user, alert=alert).values_list("code", flat=True))

    def get_articles(self, alert) -> list[dict]:
        return [
            {
                "title": a.title,
                # Only an http(s) link is given out, whatever an older import stored.
                "url": http_url(a.url),
                "source": a.source,
                "published_at": a.published_at.isoformat() if a.published_at else None,
            }
            for a in alert.articles.all()
        ]

    def get_events(self, alert) -> list[dict]:
        return [
            {
                "at": e.at.isoformat(),
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "text": e.text,
                "actor": e.actor.display_name if e.actor else None,
            }
            for e in alert.events.select_related("actor")
        ]


READ_ERRORS = errors(401, 403, 404)
ACT_ERRORS = errors(400, 401, 403, 404, 409)


def _require_reader(user) -> None:
    from nghedan.alerts.policy import visible_filter

    if visible_filter(user) is None:
        raise ApiError(
            "not_permitted",
            _("Chỉ lãnh đạo, người giám sát và quản trị xem cảnh báo."),
            status=403,
        )


def _detail(request, alert) -> Response:
    return Response(AlertDetailOut(alert, context={"request": request}).data)


class AlertListApi(APIView):
    """Alerts of the caller's commune or province, most recently updated first."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    class AlertFilter(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=["active", *AlertStatus.values], required=False, default=""
        )
        kind = serializers.ChoiceField(choices=AlertKind.values, required=False, default="")
        province = serializers.RegexField(r"^\d{2}$", required=False, default="")

    @extend_schema(
        operation_id="alerts_list",
        parameters=[
            OpenApiParameter("status", str, enum=["active", *AlertStatus.values]),
            OpenApiParameter("kind", str, enum=AlertKind.values),
            OpenApiParameter("province", str, description="Mã tỉnh (2 số)."),
        ],
        responses={200: AlertOut(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        _require_reader(request.user)
        filters = parse(self.AlertFilter, request.query_params)
        alerts = selectors.alerts_filtered(user=request.user, **filters).order_by("-updated_at")
        return paginate(queryset=alerts, serializer_class=AlertOut, request=request, view=self)


class AlertDetailApi(APIView):
    """One alert with its numbers, the petitions and articles behind it, and its history."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="alerts_read", responses={200: AlertDetailOut, **READ_ERRORS})
    def get(self, request, alert_id: int):
        _require_reader(request.user)
        return _detail(request, selectors.alert_get(user=request.user, alert_id=alert_id))


class AlertStepIn(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text="Bắt buộc khi đánh dấu đã xử lý hoặc đóng.",
    )


def _transition_view(action: str, summary: str):
    class AlertTransitionApi(APIView):
        __doc__ = summary
        permission_classes = [IsAuthenticated]

        @extend_schema(
            operation_id=f"alerts_{action}",
            request=AlertStepIn,
            responses={200: AlertDetailOut, **ACT_ERRORS},
        )
        def post(self, request, alert_id: int):
            _require_reader(request.user)
            alert = selectors.alert_get(user=request.user, alert_id=alert_id)
            data = parse(AlertStepIn, request.data)
            alert = actions.alert_transition(
                acting_user=request.user, alert=alert, action=action, note=data["note"]
            )
            return _detail(request, alert)

    AlertTransitionApi.__name__ = f"Alert{action.title()}Api"
    return AlertTransitionApi


AlertAcknowledgeApi = _transition_view("acknowledge", "Tiếp nhận: the leader has seen it.")
AlertHandleApi = _transition_view("handle", "Đã xử lý: what was done, in the note.")
AlertCloseApi = _transition_view("close", "Đóng: the issue is over, with the reason.")


class AlertNoteApi(APIView):
    """Add a note to the alert's history."""

    permission_classes = [IsAuthenticated]

    class NoteCreateIn(serializers.Serializer):
        text = serializers.CharField(max_length=5000)

    @extend_schema(
        operation_id="alerts_note",
        request=NoteCreateIn,
        responses={200: AlertDetailOut, **ACT_ERRORS},
    )
    def post(self, request, alert_id: int):
        _require_reader(request.user)
        alert = selectors.alert_get(user=request.user, alert_id=alert_id)
        data = parse(self.NoteCreateIn, request.data)
        actions.alert_note(acting_user=request.user, alert=alert, text=data["text"])
        return _detail(request, selectors.alert_get(user=request.user, alert_id=alert_id))


class AlertAssignApi(APIView):
    """Give the alert to a leader of its place (by username); they are told."""

    permission_classes = [IsAuthenticated]

    class AssignIn(serializers.Serializer):
        assignee = serializers.CharField(max_length=150, help_text="Tên đăng nhập của lãnh đạo.")

    @extend_schema(
        operation_id="alerts_assign",
        request=AssignIn,
        responses={200: AlertDetailOut, **ACT_ERRORS},
    )
    def post(self, request, alert_id: int):
        from django.contrib.auth import get_user_model

        _require_reader(request.user)
        alert = selectors.alert_get(user=request.user, alert_id=alert_id)
        data = parse(self.AssignIn, request.data)
        assignee = get_user_model().objects.filter(username=data["assignee"]).first()
        if assignee is None:
            raise ApiError(
                "bad_assignee", _("Không có người dùng này."), status=400, field="assignee"
            )
        alert = actions.alert_assign(acting_user=request.user, alert=alert, assignee=assignee)
        return _detail(request, alert)
