"""Reading petitions: the caller's list, one petition, and (audited) who filed it."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.accounts.models import Role
from nghedan.api.errors import parse
from nghedan.api.v1.common import SECRET_HEADER, Pagination, errors, paginate
from nghedan.api.v1.intake import PetitionSubmitApi
from nghedan.api.v1.serializers import PetitionDetailOut, PetitionSummaryOut, petition_detail_data
from nghedan.petitions.models import Kind, Petition, Status
from nghedan.petitions.selectors import (
    petition_get_for_petitioner,
    petition_get_for_user,
    petitioner_identity_read,
    petitions_visible_to,
)


def petition_secret(request) -> str | None:
    return request.headers.get("X-Petition-Secret", "").strip() or None


def petition_for_reader(request, code: str) -> tuple[Petition, bool]:
    """The petition and whether the caller reads it as its petitioner.

    Officers, leaders, supervisors and admins read what their scope lets them see; a
    citizen reads their own; anyone holding the secret reads that one. Else 404.
    """
    user = request.user
    if user.is_authenticated:
        try:
            petition = petition_get_for_user(user=user, code=code)
        except Http404:
            pass
        else:
            return petition, user.role == Role.CITIZEN
    secret = petition_secret(request)
    if secret is None:
        raise Http404
    return petition_get_for_petitioner(user=user, code=code, secret=secret), True


class PetitionListApi(APIView):
    """The petitions the caller may see: an officer's or leader's agency, a supervisor's area,
    a citizen's own, everything for an admin. Newest first."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    class PetitionListFilter(serializers.Serializer):
        status = serializers.ChoiceField(choices=Status.choices, required=False)
        kind = serializers.ChoiceField(choices=Kind.choices, required=False)
        topic = serializers.SlugField(required=False, max_length=40)

    @extend_schema(
        operation_id="petitions_list",
        parameters=[PetitionListFilter],
        responses={200: PetitionSummaryOut(many=True), **errors(400, 401)},
    )
    def get(self, request):
        """The petitions the caller may see, newest first."""
        filters = parse(self.PetitionListFilter, request.query_params)
        petitions = petitions_visible_to(user=request.user).order_by("-received_at", "-id")
        if "status" in filters:
            petitions = petitions.filter(status=filters["status"])
        if "kind" in filters:
            petitions = petitions.filter(kind=filters["kind"])
        if "topic" in filters:
            petitions = petitions.filter(topic__code=filters["topic"])
        return paginate(
            queryset=petitions,
            serializer_class=PetitionSummaryOut,
            request=request,
            view=self,
            context={"user": request.user},
        )


class PetitionDetailApi(APIView):
    """One petition with its history, published answers and rating; never who filed it.

    Staff in scope see every step; the petitioner (own account, or the secret in
    `X-Petition-Secret`) sees the steps meant for them.
    """

    @extend_schema(
        operation_id="petitions_retrieve",
        parameters=[SECRET_HEADER],
        responses={200: PetitionDetailOut, **errors(404)},
    )
    def get(self, request, code: str):
        petition, for_petitioner = petition_for_reader(request, code)
        return Response(
            petition_detail_data(petition, user=request.user, for_petitioner=for_petitioner)
        )


class PetitionIdentityApi(APIView):
    """Who filed the petition. Only for those the law allows (a denouncer's identity: the
    handling officer and leader only); every read is written to the audit log."""

    permission_classes = [IsAuthenticated]

    class PetitionIdentityOutput(serializers.Serializer):
        name = serializers.CharField()
        phone = serializers.CharField()
        email = serializers.CharField()
        address = serializers.CharField()
        citizen_username = serializers.CharField()

    @extend_schema(
        operation_id="petitions_identity_retrieve",
        parameters=[
            OpenApiParameter(
                "purpose", str, description="Mục đích xem (ghi vào nhật ký kiểm toán)."
            )
        ],
        responses={200: PetitionIdentityOutput, **errors(401, 403, 404)},
    )
    def get(self, request, code: str):
        petition = petition_get_for_user(user=request.user, code=code)
        purpose = request.query_params.get("purpose", "")[:200]
        identity = petitioner_identity_read(user=request.user, petition=petition, purpose=purpose)
        return Response(self.PetitionIdentityOutput(identity).data)


class PetitionCollectionApi(PetitionSubmitApi, PetitionListApi):
    """`petitions/` carries two operations: POST files a petition (anyone may), GET lists
    what the signed-in caller may see. Each stays its own view; this only routes."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]
