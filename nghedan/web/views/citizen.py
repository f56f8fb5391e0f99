"""Pages for citizens: file a petition, follow it, rate the answer, browse public answers."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from nghedan.areas.models import Area, AreaLevel
from nghedan.language.intake import petition_file
from nghedan.lib.errors import ActionError
from nghedan.lib.files import clean_upload
from nghedan.lib.held_uploads import HeldUpload, held_upload, held_upload_release, upload_hold
from nghedan.petitions import actions, selectors
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.codes import normalize_tracking_code
from nghedan.petitions.lifecycle import LOW_RATING_BELOW, Status, allowed_actions
from nghedan.petitions.models import POSITIVE_REASONS, Attachment, Channel, Kind, Topic
from nghedan.petitions.public import public_petition, reader_text
from nghedan.web.forms.petitions import (
    PetitionForm,
    PublicSearchForm,
    RatingForm,
    ReasonForm,
    TrackForm,
)
from nghedan.web.maps import map_settings, with_map_tiles
from nghedan.web.views.common import (
    INTAKE_LIMIT_MESSAGE,
    act_then_redirect,
    form_error_from,
    intake_wait,
    remember_secret,
    secret_for,
)
from nghedan.web.views.misc import attachments_open_to

SESSION_JUST_FILED = "just_filed"


def _is_staff(request) -> bool:
    return request.user.is_authenticated and request.user.is_agency_staff


def _held_attachments(request) -> list[HeldUpload]:
    """The files held from an earlier try of this form, still ticked to keep."""
    held: list[HeldUpload] = []
    tokens = list(dict.fromkeys(request.POST.getlist("kept_attachments")))
    for token in tokens[: settings.NGHEDAN_ATTACHMENT_MAX_COUNT]:
        found = held_upload(token)
        if found is not None:
            held.append(found)
    return held


def _hold_attachments(request, form, held: list[HeldUpload]) -> list[HeldUpload]:
    """The form goes back for correction: the files just attached are cleaned and held
    with those already held, so that the page can keep them. A refused file is named on
    the attachments field (unless the action already named one there) and not held."""
    held = list(held)
    for uploaded in request.FILES.getlist("attachments"):
        try:
            cleaned = clean_upload(uploaded)
        except ValidationError as error:
            if "attachments" not in form.errors:
                form.add_error("attachments", error)
            continue
        if len(held) < settings.NGHEDAN_ATTACHMENT_MAX_COUNT:
            held.append(upload_hold(cleaned))
    return held


def petition_new(request):
    status, retry_after = 200, 0
    held = []
    if request.method == "POST":
        form = PetitionForm(request.POST, request.FILES, staff=_is_staff(request))
        held = _held_attachments(request)
        if form.is_valid() and (retry_after := intake_wait(request)):
            # Everything typed stays in the form, to send again later.
            form.add_error(None, INTAKE_LIMIT_MESSAGE)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                result = petition_file(
                    acting_user=request.user,
                    channel=data.get("channel") or Channel.WEB,
                    kind=data["kind"],
                    topic=data["topic"],
                    area=form.area,
                    title=data["title"],
                    body=data["body"],
                    address=data["address"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    signatories=data["signatories"],
                    is_anonymous=data["is_anonymous"],
                    publish_consent=data["publish_consent"],
                    notify_updates=data["notify_updates"],
                    petitioner=PetitionerInfo(
                        name=data["petitioner_name"],
                        phone=data["petitioner_phone"],
                        email=data["petitioner_email"],
                        address=data["petitioner_address"],
                    ),
                    files=[file.as_upload() for file in held] + data["attachments"],
                )
            except ActionError as error:
                form_error_from(form, error)
            else:
                for file in held:
                    held_upload_release(file)
                code = result.petition.code
                remember_secret(request, code, result.secret)
                request.session[SESSION_JUST_FILED] = {"code": code, "secret": result.secret}
                return redirect("petition_filed", code=code)
        held = _hold_attachments(request, form, held)
    else:
        initial = {}
        if request.user.is_authenticated and not _is_staff(request):
            initial = {
                "petitioner_name": request.user.full_name,
                "petitioner_phone": request.user.phone,
                "petitioner_email": request.user.email,
            }
        form = PetitionForm(initial=initial, staff=_is_staff(request))
    response = render(
        request,
        "web/petition_new.html",
        {"form": form, "held": held, "map": map_settings()},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return with_map_tiles(response)


def petition_filed(request, code: str):
    """Shown once after filing: the code and the secret to keep."""
    just_filed = request.session.get(SESSION_JUST_FILED)
    if not just_filed or just_filed.get("code") != code:
        return redirect("track_detail", code=code)
    del request.session[SESSION_JUST_FILED]  # the secret is shown once, as the page says
    return render(request, "web/petition_filed.html", just_filed)


NOT_FOUND_MESSAGE = _lazy("Không tìm thấy đơn với mã tra cứu và mã bí mật này.")


def _unlock(request, code: str, secret: str | None) -> bool:
    """Whether the code and secret (or the signed-in account) open the petition; an
    opening secret is kept in this browser's session, never put in an address."""
    try:
        selectors.petition_get_for_petitioner(user=request.user, code=code, secret=secret)
    except Http404:
        return False
    if secret:
        remember_secret(request, code, secret)
    return True


def track(request):
    """The tracking form. The secret travels only in the body of a POST, so it stays out
    of addresses (server logs, browser history, the Referer header). An old link that
    carries it as ?secret= is used once: the secret is kept in the session and the browser
    is sent on to an address without it."""
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            code = normalize_tracking_code(form.cleaned_data["code"])
            secret = form.cleaned_data["secret"].strip() or secret_for(request, code)
            if _unlock(request, code, secret):
                return redirect("track_detail", code=code)
            form.add_error(None, NOT_FOUND_MESSAGE)
        return render(request, "web/track.html", {"form": form})
    code = request.GET.get("code", "")
    if "secret" in request.GET:
        code = normalize_tracking_code(code)
        secret = request.GET["secret"].strip() or secret_for(request, code)
        if code and _unlock(request, code, secret):
            return redirect("track_detail", code=code)
        messages.error(request, NOT_FOUND_MESSAGE)
        return redirect(f"{reverse('track')}?{urlencode({'code': code})}")
    # A link with only ?code= pre-fills the form; the search runs once it is submitted.
    return render(request, "web/track.html", {"form": TrackForm(initial={"code": code})})


def _petition_for_petitioner(request, code: str):
    secret = secret_for(request, code)
    try:
        petition = selectors.petition_get_for_petitioner(
            user=request.user, code=code, secret=secret
        )
    except Http404:
        # Not unlocked in this browser yet: ask for the secret, logged in or not (a petition
        # filed before signing in, or anonymously, belongs to no account). Nothing here
        # says whether the code exists.
        return None, None
    return petition, secret


def track_detail(request, code: str):
    petition, _secret = _petition_for_petitioner(request, code)
    if petition is None:
        return redirect(f"{reverse('track')}?{urlencode({'code': code})}")
    attachments = list(petition.attachments.all())
    return render(
        request,
        "web/track_detail.html",
        {
            "petition": petition,
            # The petitioner reads their own words as written.
            "text": reader_text(petition, user=request.user, as_petitioner=True),
            "events": selectors.petition_history(petition=petition, for_petitioner=True),
            "answers": selectors.published_answers(petition=petition),
            "ratings": petition.ratings.all(),
            "attachments": attachments,
            "photos": [file for file in attachments if file.file_kind == Attachment.FileKind.IMAGE],
            "allowed": allowed_actions(petition.status),
            "is_complaint": petition.kind == Kind.COMPLAINT,
            "rating_form": RatingForm(),
            "positive_reasons": [str(reason) for reason in POSITIVE_REASONS],
            "reason_form": ReasonForm(),
        },
    )


def _petition_to_act_on(request, code: str):
    """The petition and its secret, for its petitioner (the account or the secret); 404
    for anyone else."""
    petition, secret = _petition_for_petitioner(request, code)
    if petition is None:
        raise Http404
    return petition, secret


@require_POST
def track_rate(request, code: str):
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn mức đánh giá từ 1 đến 5."))
        return redirect("track_detail", code=code)
    data = form.cleaned_data
    petition, secret = _petition_to_act_on(request, code)
    return act_then_redirect(
        request,
        lambda: actions.petition_rate(
            acting_user=request.user,
            petition=petition,
            secret=secret,
            stars=data["stars"],
            reasons=data["reasons"],
            comment=data["comment"],
        ),
        done=None,
        to=lambda rating: _after_rating(request, rating, code),
    )


def _after_rating(request, rating, code: str) -> str:
    """Say what the rating did: a low one reopened the petition; a complaint's stays open
    to a second-level complaint."""
    if rating is not None:
        petition = rating.petition
        if petition.status == Status.REOPENED:
            messages.warning(
                request,
                _(
                    "Cảm ơn bạn đã đánh giá. Vì bạn chưa hài lòng, đơn đã được mở lại để cơ "
                    "quan giải quyết tiếp."
                ),
            )
        elif petition.kind == Kind.COMPLAINT and rating.stars < LOW_RATING_BELOW:
            messages.warning(
                request,
                _(
                    "Cảm ơn bạn đã đánh giá. Nếu không đồng ý với quyết định giải quyết, bạn "
                    "có thể gửi khiếu nại lần hai ngay trên trang này."
                ),
            )
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
    return reverse("track_detail", args=[code])


def _reason_action(request, code: str, action, done_message: str):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nêu rõ lý do."))
        return redirect("track_detail", code=code)
    petition, secret = _petition_to_act_on(request, code)

    def to(result):
        if result is not None and result.code != code:
            # An appeal is a new petition, followed with the same secret.
            remember_secret(request, result.code, secret_for(request, code) or "")
            return reverse("track_detail", args=[result.code])
        return reverse("track_detail", args=[code])

    return act_then_redirect(
        request,
        lambda: action(
            acting_user=request.user,
            petition=petition,
            secret=secret,
            reason=form.cleaned_data["reason"],
        ),
        done=done_message,
        to=to,
    )


@require_POST
def track_reopen(request, code: str):
    return _reason_action(
        request, code, actions.petition_reopen, _("Đơn đã được mở lại để cơ quan xem xét tiếp.")
    )


@require_POST
def track_withdraw(request, code: str):
    return _reason_action(request, code, actions.petition_withdraw, _("Bạn đã rút đơn."))


@require_POST
def track_appeal(request, code: str):
    return _reason_action(
        request, code, actions.petition_appeal, _("Đã gửi khiếu nại lần hai đến cơ quan cấp trên.")
    )


def public_list(request):
    """Answers made public, searchable by place, topic, kind and the day they were
    answered; a filter that is not valid is said on the form and left out."""
    form = PublicSearchForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    province_code = filters.get("province") or None
    commune_code = filters.get("commune") or None
    topic_code = filters.get("topic") or None
    petitions = selectors.public_petitions(
        province_code=province_code,
        commune_code=commune_code,
        topic_code=topic_code,
        kind=filters.get("kind") or None,
        answered_from=filters.get("answered_from"),
        answered_to=filters.get("answered_to"),
    )
    page = Paginator(petitions, 20).get_page(request.GET.get("page"))
    # Public pages (the map's points too) read only the redacted projection, never the
    # stored fields.
    page.object_list = [public_petition(petition) for petition in page.object_list]
    response = render(
        request,
        "web/public_list.html",
        {
            "page": page,
            "form": form,
            "provinces": Area.objects.filter(level=AreaLevel.PROVINCE),
            "communes": Area.objects.filter(parent__code=province_code) if province_code else [],
            "topics": Topic.objects.filter(is_active=True),
            "selected": {"province": province_code, "commune": commune_code, "topic": topic_code},
            "located": any(petition.latitude is not None for petition in page.object_list),
            "map": map_settings(),
        },
    )
    return with_map_tiles(response)


def public_detail(request, code: str):
    petition = selectors.public_petition_get(code=code)
    # Photos are not public: shown only to those who may open them (the petitioner, the
    # agency and those who oversee it).
    photos = (
        petition.attachments.filter(file_kind=Attachment.FileKind.IMAGE)
        if attachments_open_to(request, petition)
        else []
    )
    return render(
        request,
        "web/public_detail.html",
        {"petition": public_petition(petition), "photos": photos},
    )


@login_required
def my_petitions(request):
    petitions = selectors.petitions_visible_to(user=request.user).filter(citizen=request.user)
    return render(request, "web/my_petitions.html", {"petitions": petitions[:200]})
