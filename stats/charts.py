"""Charts as SVG drawn on the server: bars, stacked bars and lines from plain numbers.

No script and no style attribute (the site's content security policy refuses both): shapes
carry classes that ``static/css/app.css`` colours, and presentation attributes for the rest.
The drawing scales with its ``viewBox``; every bar and point has a ``<title>`` with its
number, and the page shows the same numbers as a table beside it."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A phone draws the 480 units in about 340 pixels: the text stays about 11 pixels high.
WIDTH, PLOT_HEIGHT = 480, 190
LEFT, RIGHT, BOTTOM = 44, 8, 30
FONT = 15
LEGEND_ROW = 22
PALETTE = 8  # colours chart-s0 … chart-s7 in static/css/app.css
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | None]
    css: str = ""  # a class of its own (``chart-ok``), else the next colour of the palette


def _number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{unit}"
    return f"{int(value)}{unit}"


def _nice_top(value: float, *, whole: bool) -> float:
    """The axis's top, at least ``value``: 1, 2, 2.5 or 5 times a power of ten; for counts
    (``whole``) an even number, so the middle line is a whole number too."""
    if value <= 0:
        return 2 if whole else 1
    power = 10 ** math.floor(math.log10(value))
    steps = (2, 4, 6, 8, 10) if whole else (1, 2, 2.5, 5, 10)
    for step in steps:
        if value <= step * power:
            return max(step * power, 2) if whole else step * power
    return 10 * power  # pragma: no cover  (the last step is 10)


def _css(series: Series, index: int) -> str:
    return series.css or f"chart-s{index % PALETTE}"


def _tip(label: str, series: str, value: float | int | None, unit: str) -> str:
    name = f"{label} {series}" if series else label
    return f"{name}：{_number(value, unit)}"


def _text_width(text: str) -> float:
    """About how wide ``text`` is drawn: a CJK character is as wide as the font is tall."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.6 for ch in text)


def _legend(series: Sequence[Series]) -> tuple[list[str], int]:
    """The key of the colours, in rows as wide as the drawing; and the height it takes."""
    if len(series) < 2:
        return [], 8
    out, x, y = [], 4.0, 4
    for i, s in enumerate(series):
        width = 20 + _text_width(s.label) + 12
        if x > 4 and x + width > WIDTH:
            x, y = 4.0, y + LEGEND_ROW
        out.append(
            f'<rect class="{_css(s, i)}" x="{x:.0f}" y="{y + 3}" width="14" height="14" rx="2"/>'
            f'<text x="{x + 19:.0f}" y="{y + 15}" font-size="{FONT}">{escape(s.label)}</text>'
        )
        x += width
    return out, y + LEGEND_ROW


def _frame(
    title: str, top: float, unit: str, layout: _Layout, body: list[str], labels: Sequence[str]
) -> SafeString:
    chart_id = f"chart-{next(_ids)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {layout.height}" role="img" '
        f'aria-labelledby="{chart_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        *layout.legend,
    ]
    for fraction in (0, 0.5, 1):
        y = layout.y(top * fraction, top)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{LEFT - 6}" y="{y + 5:.1f}" font-size="{FONT}" '
            f'text-anchor="end">{escape(_number(top * fraction, unit))}</text>'
        )
    slot = _slot(labels)
    for i, label in enumerate(labels):
        parts.append(
            f'<text class="chart-axis" x="{LEFT + slot * (i + 0.5):.1f}" '
            f'y="{layout.bottom + FONT + 6}" font-size="{FONT}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts += body
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above


@dataclass(frozen=True)
class _Layout:
    legend: list[str]
    plot_top: float

    @property
    def bottom(self) -> float:
        return self.plot_top + PLOT_HEIGHT

    @property
    def height(self) -> float:
        return self.bottom + BOTTOM

    def y(self, value: float, top: float) -> float:
        return self.bottom - PLOT_HEIGHT * value / top


def _layout(series: Sequence[Series]) -> _Layout:
    legend, height = _legend(series)
    return _Layout(legend, height + 14)  # room for the value written above the highest bar


def _slot(labels: Sequence[str]) -> float:
    return (WIDTH - LEFT - RIGHT) / max(len(labels), 1)


def _whole(series: Sequence[Series]) -> bool:
    return all(isinstance(v, int) for s in series for v in s.values if v is not None)


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    unit: str = "",
    top: float | None = None,
) -> SafeString:
    """One bar per label for one series; several series side by side, or ``stacked`` one on
    another with the total above. A missing value (``None``) draws nothing."""
    columns = list(zip(*(s.values for s in series), strict=True)) if series else []
    if stacked:
        highest = max((sum(v or 0 for v in col) for col in columns), default=0)
    else:
        highest = max((v or 0 for col in columns for v in col), default=0)
    top = top or _nice_top(highest, whole=_whole(series))
    layout = _layout(series)
    slot = _slot(labels)
    groups = 1 if stacked else max(len(series), 1)
    bar_w = slot * 0.7 / groups
    body = []
    for i, (label, column) in enumerate(zip(labels, columns, strict=True)):
        below = 0.0  # what the bars under this one add up to, in a stack
        for j, (s, value) in enumerate(zip(series, column, strict=True)):
            if value is None:
                continue
            x = LEFT + slot * i + slot * 0.15 + (0 if stacked else j * bar_w)
            y_top = layout.y(below + value if stacked else value, top)
            y_base = layout.y(below if stacked else 0, top)
            body.append(
                f'<rect class="{_css(s, j)}" x="{x:.1f}" y="{y_top:.1f}" width="{bar_w:.1f}" '
                f'height="{y_base - y_top:.1f}"><title>{escape(_tip(label, s.label, value, unit))}'
                "</title></rect>"
            )
            if groups == 1 and not stacked:
                body.append(_value_text(x + bar_w / 2, y_top, value, unit))
            if stacked:
                below += value
        if stacked and any(v is not None for v in column):
            x = LEFT + slot * i + slot / 2
            body.append(_value_text(x, layout.y(below, top), below, unit))
    return _frame(title, top, unit, layout, body, labels)


def _value_text(x: float, y: float, value: float | int, unit: str) -> str:
    return (
        f'<text class="chart-value" x="{x:.1f}" y="{y - 5:.1f}" font-size="{FONT}" '
        f'text-anchor="middle">{escape(_number(value, unit))}</text>'
    )


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    top: float | None = None,
) -> SafeString:
    """A line per series through its points; a missing value (``None``) breaks the line."""
    highest = max((v or 0 for s in series for v in s.values), default=0)
    top = top or _nice_top(highest, whole=_whole(series))
    layout = _layout(series)
    slot = _slot(labels)
    lines, points = [], []
    for j, s in enumerate(series):
        runs: list[list[tuple[float, float]]] = [[]]
        for i, (label, value) in enumerate(zip(labels, s.values, strict=True)):
            if value is None:
                runs.append([])
                continue
            x, y = LEFT + slot * (i + 0.5), layout.y(value, top)
            runs[-1].append((x, y))
            points.append(
                f'<circle class="{_css(s, j)}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                f"<title>{escape(_tip(label, s.label, value, unit))}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                lines.append(
                    f'<polyline class="chart-line-s{j % PALETTE}" fill="none" points="{coords}"/>'
                )
    return _frame(title, top, unit, layout, lines + points, labels)
