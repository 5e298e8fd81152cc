"""Charts for printed documents, drawn as SVG markup by the server (WeasyPrint renders an
inline ``<svg>``; no JavaScript, no screenshots).

Two shapes are enough for the monthly report: horizontal bars (one value 0-100 per area)
and a line chart (a few series over the same months). Every text is escaped; sizes are in
millimetres of paper so a chart prints at the width the page gives it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = 'font-family="DejaVu Sans, sans-serif"'
AXIS = "#444"
GRID = "#ccc"
BAR = "#2f6f4f"
# Distinct in grey print too: a dark solid line and a lighter dashed one.
SERIES_STYLES = [("#1f4e79", ""), ("#c0504d", ' stroke-dasharray="2 1.2"')]


def _n(value: float) -> str:
    """Return a coordinate with at most two decimals ("12.5", "3")."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _label(value) -> str:
    """Return a number as the report prints it: one decimal, a comma for the decimal mark."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return f"{Decimal(value).quantize(Decimal('0.1'))}".replace(".", ",")


def bar_chart(
    items: Sequence[tuple[str, float | Decimal | None]],
    *,
    title: str,
    maximum: float = 100,
    no_data: str = "no data",
    width_mm: float = 170,
) -> SafeString:
    """Return horizontal bars, one per (label, value); a value of None prints ``no_data``
    instead of a bar (never a bar of 0)."""
    row_h, top, label_w, value_w = 6.0, 2.0, 52.0, 14.0
    plot_w = width_mm - label_w - value_w
    height = top + row_h * max(len(items), 1) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{_n(width_mm)}mm" height="{_n(height)}mm" '
        f'viewBox="0 0 {_n(width_mm)} {_n(height)}"><title>{escape(title)}</title>'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_w + plot_w * tick / 100
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(height - 5)}" '
            f'stroke="{GRID}" stroke-width="0.2"/>'
            f'<text x="{_n(x)}" y="{_n(height - 1.5)}" font-size="2.6" text-anchor="middle" '
            f"{FONT}>{_n(maximum * tick / 100)}</text>"
        )
    for index, (label, value) in enumerate(items):
        y = top + row_h * index
        parts.append(
            f'<text x="{_n(label_w - 1.5)}" y="{_n(y + row_h * 0.62)}" font-size="3" '
            f'text-anchor="end" {FONT}>{escape(str(label)[:34])}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{_n(label_w + 1)}" y="{_n(y + row_h * 0.62)}" font-size="2.8" '
                f'fill="#666" font-style="italic" {FONT}>{escape(no_data)}</text>'
            )
            continue
        share = max(0.0, min(1.0, float(value) / maximum)) if maximum else 0.0
        bar_w = plot_w * share
        parts.append(
            f'<rect x="{_n(label_w)}" y="{_n(y + 1)}" width="{_n(bar_w)}" '
            f'height="{_n(row_h - 2)}" fill="{BAR}"/>'
            f'<text x="{_n(label_w + bar_w + 1)}" y="{_n(y + row_h * 0.62)}" font-size="2.8" '
            f"{FONT}>{_label(value)}</text>"
        )
    parts.append(
        f'<line x1="{_n(label_w)}" y1="{_n(top)}" x2="{_n(label_w)}" y2="{_n(height - 5)}" '
        f'stroke="{AXIS}" stroke-width="0.3"/></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - built above, every text escaped


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int]


def _nice_top(value: float) -> float:
    """Return a round axis maximum at or above ``value`` (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width_mm: float = 170,
    height_mm: float = 62,
) -> SafeString:
    """Return a line chart of up to two series over the same ``labels`` (months), each
    series on its own scale (left axis the first, right axis the second) with a legend."""
    left, right, top, bottom = 12.0, 12.0, 8.0, 9.0
    plot_w, plot_h = width_mm - left - right, height_mm - top - bottom
    count = max(len(labels), 1)
    step = plot_w / max(count - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{_n(width_mm)}mm" height="{_n(height_mm)}mm" '
        f'viewBox="0 0 {_n(width_mm)} {_n(height_mm)}"><title>{escape(title)}</title>'
    ]
    for tick in range(5):
        y = top + plot_h * tick / 4
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="0.2"/>'
        )
    for index, label in enumerate(labels):
        x = left + step * index
        parts.append(
            f'<text x="{_n(x)}" y="{_n(top + plot_h + 4)}" font-size="2.5" text-anchor="middle" '
            f"{FONT}>{escape(str(label))}</text>"
        )
    for number, line in enumerate(series[:2]):
        colour, dash = SERIES_STYLES[number]
        top_value = _nice_top(max([float(v) for v in line.values] + [0]))
        points = [
            (left + step * i, top + plot_h * (1 - float(v) / top_value))
            for i, v in enumerate(line.values)
        ]
        axis_x, anchor = (left - 1, "end") if number == 0 else (left + plot_w + 1, "start")
        for tick in range(5):
            value = top_value * tick / 4
            text = _label(round(value, 1) if top_value < 4 else int(value))
            parts.append(
                f'<text x="{_n(axis_x)}" y="{_n(top + plot_h * (1 - tick / 4) + 1)}" '
                f'font-size="2.4" fill="{colour}" text-anchor="{anchor}" {FONT}>{text}</text>'
            )
        if points:
            path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="0.6"{dash}/>'
            )
            parts.extend(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="0.8" fill="{colour}"/>' for x, y in points
            )
        legend_x = left + number * plot_w / 2
        parts.append(
            f'<line x1="{_n(legend_x)}" y1="3" x2="{_n(legend_x + 6)}" y2="3" '
            f'stroke="{colour}" stroke-width="0.8"{dash}/>'
            f'<text x="{_n(legend_x + 7.5)}" y="4" font-size="2.8" {FONT}>'
            f"{escape(line.name)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built above, every text escaped
