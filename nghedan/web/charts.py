"""Small charts drawn on the server as inline SVG: they need no script, print, scale on a
phone, and carry a title and description for screen readers. Each page shows the numbers
in a table next to the chart as well."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


def _scale(values: list[float], *, floor_zero: bool = True) -> tuple[float, float]:
    top = max(values, default=0) or 1.0
    low = 0.0 if floor_zero else min(values, default=0)
    return low, top if top > low else low + 1


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{100 * value:.0f}%"
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def _frame(title: str, description: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 (every text inside is escaped above)
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{body}</svg>"
    )


def _axis(low: float, top: float, unit: str) -> str:
    parts = []
    for i in range(3):
        value = low + (top - low) * i / 2
        y = TOP + (HEIGHT - TOP - BOTTOM) * (1 - i / 2)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_number(value, unit))}</text>"
        )
    return "".join(parts)


def line_chart(points: list[Point], *, title: str, unit: str = "") -> SafeString:
    """A line over time; gaps where a month has no value. `unit` "%" for shares (0–1)."""
    values = [p.value for p in points if p.value is not None]
    low, top = _scale(values)
    if unit == "%":
        low, top = 0.0, 1.0
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    current: list[str]
    segments, current, dots, labels = [], [], [], []
    every, last = max(1, len(points) // 6), len(points) - 1
    for i, point in enumerate(points):
        x = LEFT + i * step
        # Every `every`-th month is labelled, and the last; none too close before it.
        if (i % every == 0 and last - i >= every) or i == last:
            labels.append(
                f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                f"{escape(point.label)}</text>"
            )
        if point.value is None:
            if current:
                segments.append(current)
            current = []
            continue
        y = TOP + plot_h * (1 - (point.value - low) / (top - low))
        current.append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3">'
            f"<title>{escape(point.label)}: {escape(_number(point.value, unit))}</title></circle>"
        )
    if current:
        segments.append(current)
    lines = "".join(f'<polyline class="line" points="{" ".join(s)}"/>' for s in segments)
    described = "; ".join(
        f"{p.label}: {_number(p.value, unit) if p.value is not None else '–'}" for p in points
    )
    return _frame(title, described, _axis(low, top, unit) + lines + "".join(dots) + "".join(labels))


def bar_chart(points: list[Point], *, title: str, unit: str = "") -> SafeString:
    """Vertical bars, one per point (months, age buckets)."""
    values = [p.value or 0 for p in points]
    low, top = _scale(values)
    if unit == "%":
        low, top = 0.0, 1.0
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    bars = []
    for i, point in enumerate(points):
        value = point.value or 0
        h = plot_h * (value - low) / (top - low)
        x = LEFT + i * slot + slot * 0.15
        bars.append(
            f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}"><title>{escape(point.label)}: {escape(_number(value, unit))}'
            f"</title></rect>"
        )
        if len(points) <= 12 or i % max(1, len(points) // 6) == 0:
            bars.append(
                f'<text class="tick" x="{x + slot * 0.35:.1f}" y="{HEIGHT - 12}" '
                f'text-anchor="middle">{escape(point.label)}</text>'
            )
    described = "; ".join(f"{p.label}: {_number(p.value or 0, unit)}" for p in points)
    return _frame(title, described, _axis(low, top, unit) + "".join(bars))


def hbar_chart(points: list[Point], *, title: str, unit: str = "") -> SafeString:
    """Horizontal bars for long labels (topics): each label on its own line above its bar,
    so it can use the whole width of a phone; the value at the end of the bar. The chart
    grows one row per point."""
    row_h, label_h, bar_h, value_w = 62, 26, 24, 80
    height = TOP + row_h * max(len(points), 1)
    values = [p.value or 0 for p in points]
    top = 1.0 if unit == "%" else (max(values, default=0) or 1.0)
    plot_w = WIDTH - value_w - RIGHT
    rows = []
    for i, point in enumerate(points):
        value = point.value
        y = TOP + i * row_h
        w = plot_w * (value or 0) / top
        label = point.label if len(point.label) <= 44 else point.label[:43] + "…"
        text = _number(value, unit) if value is not None else "–"
        rows.append(
            f'<text class="tick label" x="0" y="{y + label_h - 6}">{escape(label)}</text>'
            f'<rect class="bar" x="0" y="{y + label_h}" width="{w:.1f}" height="{bar_h}">'
            f"<title>{escape(point.label)}: {escape(text)}</title></rect>"
            f'<text class="tick value" x="{w + 8:.1f}" y="{y + label_h + bar_h - 5}">'
            f"{escape(text)}</text>"
        )
    described = "; ".join(
        f"{p.label}: {_number(p.value, unit) if p.value is not None else '–'}" for p in points
    )
    return mark_safe(  # noqa: S308 (every text inside is escaped)
        f'<svg class="chart hbar" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title><desc>{escape(described)}</desc>"
        f"{''.join(rows)}</svg>"
    )
