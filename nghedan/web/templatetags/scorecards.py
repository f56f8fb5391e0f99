"""How scorecard numbers read on a page: 67%, 1.204, 4 ngày, 3,7/5, +5 điểm %.

Load with `{% load scorecards %}`. The filters take either a plain number and a unit
(`{{ 0.67|shown:"share" }}`) or an `IndicatorValue` of a scorecard, which knows its unit
(`{{ card|value_of:"satisfied"|shown }}`). A value that does not exist reads "–".

Numbers are rounded half up, then written with the active language's separators and
thousands always grouped (Django's own `number_format` cuts decimals off instead of
rounding, and groups nothing in Vietnamese).
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from nghedan.scorecards.selectors import IndicatorValue

register = template.Library()

NOTHING = "–"
MINUS = "−"
# What a share is counted over, by the name of its denominator: (one, many).
BASIS = {
    "acceptance_due": ("trên %(n)s đơn đến hạn thụ lý", "trên %(n)s đơn đến hạn thụ lý"),
    "resolution_due": ("trên %(n)s đơn đến hạn giải quyết", "trên %(n)s đơn đến hạn giải quyết"),
    "rated": ("trên %(n)s lượt đánh giá", "trên %(n)s lượt đánh giá"),
    "answered": ("trên %(n)s đơn được trả lời", "trên %(n)s đơn được trả lời"),
    "appealable": ("trên %(n)s khiếu nại được trả lời", "trên %(n)s khiếu nại được trả lời"),
    "commitments_due": ("trên %(n)s cam kết đến hạn", "trên %(n)s cam kết đến hạn"),
    "reception_required": ("trên %(n)s ngày phải tiếp", "trên %(n)s ngày phải tiếp"),
    "consultation_comments": ("trên %(n)s góp ý", "trên %(n)s góp ý"),
}
OTHER_BASIS = ("trên %(n)s trường hợp", "trên %(n)s trường hợp")


def _count_of(value: float) -> int:
    """The number a plural form is chosen by: 1 only for exactly one."""
    return 1 if float(value) == 1 else 2


def days_text(value: float) -> str:
    """"4 ngày" / "1 day", "2.5 days"."""
    shown_value = number(value, _decimals(value))
    return npgettext("count", "%(days)s ngày", "%(days)s ngày", _count_of(value)) % {"days": shown_value}


def number(value: float, decimals: int = 0) -> str:
    """`value` rounded half up to `decimals` places, in the active language's format."""
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return numberformat.format(
        rounded,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1


def _split(value, unit: str) -> tuple[float | None, str]:
    if isinstance(value, IndicatorValue):
        return value.value, unit or value.indicator.unit
    return value, unit


@register.filter
def value_of(obj, code: str):
    """`obj.value(code)`: an IndicatorValue of a scorecard, or a number of a topic row or a
    month of a trend."""
    if obj is None:
        return None
    return obj.value(code)


@register.filter
def shown(value, unit: str = ""):
    """A value as people read it; `unit` is share (0–1), count, days, stars or index."""
    value, unit = _split(value, unit)
    if value is None or value == "":
        return NOTHING
    value = float(value)
    if unit == "share":
        return f"{number(100 * value)}%"
    if unit == "count":
        return number(value)
    if unit == "days":
        return days_text(value)
    if unit == "stars":
        return f"{number(value, 1)}/5"
    if unit == "index":
        return number(value, 1)
    return number(value, _decimals(value))


@register.filter
def basis(value: IndicatorValue) -> str:
    """What a share was counted over: "trên 3 lượt đánh giá"; "" for other indicators or
    a share with nothing to count."""
    indicator = value.indicator
    if indicator.unit != "share" or value.value is None:
        return ""
    one, many = BASIS.get(indicator.denominator, OTHER_BASIS)
    return ngettext(one, many, _count_of(value.trials)) % {"n": number(value.trials)}


@register.filter
def previous(value: IndicatorValue):
    """The previous period's value of an IndicatorValue."""
    return shown(value.previous, value.indicator.unit)


@register.filter
def change(value, unit: str = ""):
    """A difference between two periods: +5 điểm %, −2, +1,5 ngày, +0,3 sao; "" if none."""
    if isinstance(value, IndicatorValue):
        value, unit = value.change, unit or value.indicator.unit
    if value is None or value == "":
        return ""
    value = float(value)
    size = abs(value)
    if unit == "share":
        size, decimals, text = 100 * size, 0, _("%(n)s điểm %%")
    elif unit == "days":
        decimals = _decimals(size)
        text = npgettext("count", "%(n)s ngày", "%(n)s ngày", _count_of(round(size, decimals)))
    elif unit == "stars":
        decimals, text = 1, _("%(n)s sao")
    elif unit == "index":
        decimals, text = 1, "%(n)s"
    else:
        decimals, text = _decimals(size), "%(n)s"
    magnitude = number(size, decimals)
    sign = "±" if magnitude.strip("0,.") == "" else "+" if value > 0 else MINUS
    return sign + text % {"n": magnitude}


@register.filter
def signed(value, decimals: int = 1) -> str:
    """A signed number: +2,3, −1,0, ±0,0; "" if none."""
    if value is None or value == "":
        return ""
    magnitude = number(abs(float(value)), int(decimals))
    if magnitude.strip("0,.") == "":
        return "±" + magnitude
    return ("+" if float(value) > 0 else MINUS) + magnitude


@register.filter
def arrow(value) -> str:
    """↑ or ↓ for the direction a value moved (not whether that is good), "" if not."""
    if isinstance(value, IndicatorValue):
        value = value.change
    if not value:
        return ""
    return "↑" if value > 0 else "↓"


@register.filter
def direction(value) -> str:
    """CSS class of a change: "better", "worse" or "" (neither, or no way is better).
    Takes an IndicatorValue, or a change of the composite index (higher is better)."""
    if isinstance(value, IndicatorValue):
        improved = value.improved
        return "" if improved is None else "better" if improved else "worse"
    if not value:
        return ""
    return "better" if value > 0 else "worse"


@register.filter
def pct(value) -> str:
    """A share (0–1) as a percentage: 0.667 → 67%."""
    return shown(value, "share")


@register.filter
def days(value) -> str:
    return shown(value, "days")


@register.filter
def score(value) -> str:
    """The composite index (0–100), to one decimal."""
    return shown(value, "index")


def has_data(card) -> bool:
    """Whether a scorecard rests on anything: a petition received or a case counted in the
    composite index. A unit with neither is listed as having no data yet."""
    return bool(card.composite.trials or card.measured.counts["received"])


register.filter("has_data", has_data)


@register.filter
def with_data(scorecards) -> list:
    """The scorecards that rest on something, in their order (best first)."""
    return [card for card in scorecards if has_data(card)]


@register.filter
def without_data(scorecards) -> list:
    """The scorecards with no data yet, by the unit's code."""
    return sorted((c for c in scorecards if not has_data(c)), key=lambda c: c.unit.code)
