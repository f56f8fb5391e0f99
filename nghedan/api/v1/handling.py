"""What officers and leaders do with a petition: accept, decline, transfer, start, answer,
approve or return a draft; and their inbox and approvals queue.

The petition is looked up through the caller's scope (404 outside it); the action then
decides whether the caller may act (403) and whether the status allows it (409).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.agencies.models import Agency
from nghedan.api.errors import ApiError, parse
from nghedan.api.v1.common import Pagination, errors, paginate
from nghedan.api.v1.serializers import (
    AnswerOut,
    InboxItemOut,
    PendingAnswerOut,
    PetitionDetailOut,
    petition_detail_data,
)
from nghedan.petitions.actions import (
    answer_approve,
    answer_return,
    answer_submit,
    petition_accept,
    petition_decline,
    petition_extend,
    petition_start,
    petition_transfer,
)
from nghedan.petitions.models import Answer, Petition, Status
from nghedan.petitions.selectors import (
    answers_pending_approval,
    inbox_for,
    inbox_narrow,
    petition_get_for_user,
)

STAFF_ERRORS = errors(400, 401, 403, 404, 409)


def _staff_view(request, petition: Petition) -> dict:
    return petition_detail_data(petition, user=request.user, for_petitioner=False)


def _answer_of(petition: Petition, answer_id: int) -> Answer:
    answer = petition.answers.filter(pk=answer_id).first()
    if answer is None:
        raise Http404
    return answer


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Lý do (ít nhất 5 ký tự).")


class NoteIn(serializers.Serializer):
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Ý kiến của lãnh đạo.",
    )


class PetitionAcceptApi(APIView):
    """Thụ lý: accept the petition for handling; the resolution deadline starts."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="petitions_accept",
        request=None,
        responses={200: PetitionDetailOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        petition = petition_accept(acting_user=request.user, petition=petition)
        return Response(_staff_view(request, petition))


class PetitionDeclineApi(APIView):
    """Không thụ lý: decline, with the legal reason."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="petitions_decline",
        request=ReasonIn,
        responses={200: PetitionDetailOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        data = parse(ReasonIn, request.data)
        petition = petition_decline(
            acting_user=request.user, petition=petition, reason=data["reason"]
        )
        return Response(_staff_view(request, petition))


class PetitionExtendApi(APIView):
    """Gia hạn: the head of the agency lengthens the resolution limit of a complex
    complaint or denunciation, as far as the law allows."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="petitions_extend",
        request=ReasonIn,
        responses={200: PetitionDetailOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        data = parse(ReasonIn, request.data)
        petition = petition_extend(
            acting_user=request.user, petition=petition, reason=data["reason"]
        )
        return Response(_staff_view(request, petition))


class PetitionTransferApi(APIView):
    """Chuyển đơn: send the petition to the responsible agency, with the reason.

    The caller's agency no longer holds it afterwards; the response is the last view of it.
    """

    permission_classes = [IsAuthenticated]

    class PetitionTransferInput(ReasonIn):
        to_agency = serializers.SlugField(max_length=60, help_text="Mã cơ quan nhận.")

        def validate_to_agency(self, code: str) -> Agency:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise serializers.ValidationError(_("Không có cơ quan với mã này."))
            return agency

    @extend_schema(
        operation_id="petitions_transfer",
        request=PetitionTransferInput,
        responses={200: PetitionDetailOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        data = parse(self.PetitionTransferInput, request.data)
        petition = petition_transfer(
            acting_user=request.user,
            petition=petition,
            to_agency=data["to_agency"],
            reason=data["reason"],
        )
        return Response(_staff_view(request, petition))


class PetitionStartApi(APIView):
    """Start handling an accepted (or reopened) petition."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="petitions_start",
        request=None,
        responses={200: PetitionDetailOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        petition = petition_start(acting_user=request.user, petition=petition)
        return Response(_staff_view(request, petition))


class AnswerSubmitApi(APIView):
    """Answer the petition. Where the agency requires it, an officer's answer waits for a
    leader's approval (`pending_approval`); a leader's is published at once."""

    permission_classes = [IsAuthenticated]

    class AnswerSubmitInput(serializers.Serializer):
        body = serializers.CharField(max_length=40_000)

    @extend_schema(
        operation_id="petitions_answer",
        request=AnswerSubmitInput,
        responses={201: AnswerOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        data = parse(self.AnswerSubmitInput, request.data)
        answer = answer_submit(acting_user=request.user, petition=petition, body=data["body"])
        return Response(AnswerOut(answer).data, status=status.HTTP_201_CREATED)


class AnswerApproveApi(APIView):
    """The leader approves a pending draft; it is published to the petitioner."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="petitions_answers_approve",
        request=NoteIn,
        responses={200: AnswerOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str, answer_id: int):
        petition = petition_get_for_user(user=request.user, code=code)
        data = parse(NoteIn, request.data)
        answer = answer_approve(
            acting_user=request.user, answer=_answer_of(petition, answer_id), note=data["note"]
        )
        return Response(AnswerOut(answer).data)


class AnswerReturnApi(APIView):
    """The leader sends a pending draft back to the officer, saying what to change."""

    permission_classes = [IsAuthenticated]

    class AnswerReturnInput(serializers.Serializer):
        note = serializers.CharField(max_length=5000, help_text="Điều cần sửa (ít nhất 5 ký tự).")

    @extend_schema(
        operation_id="petitions_answers_return",
        request=AnswerReturnInput,
        responses={200: AnswerOut, **STAFF_ERRORS},
    )
    def post(self, request, code: str, answer_id: int):
        petition = petition_get_for_user(user=request.user, code=code)
        data = parse(self.AnswerReturnInput, request.data)
        answer = answer_return(
            acting_user=request.user, answer=_answer_of(petition, answer_id), note=data["note"]
        )
        return Response(AnswerOut(answer).data)


def _require_agency_staff(user, *, leader: bool = False) -> None:
    if not user.is_agency_staff:
        raise ApiError(
            "agency_staff_only",
            _("Chỉ cán bộ, lãnh đạo của cơ quan xử lý mới dùng được mục này."),
            status=403,
        )
    if leader and not user.is_leader:
        raise ApiError(
            "leader_only", _("Chỉ lãnh đạo cơ quan mới được duyệt câu trả lời."), status=403
        )


class InboxApi(APIView):
    """The agency's open petitions, the nearest deadline first."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    class InboxFilter(serializers.Serializer):
        status = serializers.MultipleChoiceField(choices=Status.choices, required=False)
        view = serializers.ChoiceField(
            choices=["triage", "urgent", "grouped"], required=False, default=""
        )
        group = serializers.IntegerField(required=False, min_value=1)

    @extend_schema(
        operation_id="inbox_list",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                many=True,
                enum=Status.values,
                description="Lọc theo trạng thái (có thể lặp lại). Mặc định: đơn chưa xong.",
            ),
            OpenApiParameter(
                "view",
                str,
                enum=["triage", "urgent", "grouped"],
                description="triage: đơn chờ phân loại; urgent: đơn khẩn cấp; "
                "grouped: đơn đã vào nhóm cùng vụ việc.",
            ),
            OpenApiParameter("group", int, description="Chỉ các đơn của một nhóm."),
        ],
        responses={200: InboxItemOut(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        _require_agency_staff(request.user)
        filters = parse(self.InboxFilter, request.query_params)
        statuses = sorted(filters.get("status") or []) or None
        petitions = inbox_narrow(
            inbox_for(user=request.user, statuses=statuses),
            view=filters.get("view", ""),
            group=str(filters["group"]) if filters.get("group") else None,
        )
        return paginate(
            queryset=petitions,
            serializer_class=InboxItemOut,
            request=request,
            view=self,
            context={"user": request.user},
        )


class ApprovalListApi(APIView):
    """Draft answers of the leader's agency waiting for approval, oldest first."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(
        operation_id="approvals_list",
        responses={200: PendingAnswerOut(many=True), **errors(401, 403)},
    )
    def get(self, request):
        _require_agency_staff(request.user, leader=True)
        answers = answers_pending_approval(user=request.user).select_related("petition__agency")
        return paginate(
            queryset=answers,
            serializer_class=PendingAnswerOut,
            request=request,
            view=self,
            context={"user": request.user},
        )
