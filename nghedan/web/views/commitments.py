"""Commitments: the list of those the user may see, making one, one commitment with its
evidence and the say of the people it was made to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nghedan.accounts.models import Role
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.lib.files import attachment_response
from nghedan.lib.text import as_id
from nghedan.petitions.models import Petition
from nghedan.reception import policy, selectors
from nghedan.reception.actions import commitments as actions
from nghedan.reception.models import Booking, CommitmentStatus, Dialogue
from nghedan.web.forms.reception import CommitmentForm
from nghedan.web.views.common import act_then_redirect, form_error_from

FILTERS = ("open", "overdue", "kept", "broken")


def _require_leader(user) -> None:
    if user.role != Role.LEADER or not user.agency_id:
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan mới có thể ghi nhận cam kết."))


def _sources(user, data) -> dict:
    """The source named in the request, looked up within the leader's agency (404 else)."""
    found: dict[str, object] = {}
    ids = {key: as_id(data.get(key)) for key in ("booking", "dialogue")}
    if any(data.get(key) and ids[key] is None for key in ids):
        raise Http404
    if data.get("petition"):
        found["petition"] = Petition.objects.filter(
            code=data["petition"], agency_id=user.agency_id
        ).first()
    if booking_id := ids["booking"]:
        found["booking"] = (
            Booking.objects.select_related("day")
            .filter(pk=booking_id, day__agency_id=user.agency_id)
            .first()
        )
    if dialogue_id := ids["dialogue"]:
        found["dialogue"] = Dialogue.objects.filter(
            pk=dialogue_id, agency_id=user.agency_id
        ).first()
    if any(source is None for source in found.values()):
        raise Http404
    return found


@login_required
@require_GET
def commitment_list(request):
    shown = request.GET.get("status", "")
    commitments = selectors.commitments_visible_to(user=request.user)
    today = clock.today()
    if shown == "overdue":
        commitments = commitments.filter(status=CommitmentStatus.OPEN, due_date__lt=today)
    elif shown in CommitmentStatus.values:
        commitments = commitments.filter(status=shown)
    return render(
        request,
        "web/commitment_list.html",
        {
            "page": Paginator(commitments.order_by("due_date", "pk"), 30).get_page(
                request.GET.get("page")
            ),
            "status": shown,
            "filters": [
                ("open", _("Đang thực hiện")),
                ("overdue", _("Quá hạn")),
                ("kept", _("Đã thực hiện")),
                ("broken", _("Không thực hiện được")),
            ],
            "today": today,
            "can_make": request.user.role == Role.LEADER and request.user.agency_id,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request):
    _require_leader(request.user)
    if request.method == "POST":
        form = CommitmentForm(request.POST)
        sources = _sources(request.user, request.POST)
        if form.is_valid():
            try:
                commitment = actions.commitment_make(
                    acting_user=request.user,
                    text=form.cleaned_data["text"],
                    due_date=form.cleaned_data["due_date"],
                    **sources,
                )
            except ActionError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("Đã ghi nhận cam kết."))
                return redirect("commitment_detail", commitment_id=commitment.pk)
    else:
        initial = {key: request.GET.get(key) for key in ("petition", "booking", "dialogue")}
        sources = _sources(request.user, request.GET)
        form = CommitmentForm(initial={k: v for k, v in initial.items() if v})
    return render(request, "web/commitment_new.html", {"form": form, "sources": sources})


def _evidence_file(request, commitment):
    wanted = as_id(request.GET.get("evidence"))
    evidence = commitment.evidence.filter(pk=wanted).first() if wanted else None
    if evidence is None or not evidence.file:
        raise Http404
    return attachment_response(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        filename=evidence.file.name.rsplit("/", 1)[-1],
    )


@login_required
@require_GET
def commitment_detail(request, commitment_id: int):
    commitment = selectors.commitment_get(user=request.user, commitment_id=commitment_id)
    if request.GET.get("evidence"):
        return _evidence_file(request, commitment)
    user = request.user
    is_owner = user.pk == commitment.owner_id
    is_open = commitment.status == CommitmentStatus.OPEN
    responses = list(commitment.responses.select_related("person").order_by("created_at"))
    is_person = policy.is_person_of(user, commitment)
    return render(
        request,
        "web/commitment_detail.html",
        {
            "commitment": commitment,
            "overdue": is_open and commitment.due_date < clock.today(),
            "evidence": commitment.evidence.select_related("added_by"),
            "responses": responses,
            "can_add_evidence": is_open
            and (is_owner or policy.is_staff_of(user, commitment.agency_id)),
            "can_resolve": is_open
            and (is_owner or policy.is_leader_of(user, commitment.agency_id)),
            "can_respond": is_person and commitment.status == CommitmentStatus.KEPT,
            "my_response": next((r for r in responses if r.person_id == user.pk), None),
            "people_count": commitment.people.count(),
        },
    )


def _detail_url(commitment) -> str:
    return reverse("commitment_detail", args=[commitment.pk])


@login_required
@require_POST
def commitment_evidence(request, commitment_id: int):
    commitment = selectors.commitment_get(user=request.user, commitment_id=commitment_id)
    return act_then_redirect(
        request,
        lambda: actions.commitment_add_evidence(
            acting_user=request.user,
            commitment=commitment,
            note=request.POST.get("note", ""),
            file=request.FILES.get("file"),
        ),
        done=_("Đã thêm minh chứng."),
        to=_detail_url(commitment),
    )


@login_required
@require_POST
def commitment_resolve(request, commitment_id: int):
    commitment = selectors.commitment_get(user=request.user, commitment_id=commitment_id)

    def run():
        outcome = request.POST.get("outcome")
        if outcome not in ("kept", "broken"):
            raise ActionError("bad_outcome", _("Vui lòng chọn kết quả thực hiện."))
        actions.commitment_resolve(
            acting_user=request.user,
            commitment=commitment,
            kept=outcome == "kept",
            note=request.POST.get("note", ""),
        )

    return act_then_redirect(
        request, run, done=_("Đã cập nhật kết quả cam kết."), to=_detail_url(commitment)
    )


@login_required
@require_POST
def commitment_respond(request, commitment_id: int):
    commitment = selectors.commitment_get(user=request.user, commitment_id=commitment_id)

    def run():
        answer = request.POST.get("agrees")
        if answer not in ("yes", "no"):
            raise ActionError("bad_answer", _("Vui lòng cho biết ông/bà có đồng ý hay không."))
        actions.commitment_respond(
            acting_user=request.user,
            commitment=commitment,
            agrees=answer == "yes",
            comment=request.POST.get("comment", ""),
        )

    return act_then_redirect(
        request, run, done=_("Cảm ơn ông/bà đã cho ý kiến."), to=_detail_url(commitment)
    )
