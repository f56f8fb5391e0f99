"""The report's charts, drawn with matplotlib on its Agg canvas (no pyplot, no global
figure state) in DejaVu Sans, which matplotlib bundles and which covers Vietnamese."""

import io
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from nghedan.scorecards import selectors
from nghedan.scorecards.indicators import BY_CODE
from nghedan.scorecards.reports.data import ReportData, month_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

WIDTH = 190  # millimetres between the margins of A4 portrait
DPI = 150
TOPICS_CHARTED = 10
# Colours: received, resolved on time, satisfied; the backlog from young to old.
BLUE, GREEN, ORANGE = "#2f6db5", "#2e8b57", "#d9822b"
AGEING_COLOURS = ("#f2d16b", "#f0a04b", "#e0663a", "#b02a2a")

CHART_STYLE: "dict[RcKeyType, Any]" = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "savefig.dpi": DPI,
}


def _png(
    draw: "Callable[[Axes], object]", *, width_mm: float = WIDTH, height_mm: float = 62
) -> bytes:
    """A chart drawn by `draw(axes)` as PNG bytes (matplotlib's Agg canvas, no pyplot)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(CHART_STYLE):
        figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure.add_subplot())
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _integer_axis(axes: "Axes") -> None:
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _bar_width(values: list) -> float:
    """Narrower bars for a short period, so three months do not fill the page."""
    return 0.7 if len(values) >= 6 else 0.4


def chart_received(data: ReportData) -> bytes:
    def draw(axes):
        labels = [month_label(p.month, data.period) for p in data.months]
        values = [p.counts["received"] for p in data.months]
        bars = axes.bar(range(len(values)), values, color=BLUE, width=_bar_width(values))
        axes.bar_label(bars, fontsize=7, padding=1)
        axes.set_xticks(range(len(labels)), labels)
        axes.set_title(_("Số đơn tiếp nhận theo tháng"))
        axes.set_ylim(0, max([*values, 1]) * 1.15)
        _integer_axis(axes)

    return _png(draw)


def chart_rates(data: ReportData) -> bytes:
    from matplotlib.ticker import PercentFormatter

    def percent(value):
        return math.nan if value is None else 100 * value

    def draw(axes):
        x = range(len(data.months))
        for code, colour, marker in (("resolved_on_time", GREEN, "o"), ("satisfied", ORANGE, "s")):
            values = [percent(p.value(code)) for p in data.months]
            axes.plot(
                x, values, color=colour, marker=marker, markersize=4, label=str(BY_CODE[code].label)
            )
        axes.set_xticks(list(x), [month_label(p.month, data.period) for p in data.months])
        axes.set_ylim(0, 105)
        axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_title(_("Tỷ lệ giải quyết đúng hạn và tỷ lệ hài lòng theo tháng"))
        axes.figure.legend(loc="outside lower center", ncols=2)

    return _png(draw)


def chart_topics(data: ReportData) -> bytes:
    rows = [r for r in data.topics if r.received][:TOPICS_CHARTED]

    def draw(axes):
        names = [Truncator(r.topic.name).chars(34) for r in rows]
        values = [r.received for r in rows]
        bars = axes.barh(range(len(rows)), values, color=BLUE, height=0.6)
        axes.bar_label(bars, fontsize=7, padding=2)
        axes.set_yticks(range(len(rows)), names)
        axes.invert_yaxis()
        axes.set_xlim(0, max([*values, 1]) * 1.15)
        axes.set_title(_("Số đơn tiếp nhận theo lĩnh vực"))
        axes.spines["left"].set_visible(False)
        axes.tick_params(axis="y", length=0)

    return _png(draw, height_mm=12 + 7 * max(len(rows), 3))


def chart_ageing(data: ReportData) -> bytes:
    def draw(axes):
        labels = [month_label(p.month, data.period) for p in data.months]
        bottom = [0] * len(data.months)
        buckets = [selectors.ageing(p.counts) for p in data.months]
        names = [name for name, _count in selectors.ageing(data.counts)]
        for i, (name, colour) in enumerate(zip(names, AGEING_COLOURS, strict=True)):
            values = [row[i][1] for row in buckets]
            axes.bar(
                range(len(values)),
                values,
                bottom=bottom,
                color=colour,
                width=_bar_width(values),
                label=_("%(days)s ngày") % {"days": name},
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_xticks(range(len(labels)), labels)
        axes.set_ylim(0, max([*bottom, 1]) * 1.15)
        axes.set_title(_("Đơn quá hạn chưa giải quyết cuối mỗi tháng, theo ngày làm việc quá hạn"))
        axes.figure.legend(loc="outside lower center", ncols=4)
        _integer_axis(axes)

    return _png(draw)


# --- PDF ------------------------------------------------------------------------------
