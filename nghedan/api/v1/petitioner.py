"""What the petitioner does: rate the answer, reopen, withdraw, appeal.

The petitioner is the citizen account that filed the petition (token) or whoever holds
its secret (`X-Petition-Secret`). Staff who can see the petition are refused (403) by the
action; anyone else gets 404.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.errors import parse
from nghedan.api.v1.common import SECRET_HEADER, errors
from nghedan.api.v1.handling import ReasonIn
from nghedan.api.v1.petitions import petition_secret
from nghedan.api.v1.serializers import PetitionDetailOut, petition_detail_data
from nghedan.petitions.actions import (
    petition_appeal,
    petition_rate,
    petition_reopen,
    petition_withdraw,
)
from nghedan.petitions.models import Petition, RatingReason
from nghedan.petitions.selectors import petition_get_for_petitioner, petition_get_for_user

PETITIONER_ERRORS = errors(400, 401, 403, 404, 409)


def petition_for_petitioner_action(request, code: str) -> tuple[Petition, str | None]:
    """The petition the caller acts on as its petitioner, and the secret they gave."""
    user, secret = request.user, petition_secret(request)
    if not user.is_authenticated and secret is None:
        raise exceptions.NotAuthenticated()
    try:
        return petition_get_for_petitioner(user=user, code=code, secret=secret), secret
    except Http404:
        if not user.is_authenticated:
            raise
    # Someone who may read it but did not file it: the action refuses them (403).
    return petition_get_for_user(user=user, code=code), secret


class PetitionRateApi(APIView):
    """Rate the published answer from 1 to 5: 3 or more closes the petition, less reopens it."""

    class PetitionRateInput(serializers.Serializer):
        stars = serializers.IntegerField(min_value=1, max_value=5)
        reasons = serializers.ListField(
            child=serializers.ChoiceField(choices=RatingReason.choices),
            required=False,
            default=list,
            max_length=len(RatingReason.values),
        )
        comment = serializers.CharField(
            max_length=5000, required=False, allow_blank=True, default=""
        )

    @extend_schema(
        operation_id="petitions_rate",
        request=PetitionRateInput,
        parameters=[SECRET_HEADER],
        responses={201: PetitionDetailOut, **PETITIONER_ERRORS},
    )
    def post(self, request, code: str):
        petition, secret = petition_for_petitioner_action(request, code)
        data = parse(self.PetitionRateInput, request.data)
        rating = petition_rate(
            acting_user=request.user,
            petition=petition,
            secret=secret,
            stars=data["stars"],
            reasons=data["reasons"],
            comment=data["comment"],
        )
        return Response(
            petition_detail_data(rating.petition, user=request.user, for_petitioner=True),
            status=status.HTTP_201_CREATED,
        )


class PetitionReopenApi(APIView):
    """The problem is not solved: reopen the petition within 30 days of the answer."""

    @extend_schema(
        operation_id="petitions_reopen",
        request=ReasonIn,
        parameters=[SECRET_HEADER],
        responses={200: PetitionDetailOut, **PETITIONER_ERRORS},
    )
    def post(self, request, code: str):
        petition, secret = petition_for_petitioner_action(request, code)
        data = parse(ReasonIn, request.data)
        petition = petition_reopen(
            acting_user=request.user, petition=petition, secret=secret, reason=data["reason"]
        )
        return Response(petition_detail_data(petition, user=request.user, for_petitioner=True))


class PetitionWithdrawApi(APIView):
    """Rút đơn: the petitioner withdraws the petition; it is kept, with this status."""

    class PetitionWithdrawInput(serializers.Serializer):
        reason = serializers.CharField(
            max_length=5000, required=False, allow_blank=True, default=""
        )

    @extend_schema(
        operation_id="petitions_withdraw",
        request=PetitionWithdrawInput,
        parameters=[SECRET_HEADER],
        responses={200: PetitionDetailOut, **PETITIONER_ERRORS},
    )
    def post(self, request, code: str):
        petition, secret = petition_for_petitioner_action(request, code)
        data = parse(self.PetitionWithdrawInput, request.data)
        petition = petition_withdraw(
            acting_user=request.user, petition=petition, secret=secret, reason=data["reason"]
        )
        return Response(petition_detail_data(petition, user=request.user, for_petitioner=True))


class PetitionAppealApi(APIView):
    """Khiếu nại lần hai: a complaint goes to the parent agency as a new, linked petition,
    followed with the same secret. The response is the new petition."""

    @extend_schema(
        operation_id="petitions_appeal",
        request=ReasonIn,
        parameters=[SECRET_HEADER],
        responses={201: PetitionDetailOut, **PETITIONER_ERRORS},
    )
    def post(self, request, code: str):
        petition, secret = petition_for_petitioner_action(request, code)
        data = parse(ReasonIn, request.data)
        appeal = petition_appeal(
            acting_user=request.user, petition=petition, secret=secret, reason=data["reason"]
        )
        return Response(
            petition_detail_data(appeal, user=request.user, for_petitioner=True),
            status=status.HTTP_201_CREATED,
        )
