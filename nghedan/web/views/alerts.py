"""Early-warning pages: the map of the 34 provinces, the list and timeline of alerts, and
an alert with its evidence and lifecycle."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghedan.accounts.models import Role
from nghedan.alerts import actions, policy, selectors
from nghedan.alerts.labels import event_label, evidence_rows
from nghedan.alerts.models import AlertKind, AlertStatus
from nghedan.areas.models import Area, AreaLevel
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.web.forms.alerts import AlertAssignForm, AlertNoteForm
from nghedan.web.province_grid import tiles
from nghedan.web.views.common import act_then_redirect

TIMELINE_DAYS = 60


def _require_alert_reader(user) -> None:
    if policy.visible_filter(user) is None:
        raise PermissionDenied(_("Trang này dành cho lãnh đạo, người giám sát và quản trị."))


@login_required
def alerts_page(request):
    _require_alert_reader(request.user)
    status = request.GET.get("status", "active")
    kind = request.GET.get("kind", "")
    province = request.GET.get("province", "")
    alerts = selectors.alerts_filtered(
        user=request.user,
        province=province if province.isdigit() else "",
        status=status if status in ("active", *AlertStatus.values) else "",
        kind=kind if kind in AlertKind.values else "",
    )
    since = clock.now() - timedelta(days=TIMELINE_DAYS)
    opened = dict(
        selectors.alerts_visible_to(user=request.user)
        .filter(opened_at__gte=since)
        .annotate(day=TruncDate("opened_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    today = clock.today()
    timeline = [
        {"day": day, "n": opened.get(day, 0)}
        for day in (today - timedelta(days=offset) for offset in range(TIMELINE_DAYS - 1, -1, -1))
    ]
    top = max((point["n"] for point in timeline), default=0) or 1
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code")
    return render(
        request,
        "web/alerts.html",
        {
            "page": Paginator(alerts.order_by("-updated_at"), 30).get_page(request.GET.get("page")),
            "tiles": tiles(provinces, selectors.open_alerts_by_province(user=request.user)),
            "timeline": timeline,
            "timeline_top": top,
            "status": status,
            "kind": kind,
            "province": province,
            "statuses": AlertStatus.choices,
            "kinds": AlertKind.choices,
        },
    )


@login_required
def alert_detail(request, alert_id: int):
    _require_alert_reader(request.user)
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    can_act = policy.can_act(request.user, alert)
    evidence = selectors.alert_evidence(user=request.user, alert=alert)
    leaders = (
        get_user_model()
        .objects.filter(
            role=Role.LEADER, is_active=True, agency__area_id__in=[alert.area_id, alert.province_id]
        )
        .select_related("agency")
        if can_act
        else []
    )
    return render(
        request,
        "web/alert_detail.html",
        {
            "alert": alert,
            "evidence": evidence[:100],
            "hidden_evidence": alert.petitions.count() - evidence.count(),
            "articles": alert.articles.order_by("-published_at")[:50],
            "numbers": evidence_rows(alert.numbers),
            "events": [
                (event, event_label(event.action)) for event in alert.events.select_related("actor")
            ],
            "can_act": can_act,
            "note_form": AlertNoteForm(),
            "assign_form": AlertAssignForm(leaders=leaders) if can_act else None,
        },
    )


def _alert_to_act_on(request, alert_id: int):
    _require_alert_reader(request.user)
    return selectors.alert_get(user=request.user, alert_id=alert_id)


@login_required
@require_POST
def alert_transition(request, alert_id: int, action: str):
    alert = _alert_to_act_on(request, alert_id)
    form = AlertNoteForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("text", "")
    done = {
        "acknowledge": _("Đã tiếp nhận cảnh báo."),
        "handle": _("Đã ghi nhận xử lý cảnh báo."),
        "close": _("Đã đóng cảnh báo."),
    }.get(action, "")
    return act_then_redirect(
        request,
        lambda: actions.alert_transition(
            acting_user=request.user, alert=alert, action=action, note=note
        ),
        done=done,
        to=reverse("alert_detail", args=[alert.pk]),
    )


@login_required
@require_POST
def alert_note(request, alert_id: int):
    alert = _alert_to_act_on(request, alert_id)
    form = AlertNoteForm(request.POST)
    form.is_valid()
    return act_then_redirect(
        request,
        lambda: actions.alert_note(
            acting_user=request.user, alert=alert, text=form.cleaned_data.get("text", "")
        ),
        done=_("Đã thêm ghi chú."),
        to=reverse("alert_detail", args=[alert.pk]),
    )


@login_required
@require_POST
def alert_assign(request, alert_id: int):
    alert = _alert_to_act_on(request, alert_id)

    def run():
        assignee = get_user_model().objects.filter(pk=request.POST.get("assignee") or 0).first()
        if assignee is None:
            raise ActionError("bad_assignee", _("Vui lòng chọn lãnh đạo."), field="assignee")
        actions.alert_assign(acting_user=request.user, alert=alert, assignee=assignee)

    return act_then_redirect(
        request, run, done=_("Đã giao cảnh báo."), to=reverse("alert_detail", args=[alert.pk])
    )
