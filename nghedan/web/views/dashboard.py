"""Internal dashboards of leaders and supervisors, the cadre roster, and the register of
good practice (Dân vận khéo). Numbers are written on the page by the `scorecards`
template filters, as on the public transparency pages."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nghedan.accounts.models import Role
from nghedan.lib.errors import ActionError
from nghedan.petitions.models import RatingReason
from nghedan.petitions.public import reader_words
from nghedan.scorecards import actions
from nghedan.scorecards import selectors as cards
from nghedan.scorecards.indicators import BY_CODE, Unit
from nghedan.scorecards.models import UnitKind
from nghedan.scorecards.periods import Period, PeriodError
from nghedan.web.charts import Point, bar_chart, hbar_chart, line_chart
from nghedan.web.forms.scorecards import AdoptForm, PracticeForm
from nghedan.web.views.common import act_then_redirect, form_error_from

TRENDS = ("received", "resolved_on_time", "satisfied")
ROSTER_PAGE = 100
PRACTICES_PAGE = 30
REASONS = dict(RatingReason.choices)

# --- what was asked for ---------------------------------------------------------------


def _period_asked(request) -> tuple[Period, str, str]:
    """The period asked for, the text to keep in links, and a message when it could not
    be read (the page then shows the last 12 months)."""
    text = request.GET.get("period", "").strip()
    try:
        return Period.parse(text), text, ""
    except PeriodError as error:
        return Period.last_months(12), "", str(error.message)


def _period_choices(shown: Period, asked: str) -> list[tuple[str, str]]:
    """The periods offered: the last 12 months, the last six quarters, this year and the
    two before it, and the period shown if it is none of those."""
    current = Period.last_months(1)
    quarter = Period.quarter(current.start.year, (current.start.month - 1) // 3 + 1)
    choices = [("", _("12 tháng qua"))]
    for _i in range(6):
        choices.append((quarter.code, quarter.label))
        quarter = quarter.previous()
    for year in range(current.start.year, current.start.year - 3, -1):
        choices.append((str(year), Period.year(year).label))
    if asked and all(code != shown.code for code, _label in choices):
        choices.insert(1, (shown.code, shown.label))
    return choices


def _unit_asked(request) -> Unit:
    """The dashboard's unit: `?agency=` or `?area=` within what the user may see."""
    agency = request.GET.get("agency", "").strip()
    if agency:
        return cards.dashboard_unit_get(user=request.user, kind=UnitKind.AGENCY, code=agency)
    area = request.GET.get("area", "").strip()
    return cards.dashboard_unit_get(user=request.user, kind=UnitKind.AREA, code=area)


def _scope(unit: Unit) -> list[tuple[str, str]]:
    """The GET parameters that name `unit` (none for the nation)."""
    if unit.kind == UnitKind.AGENCY:
        return [("agency", unit.code)]
    if unit.kind == UnitKind.AREA:
        return [("area", unit.code)]
    return []


def _peers(unit: Unit) -> tuple[list[Unit] | None, str]:
    """The units `unit` is ranked among (agencies of its type in the province, the
    provinces, or the communes of its province), and what to call them."""
    if unit.kind == UnitKind.AGENCY:
        return cards.agency_peers(cards.agency_get(unit.code)), _(
            "cơ quan cùng loại trong tỉnh, thành phố"
        )
    if unit.kind == UnitKind.AREA and unit.level == "province":
        return cards.province_units(), _("tỉnh, thành phố")
    if unit.kind == UnitKind.AREA and unit.parent_code:
        return cards.commune_units(cards.area_get(unit.parent_code)), _(
            "xã, phường, đặc khu của tỉnh, thành phố"
        )
    return None, ""


def _places(user, unit: Unit) -> dict:
    """What a supervisor or an administrator may open from here: the home of their scope,
    the areas below this one and the agencies seated in it."""
    if not (user.is_supervisor or user.is_admin_role):
        return {}
    home = cards.dashboard_units(user)[0]
    areas, agencies, up = [], [], None
    if unit.kind == UnitKind.NATION:
        areas = cards.province_units()
    elif unit.kind == UnitKind.AREA:
        area = cards.area_get(unit.code)
        if area.level == "province":
            areas = cards.commune_units(area)
        agencies = list(cards.agencies_in(area).order_by("name"))
    elif unit.kind == UnitKind.AGENCY:
        up = unit.parent_code
    return {
        "home": home if home.key != unit.key else None,
        "areas": areas,
        "agencies": agencies,
        "up": up,
    }


def _may_see_roster(user) -> bool:
    return user.is_leader or user.is_supervisor or user.is_admin_role


def _common(request, unit: Unit, period: Period, period_text: str, period_error: str) -> dict:
    """What the dashboard and the roster both show: the unit, the period selector and the
    places a supervisor may move to."""
    selected = period.code if period_text else ""
    scope = _scope(unit)
    return {
        "unit": unit,
        "period": period,
        "period_selected": selected,
        "period_error": period_error,
        "periods": _period_choices(period, period_text),
        "keep": scope,
        "period_param": urlencode([("period", selected)]) if selected else "",
        "scope_query": urlencode(scope + ([("period", selected)] if selected else [])),
        "places": _places(request.user, unit),
        "refreshed": cards.last_refreshed(),
    }


# --- the dashboard --------------------------------------------------------------------


def _trends(unit: Unit, period: Period) -> dict:
    points = cards.trend(unit, period)
    charts = []
    for code in TRENDS:
        indicator = BY_CODE[code]
        charts.append(
            {
                "indicator": indicator,
                "svg": line_chart(
                    [Point(f"{p.month:%m/%y}", p.value(code)) for p in points],
                    title=str(indicator.label),
                    unit="%" if indicator.unit == "share" else "",
                ),
            }
        )
    return {"charts": charts, "months": points}


def _worst(unit: Unit, period: Period, user) -> list[dict]:
    return [
        {
            "rating": rating,
            "petition": rating.petition,
            "reasons": [str(REASONS.get(code, code)) for code in rating.reasons],
            # A denouncer's comment is redacted for all but the petition's handlers.
            "comment": reader_words(rating.petition, rating.comment, user=user),
        }
        for rating in cards.worst_rated(unit, period)
    ]


@login_required
@require_GET
def dashboard(request):
    unit = _unit_asked(request)
    period, period_text, period_error = _period_asked(request)
    peers, peers_label = _peers(unit)
    card = cards.scorecard(unit, period, peers=peers)
    topics = cards.topics(unit, period)
    rated = [row for row in topics if row.value("satisfied") is not None]
    ageing = cards.ageing(card.measured.counts)
    context = _common(request, unit, period, period_text, period_error)
    context.update(
        {
            "card": card,
            "peers_label": peers_label,
            "topics": topics,
            "topics_chart": hbar_chart(
                [Point(str(row.topic), row.value("satisfied")) for row in rated],
                title=_("Tỷ lệ hài lòng (4–5 sao) theo lĩnh vực"),
                unit="%",
            )
            if rated
            else None,
            "trends": _trends(unit, period),
            "backlog": card.measured.counts.overdue,
            "ageing": ageing,
            "ageing_chart": bar_chart(
                [Point(_("%(days)s ngày") % {"days": label}, float(n)) for label, n in ageing],
                title=_("Đơn quá hạn chưa giải quyết, theo số ngày làm việc quá hạn"),
            ),
            "worst": _worst(unit, period, request.user),
            "may_see_roster": _may_see_roster(request.user),
        }
    )
    return render(request, "web/dashboard.html", context)


# --- the cadre roster -----------------------------------------------------------------


@login_required
@require_GET
def roster(request):
    if request.user.role == Role.OFFICER:
        raise PermissionDenied(_("Danh sách cán bộ dành cho lãnh đạo, người giám sát và quản trị."))
    unit = _unit_asked(request)
    if not _may_see_roster(request.user):
        raise PermissionDenied
    period, period_text, period_error = _period_asked(request)
    page = Paginator(cards.roster(unit, period), ROSTER_PAGE).get_page(request.GET.get("page"))
    context = _common(request, unit, period, period_text, period_error)
    context.update({"page": page, "show_agency": unit.kind != UnitKind.AGENCY})
    return render(request, "web/roster.html", context)


# --- the good-practice register -------------------------------------------------------


def _may_register(user) -> bool:
    return user.is_authenticated and (user.is_admin_role or (user.is_leader and user.agency_id))


@require_GET
def practice_list(request):
    page = Paginator(cards.practices_public(), PRACTICES_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/practice_list.html",
        {"page": page, "may_register": _may_register(request.user)},
    )


def _direction(indicator, change: float | None) -> str:
    """ "better", "worse" or "" for a change of `indicator`."""
    if not change or not indicator.better:
        return ""
    return "better" if (change > 0) == (indicator.better == "higher") else "worse"


def _effect(effect) -> dict:
    """An agency's indicators before and after it took up the practice, row by row."""
    rows = []
    for indicator, before, after in effect.rows:
        change = None if before is None or after is None else after - before
        rows.append(
            {
                "indicator": indicator,
                "before": before,
                "after": after,
                "change": change,
                "direction": _direction(indicator, change),
            }
        )
    return {"effect": effect, "rows": rows}


@require_GET
def practice_detail(request, practice_id: int):
    practice = cards.practice_get(practice_id)
    own, *taken_up = cards.practice_effects(practice=practice)
    adoptions = [
        {"adoption": adoption, **_effect(effect)}
        for adoption, effect in zip(practice.adoptions.all(), taken_up, strict=True)
    ]
    user = request.user
    agency_id = user.agency_id if user.is_authenticated else None
    adopted = next(
        (a["adoption"] for a in adoptions if agency_id and a["adoption"].agency_id == agency_id),
        None,
    )
    may_adopt = (
        user.is_authenticated
        and user.is_leader
        and agency_id
        and agency_id != practice.agency_id
        and adopted is None
    )
    return render(
        request,
        "web/practice_detail.html",
        {
            "practice": practice,
            "own": _effect(own),
            "adoptions": adoptions,
            "adopted": adopted,
            "adopt_form": AdoptForm() if may_adopt else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_new(request):
    user = request.user
    if not _may_register(user):
        raise PermissionDenied(_("Trang này dành cho lãnh đạo cơ quan và quản trị."))
    form = PracticeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice = actions.practice_register(
                acting_user=user,
                agency=data.get("agency") or user.agency,
                title=data["title"],
                summary=data["summary"],
                started_on=data["started_on"],
                lead=data["lead"],
                topic=data["topic"],
            )
        except ActionError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, _("Đã ghi nhận mô hình “%(title)s”.") % {"title": practice.title}
            )
            return redirect("practice_detail", practice_id=practice.pk)
    return render(request, "web/practice_new.html", {"form": form})


@login_required
@require_POST
def practice_adopt(request, practice_id: int):
    user = request.user
    if not (user.is_leader and user.agency_id):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan mới có thể đăng ký nhân rộng mô hình."))
    practice = cards.practice_get(practice_id)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label}: {error}")
        return redirect("practice_detail", practice_id=practice.pk)
    return act_then_redirect(
        request,
        lambda: actions.practice_adopt(
            acting_user=user,
            practice=practice,
            started_on=form.cleaned_data["started_on"],
            note=form.cleaned_data["note"],
        ),
        done=_("Đã ghi nhận cơ quan bạn nhân rộng mô hình này."),
        to=reverse("practice_detail", args=[practice.pk]),
    )
