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

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 40, 36
FONT = 12
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | None]


def _number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{unit}"
    return f"{int(value)}{unit}"


def _nice_top(value: float) -> float:
    """The axis's top: 1, 2, 2.5 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover  (the loop ends at 10)


def _tip(label: str, series: str, value: float | int | None, unit: str) -> str:
    name = f"{label} {series}" if series else label
    return f"{name}：{_number(value, unit)}"


def _text_width(text: str) -> float:
    """About how wide ``text`` is drawn: a CJK character is as wide as the font is tall."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.6 for ch in text)


def _legend(series: Sequence[Series]) -> list[str]:
    if len(series) < 2:
        return []
    out, x = [], LEFT
    for i, s in enumerate(series):
        out.append(
            f'<rect class="chart-s{i % 6}" x="{x}" y="8" width="12" height="12" rx="2"/>'
            f'<text x="{x + 16}" y="18" font-size="{FONT}">{escape(s.label)}</text>'
        )
        x += 16 + _text_width(s.label) + 14
    return out


def _frame(title: str, top: float, unit: str, body: list[str], labels: Sequence[str]) -> str:
    chart_id = f"chart-{next(_ids)}"
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{LEFT - 6}" y="{y + 4:.1f}" font-size="{FONT}" '
            f'text-anchor="end">{escape(_number(top * fraction, unit))}</text>'
        )
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for i, label in enumerate(labels):
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text class="chart-axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'font-size="{FONT}" text-anchor="middle">{escape(label)}</text>'
        )
    parts += body
    parts.append("</svg>")
    return "".join(parts)


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
    top = top or _nice_top(highest)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    groups = 1 if stacked else max(len(series), 1)
    bar_w = slot * 0.7 / groups
    body = _legend(series)
    for i, (label, column) in enumerate(zip(labels, columns, strict=True)):
        base = TOP + plot_h
        for j, (s, value) in enumerate(zip(series, column, strict=True)):
            if value is None:
                continue
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.15 + (0 if stacked else j * bar_w)
            y = base - h if stacked else TOP + plot_h - h
            tip = _tip(label, s.label, value, unit)
            body.append(
                f'<rect class="chart-s{j % 6}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}"><title>{escape(tip)}</title></rect>'
            )
            if not stacked and groups == 1:
                body.append(
                    f'<text class="chart-value" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" '
                    f'font-size="{FONT}" text-anchor="middle">{escape(_number(value, unit))}</text>'
                )
            if stacked:
                base -= h
        if stacked and any(v is not None for v in column):
            total = sum(v or 0 for v in column)
            x = LEFT + slot * i + slot / 2
            body.append(
                f'<text class="chart-value" x="{x:.1f}" y="{base - 4:.1f}" font-size="{FONT}" '
                f'text-anchor="middle">{escape(_number(total, unit))}</text>'
            )
    return mark_safe(_frame(title, top, unit, body, labels))  # every text above is escaped


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
    top = top or _nice_top(highest)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    body = _legend(series)
    for j, s in enumerate(series):
        runs: list[list[tuple[float, float]]] = [[]]
        for i, (label, value) in enumerate(zip(labels, s.values, strict=True)):
            if value is None:
                runs.append([])
                continue
            x, y = LEFT + slot * (i + 0.5), TOP + plot_h * (1 - value / top)
            runs[-1].append((x, y))
            tip = _tip(label, s.label, value, unit)
            body.append(
                f'<circle class="chart-s{j % 6}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                f"<title>{escape(tip)}</title></circle>"
            )
            if len(series) == 1:
                body.append(
                    f'<text class="chart-value" x="{x:.1f}" y="{y - 8:.1f}" font-size="{FONT}" '
                    f'text-anchor="middle">{escape(_number(value, unit))}</text>'
                )
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                line = f'<polyline class="chart-line-s{j % 6}" fill="none" points="{points}"/>'
                body.insert(0, line)
    return mark_safe(_frame(title, top, unit, body, labels))  # every text above is escaped
