"""Reception days, dialogues and commitments over the API: the public calendar and
booking a turn, dialogues with their questions (ask, vote), and commitments (read, and
say whether one was kept)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.errors import parse
from nghedan.api.v1.common import Pagination, errors, paginate
from nghedan.reception import selectors
from nghedan.reception.models import DialogueQuestion, ReceptionDay

WRITE_ERRORS = errors(400, 401, 403, 404, 409)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "07:30:00",
        "description": "Giờ địa phương ở Việt Nam (HH:MM:SS, không kèm múi giờ). "
        "Local time in Việt Nam, without an offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day on a Vietnamese calendar date, written HH:MM:SS. Not RFC 3339's
    `time` (which carries an offset): the document says what the API writes."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M:%S", **kwargs)


class ReceptionDayOut(serializers.Serializer):
    id = serializers.IntegerField()
    leader = serializers.CharField(source="leader.display_name")
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    date = serializers.DateField()
    starts_at = LocalTimeField()
    ends_at = LocalTimeField()
    place = serializers.CharField()
    free_slots = serializers.SerializerMethodField()

    def get_free_slots(self, day) -> int:
        return selectors.day_free_slots(day)


class ReceptionDayListApi(APIView):
    """Upcoming reception days (public calendar)."""

    authentication_classes: list = []
    permission_classes: list = []
    pagination_class = Pagination

    @extend_schema(
        operation_id="reception_days_list",
        parameters=[
            OpenApiParameter("province", str, description="Mã tỉnh (2 số) hoặc xã (5 số)."),
            OpenApiParameter("agency", str, description="Mã cơ quan."),
        ],
        responses={200: ReceptionDayOut(many=True)},
        auth=[],
    )
    def get(self, request):
        days = selectors.days_upcoming(province_code=request.query_params.get("province", "")[:5])
        agency = request.query_params.get("agency", "")[:60]
        if agency:
            days = days.filter(agency__code=agency)
        return paginate(queryset=days, serializer_class=ReceptionDayOut, request=request, view=self)


class BookingOut(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.IntegerField(source="day_id")
    date = serializers.DateField(source="day.date")
    queue_number = serializers.IntegerField()
    status = serializers.CharField()
    matter = serializers.CharField()
    group_size = serializers.IntegerField()
    returning = serializers.SerializerMethodField(help_text="Đã từng đến về cùng vụ việc.")

    def get_returning(self, booking) -> bool:
        return booking.returning_of_id is not None


class BookingCreateApi(APIView):
    """Book a turn at a reception day, with what you want to raise (citizen account)."""

    permission_classes = [IsAuthenticated]

    class BookingIn(serializers.Serializer):
        matter = serializers.CharField(max_length=5000)
        phone = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
        group_size = serializers.IntegerField(
            required=False, min_value=1, max_value=1000, default=1
        )
        representatives = serializers.CharField(
            required=False, allow_blank=True, max_length=1000, default=""
        )

    @extend_schema(
        operation_id="reception_bookings_create",
        request=BookingIn,
        responses={201: BookingOut, **WRITE_ERRORS},
    )
    def post(self, request, day_id: int):
        from nghedan.reception.actions.days import booking_make

        day = ReceptionDay.objects.filter(pk=day_id).first()
        if day is None:
            raise Http404
        data = parse(self.BookingIn, request.data)
        booking = booking_make(acting_user=request.user, day=day, **data)
        return Response(BookingOut(booking).data, status=201)


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(source="public_text")
    votes = serializers.IntegerField()
    answered = serializers.BooleanField()
    answer = serializers.CharField()


class DialogueOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    audience = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    host = serializers.CharField(source="host.display_name")
    area = serializers.CharField(source="area.code")
    starts_at = serializers.DateTimeField()
    questions_close_at = serializers.DateTimeField()
    place = serializers.CharField()
    status = serializers.CharField()


class DialogueDetailOut(DialogueOut):
    agenda = serializers.CharField()
    record = serializers.CharField()
    questions = serializers.SerializerMethodField()

    def get_questions(self, dialogue) -> list[dict]:
        visible = dialogue.questions.filter(hidden_reason="").order_by("-votes", "created_at")
        return QuestionOut(visible, many=True).data  # type: ignore[return-value]  # many=True: a ReturnList


class DialogueListApi(APIView):
    """Dialogue sessions, the most recent first."""

    authentication_classes: list = []
    permission_classes: list = []
    pagination_class = Pagination

    @extend_schema(operation_id="dialogues_list", responses={200: DialogueOut(many=True)}, auth=[])
    def get(self, request):
        return paginate(
            queryset=selectors.public_dialogues(),
            serializer_class=DialogueOut,
            request=request,
            view=self,
        )


class DialogueDetailApi(APIView):
    """A dialogue with its agenda, its questions (most supported first) and its record."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(
        operation_id="dialogues_read", responses={200: DialogueDetailOut, **errors(404)}, auth=[]
    )
    def get(self, request, dialogue_id: int):
        return Response(
            DialogueDetailOut(selectors.dialogue_get_public(dialogue_id=dialogue_id)).data
        )


class QuestionCreateApi(APIView):
    """Send a question to a dialogue before its questions close (signed in)."""

    permission_classes = [IsAuthenticated]

    class QuestionIn(serializers.Serializer):
        text = serializers.CharField(max_length=2000)

    @extend_schema(
        operation_id="dialogue_questions_create",
        request=QuestionIn,
        responses={201: QuestionOut, **WRITE_ERRORS},
    )
    def post(self, request, dialogue_id: int):
        from nghedan.reception.actions.dialogues import question_ask

        dialogue = selectors.dialogue_get_public(dialogue_id=dialogue_id)
        data = parse(self.QuestionIn, request.data)
        question = question_ask(acting_user=request.user, dialogue=dialogue, text=data["text"])
        return Response(QuestionOut(question).data, status=201)


class QuestionVoteApi(APIView):
    """Support a question (once per person; voting again changes nothing)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dialogue_questions_vote",
        request=None,
        responses={200: QuestionOut, **WRITE_ERRORS},
    )
    def post(self, request, question_id: int):
        from nghedan.reception.actions.dialogues import question_vote

        question = (
            DialogueQuestion.objects.filter(pk=question_id, hidden_reason="")
            .exclude(dialogue__status="cancelled")
            .first()
        )
        if question is None:
            raise Http404
        question = question_vote(acting_user=request.user, question=question)
        return Response(QuestionOut(question).data)


class CommitmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    owner = serializers.CharField(source="owner.display_name")
    agency = serializers.CharField(source="agency.code")
    due_date = serializers.DateField()
    status = serializers.CharField()
    outcome_note = serializers.CharField()
    petition = serializers.CharField(source="petition.code", allow_null=True, default=None)
    dialogue = serializers.IntegerField(source="dialogue_id", allow_null=True)
    evidence = serializers.SerializerMethodField()

    def get_evidence(self, commitment) -> list[dict]:
        return [
            {"note": item.note, "file": item.original_name, "added_at": item.added_at.isoformat()}
            for item in commitment.evidence.all()
        ]


class CommitmentListApi(APIView):
    """Commitments the caller may see: their agency's, those made to them, or in their
    supervised area."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(
        operation_id="commitments_list", responses={200: CommitmentOut(many=True), **errors(401)}
    )
    def get(self, request):
        commitments = selectors.commitments_visible_to(user=request.user).order_by("due_date", "pk")
        return paginate(
            queryset=commitments, serializer_class=CommitmentOut, request=request, view=self
        )


class CommitmentRespondApi(APIView):
    """A person the commitment was made to says whether it was kept."""

    permission_classes = [IsAuthenticated]

    class RespondIn(serializers.Serializer):
        agrees = serializers.BooleanField()
        comment = serializers.CharField(
            required=False, allow_blank=True, max_length=2000, default=""
        )

    @extend_schema(
        operation_id="commitments_respond",
        request=RespondIn,
        responses={200: CommitmentOut, **WRITE_ERRORS},
    )
    def post(self, request, commitment_id: int):
        from nghedan.reception.actions.commitments import commitment_respond

        commitment = (
            selectors.commitments_visible_to(user=request.user).filter(pk=commitment_id).first()
        )
        if commitment is None:
            raise Http404
        data = parse(self.RespondIn, request.data)
        commitment_respond(acting_user=request.user, commitment=commitment, **data)
        return Response(CommitmentOut(commitment).data)
