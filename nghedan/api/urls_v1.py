"""REST API v1, at /api/v1/. The OpenAPI document is at openapi.json."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from nghedan.api.v1 import (
    alerts,
    consultations,
    handling,
    language,
    petitioner,
    petitions,
    reception,
    reference,
)


class UnknownPathApi(APIView):
    """Anything else under /api/v1/: a 404 in the API's error shape, not an HTML page."""

    schema = None

    def not_found(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = options = not_found


CODE = "petitions/<str:code>/"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-v1-openapi"),
    path("auth/token/", reference.TokenCreateApi.as_view(), name="api-v1-token"),
    path("topics/", reference.TopicListApi.as_view(), name="api-v1-topics"),
    path("areas/", reference.AreaListApi.as_view(), name="api-v1-areas"),
    path("areas/<str:code>/", reference.AreaDetailApi.as_view(), name="api-v1-area"),
    path("petitions/", petitions.PetitionCollectionApi.as_view(), name="api-v1-petitions"),
    path("suggestions/", language.SuggestionCreateApi.as_view(), name="api-v1-suggestions"),
    path("reception/days/", reception.ReceptionDayListApi.as_view(), name="api-v1-reception-days"),
    path(
        "reception/days/<int:day_id>/bookings/",
        reception.BookingCreateApi.as_view(),
        name="api-v1-reception-book",
    ),
    path("dialogues/", reception.DialogueListApi.as_view(), name="api-v1-dialogues"),
    path(
        "dialogues/<int:dialogue_id>/",
        reception.DialogueDetailApi.as_view(),
        name="api-v1-dialogue",
    ),
    path(
        "dialogues/<int:dialogue_id>/questions/",
        reception.QuestionCreateApi.as_view(),
        name="api-v1-dialogue-ask",
    ),
    path(
        "dialogue-questions/<int:question_id>/vote/",
        reception.QuestionVoteApi.as_view(),
        name="api-v1-dialogue-vote",
    ),
    path("commitments/", reception.CommitmentListApi.as_view(), name="api-v1-commitments"),
    path(
        "commitments/<int:commitment_id>/respond/",
        reception.CommitmentRespondApi.as_view(),
        name="api-v1-commitment-respond",
    ),
    path(
        "consultations/", consultations.ConsultationListApi.as_view(), name="api-v1-consultations"
    ),
    path(
        "consultations/<int:consultation_id>/",
        consultations.ConsultationDetailApi.as_view(),
        name="api-v1-consultation",
    ),
    path(
        "consultations/<int:consultation_id>/comments/",
        consultations.CommentCreateApi.as_view(),
        name="api-v1-consultation-comment",
    ),
    path(
        "consultation-statements/<int:statement_id>/vote/",
        consultations.StatementVoteApi.as_view(),
        name="api-v1-statement-vote",
    ),
    path("alerts/", alerts.AlertListApi.as_view(), name="api-v1-alerts"),
    path("alerts/<int:alert_id>/", alerts.AlertDetailApi.as_view(), name="api-v1-alert"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        alerts.AlertAcknowledgeApi.as_view(),
        name="api-v1-alert-acknowledge",
    ),
    path(
        "alerts/<int:alert_id>/handle/", alerts.AlertHandleApi.as_view(), name="api-v1-alert-handle"
    ),
    path("alerts/<int:alert_id>/close/", alerts.AlertCloseApi.as_view(), name="api-v1-alert-close"),
    path("alerts/<int:alert_id>/notes/", alerts.AlertNoteApi.as_view(), name="api-v1-alert-note"),
    path(
        "alerts/<int:alert_id>/assign/", alerts.AlertAssignApi.as_view(), name="api-v1-alert-assign"
    ),
    path("inbox/", handling.InboxApi.as_view(), name="api-v1-inbox"),
    path("approvals/", handling.ApprovalListApi.as_view(), name="api-v1-approvals"),
    path(CODE, petitions.PetitionDetailApi.as_view(), name="api-v1-petition"),
    path(f"{CODE}identity/", petitions.PetitionIdentityApi.as_view(), name="api-v1-identity"),
    path(f"{CODE}accept/", handling.PetitionAcceptApi.as_view(), name="api-v1-accept"),
    path(f"{CODE}decline/", handling.PetitionDeclineApi.as_view(), name="api-v1-decline"),
    path(f"{CODE}extend/", handling.PetitionExtendApi.as_view(), name="api-v1-extend"),
    path(f"{CODE}transfer/", handling.PetitionTransferApi.as_view(), name="api-v1-transfer"),
    path(f"{CODE}start/", handling.PetitionStartApi.as_view(), name="api-v1-start"),
    path(f"{CODE}answer/", handling.AnswerSubmitApi.as_view(), name="api-v1-answer"),
    path(
        f"{CODE}answers/<int:answer_id>/approve/",
        handling.AnswerApproveApi.as_view(),
        name="api-v1-answer-approve",
    ),
    path(
        f"{CODE}answers/<int:answer_id>/return/",
        handling.AnswerReturnApi.as_view(),
        name="api-v1-answer-return",
    ),
    path(f"{CODE}rate/", petitioner.PetitionRateApi.as_view(), name="api-v1-rate"),
    path(f"{CODE}reopen/", petitioner.PetitionReopenApi.as_view(), name="api-v1-reopen"),
    path(f"{CODE}withdraw/", petitioner.PetitionWithdrawApi.as_view(), name="api-v1-withdraw"),
    path(f"{CODE}appeal/", petitioner.PetitionAppealApi.as_view(), name="api-v1-appeal"),
    re_path(r"^.*$", UnknownPathApi.as_view(), name="api-v1-unknown"),
]
