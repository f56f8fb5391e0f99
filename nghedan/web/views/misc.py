"""Accounts, the place picker's data, and attachments behind permission checks."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from nghedan.areas.selectors import area_search, communes_of
from nghedan.lib.files import attachment_response, image_thumbnail
from nghedan.lib.http import error_response
from nghedan.lib.ratelimit import TOO_MANY_REQUESTS, client_ident, rate_wait
from nghedan.notifications.actions import notifications_mark_read
from nghedan.notifications.selectors import notifications_for
from nghedan.petitions import policy
from nghedan.petitions.models import Attachment, Kind, Petition
from nghedan.web.forms.accounts import RegisterForm
from nghedan.web.views.common import secret_for


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Đã tạo tài khoản."))
        return redirect("home")
    return render(request, "registration/register.html", {"form": form})


@login_required
def notifications_page(request):
    """A person's in-app notifications, newest first; posting marks them all read."""
    if request.method == "POST":
        notifications_mark_read(acting_user=request.user)
        return redirect("notifications")
    page = Paginator(notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "web/notifications.html", {"page": page})


@require_GET
@cache_control(max_age=3600, public=True)
def communes_json(request):
    province = request.GET.get("province", "")
    communes = communes_of(province_code=province) if province.isdigit() else []
    return JsonResponse(
        {"results": [{"code": area.code, "name": area.full_name} for area in communes]}
    )


@require_GET
def areas_search_json(request):
    query = request.GET.get("q", "")[:100]
    results = area_search(query=query, limit=20) if query.strip() else []
    return JsonResponse(
        {
            "results": [
                {"code": area.code, "name": str(area), "level": area.level} for area in results
            ]
        }
    )


@require_POST
def suggest_json(request):
    """What the pipeline reads in a draft petition: a topic, a place and the agency it
    would go to, for the citizen to confirm on the form. Nothing is stored. Rate-limited
    per account or address, with the API's suggestions."""
    from nghedan.language.pipeline import draft_suggest

    wait = rate_wait(
        scope="suggest", ident=client_ident(request), rate=settings.NGHEDAN_SUGGEST_RATE
    )
    if wait:
        return error_response(
            request,
            status=429,
            code="throttled",
            message=TOO_MANY_REQUESTS,
            params={"seconds": wait},
            headers={"Retry-After": str(wait)},
        )

    title, body = request.POST.get("title", "")[:200], request.POST.get("body", "")[:5000]
    if len(body.strip()) < 10:
        return JsonResponse({"topic": None, "area": None, "agency": None})
    kind = request.POST.get("kind", "")
    draft = draft_suggest(title=title, body=body, kind=kind if kind in Kind.values else "feedback")
    area = draft.place.area if draft.place else None
    return JsonResponse(
        {
            "topic": {
                "id": draft.topic.pk,
                "name": str(draft.topic),
                "confidence": round(draft.confidence, 2),
            }
            if draft.topic
            else None,
            "area": {
                "code": area.code,
                "name": str(area),
                "level": area.level,
                "province_code": area.province.code,
                "commune_code": area.code if area.level == "commune" else "",
                "reason": draft.place.reason,
            }
            if area
            else None,
            "agency": {"name": draft.agency.name} if draft.agency else None,
        }
    )


def attachments_open_to(request, petition: Petition) -> bool:
    """Files are never public: the petitioner, the handling agency, and those who oversee
    it. A denunciation's files are its own words (a PDF keeps its author, a photo what it
    shows): only its handlers and its petitioner open them, as with its text."""
    as_petitioner = policy.is_petitioner(request.user, petition, secret_for(request, petition.code))
    return (policy.can_view(request.user, petition) or as_petitioner) and policy.can_read_text(
        request.user, petition, as_petitioner=as_petitioner
    )


@require_GET
def attachment_download(request, attachment_id: int):
    """A petition's file, to those `attachments_open_to` names."""
    attachment = get_object_or_404(Attachment.objects.select_related("petition"), pk=attachment_id)
    if not attachments_open_to(request, attachment.petition):
        raise Http404
    return attachment_response(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=(attachment.file.name or "file").rsplit("/", 1)[-1],
    )


@require_GET
def attachment_thumbnail(request, attachment_id: int):
    """A small copy of a petition's photo, shown in its page, to the same people as the
    photo itself; kept by their browser only."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("petition"),
        pk=attachment_id,
        file_kind=Attachment.FileKind.IMAGE,
    )
    if not attachments_open_to(request, attachment.petition):
        raise Http404
    with attachment.file.open("rb") as stored:
        content = image_thumbnail(stored.read())
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
