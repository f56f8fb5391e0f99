"""Consultations over the API: the consultations the caller may see with their sections,
the public comments, adding a comment, the statements and voting on them, and the opinion
groups. Who sees what is `consultations.policy.can_see`, as on the web pages: published
consultations for everyone; a draft also for its agency's staff and for administrators
(signed in with their token)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.errors import parse
from nghedan.api.v1.common import Pagination, errors, paginate
from nghedan.consultations.models import Section, Statement, StatementStatus
from nghedan.consultations.policy import can_see
from nghedan.consultations.selectors import consultation_visible_get, consultations_visible_to

WRITE_ERRORS = errors(400, 401, 403, 404, 409)


class ConsultationOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    areas = serializers.SerializerMethodField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    summary = serializers.CharField()

    def get_areas(self, consultation) -> list[str]:
        return [area.code for area in consultation.areas.all()]


class SectionOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    level = serializers.CharField()
    heading = serializers.CharField()
    text = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]  # a declared field, not Field.parent


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.IntegerField(source="section_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]  # a declared field, not Field.parent
    text = serializers.CharField(source="public_text")
    support = serializers.IntegerField()
    oppose = serializers.IntegerField()
    disposition = serializers.CharField()
    disposition_reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class StatementOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    by_agency = serializers.BooleanField()


class ConsultationDetailOut(ConsultationOut):
    sections = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    statements = serializers.SerializerMethodField()
    opinion_groups = serializers.SerializerMethodField(
        help_text="Nhóm ý kiến tính gần nhất (như Pol.is): groups, representative, consensus."
    )

    def get_sections(self, consultation) -> list[dict]:
        return SectionOut(consultation.sections.order_by("order"), many=True).data  # type: ignore[return-value]  # many=True: a ReturnList

    def get_comments(self, consultation) -> list[dict]:
        visible = consultation.comments.filter(hidden_reason="", flagged=False)
        return CommentOut(visible, many=True).data  # type: ignore[return-value]  # many=True: a ReturnList

    def get_statements(self, consultation) -> list[dict]:
        approved = consultation.statements.filter(status=StatementStatus.APPROVED)
        return StatementOut(approved, many=True).data  # type: ignore[return-value]  # many=True: a ReturnList

    def get_opinion_groups(self, consultation) -> dict | None:
        snapshot = getattr(consultation, "opinion", None)
        if snapshot is None:
            return None
        # Participants are shown by group only, not by who they are.
        result = dict(snapshot.result)
        result.pop("points", None)
        result["groups"] = _group_sizes(result.get("groups", {}))
        return {"computed_at": snapshot.computed_at.isoformat(), **result}


def _group_sizes(groups: dict) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[str(group)] = sizes.get(str(group), 0) + 1
    return sizes


class ConsultationListApi(APIView):
    """The consultations the caller may see, the latest first: published ones, and with a
    token also the drafts of the caller's agency (every draft for an administrator)."""

    pagination_class = Pagination

    @extend_schema(operation_id="consultations_list", responses={200: ConsultationOut(many=True)})
    def get(self, request):
        consultations = (
            consultations_visible_to(user=request.user)
            .select_related("agency")
            .prefetch_related("areas")
            .order_by("-opens_at", "pk")
        )
        return paginate(
            queryset=consultations, serializer_class=ConsultationOut, request=request, view=self
        )


class ConsultationDetailApi(APIView):
    """A consultation the caller may see with its sections, public comments, approved
    statements and the latest opinion groups (sizes only)."""

    @extend_schema(
        operation_id="consultations_read", responses={200: ConsultationDetailOut, **errors(404)}
    )
    def get(self, request, consultation_id: int):
        consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
        return Response(ConsultationDetailOut(consultation).data)


class CommentCreateApi(APIView):
    """Comment on the draft as a whole or on one section, or reply to a comment."""

    permission_classes = [IsAuthenticated]

    class CommentIn(serializers.Serializer):
        text = serializers.CharField(max_length=5000)
        section = serializers.IntegerField(required=False, allow_null=True, default=None)
        parent = serializers.IntegerField(required=False, allow_null=True, default=None)  # type: ignore[assignment]  # a declared field, not Field.parent

    @extend_schema(
        operation_id="consultation_comments_create",
        request=CommentIn,
        responses={201: CommentOut, **WRITE_ERRORS},
    )
    def post(self, request, consultation_id: int):
        from nghedan.consultations.actions.participation import comment_add

        consultation = consultation_visible_get(user=request.user, consultation_id=consultation_id)
        data = parse(self.CommentIn, request.data)
        section = (
            Section.objects.filter(consultation=consultation, pk=data["section"]).first()
            if data["section"]
            else None
        )
        parent = (
            consultation.comments.filter(pk=data["parent"], hidden_reason="").first()
            if data["parent"]
            else None
        )
        if (data["section"] and section is None) or (data["parent"] and parent is None):
            raise Http404
        comment = comment_add(
            acting_user=request.user,
            consultation=consultation,
            text=data["text"],
            section=section,
            parent=parent,
        )
        return Response(CommentOut(comment).data, status=201)


class StatementVoteApi(APIView):
    """Vote on a statement: 1 agree, -1 disagree, 0 pass (a verified account; a new vote
    replaces the old one)."""

    permission_classes = [IsAuthenticated]

    class VoteIn(serializers.Serializer):
        value = serializers.ChoiceField(choices=[1, -1, 0])

    @extend_schema(
        operation_id="consultation_statements_vote",
        request=VoteIn,
        responses={200: StatementOut, **WRITE_ERRORS},
    )
    def post(self, request, statement_id: int):
        from nghedan.consultations.actions.participation import statement_vote

        statement = (
            Statement.objects.filter(pk=statement_id, status=StatementStatus.APPROVED)
            .select_related("consultation", "consultation__agency")
            .first()
        )
        if statement is None or not can_see(request.user, statement.consultation):
            raise Http404
        data = parse(self.VoteIn, request.data)
        statement_vote(acting_user=request.user, statement=statement, value=int(data["value"]))
        return Response(StatementOut(statement).data)
