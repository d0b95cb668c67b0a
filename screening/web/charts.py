"""Charts drawn on the server as inline SVG: no script, no third-party library or CDN.

Colours come from presentation attributes and classes in our stylesheet (the
Content-Security-Policy allows no inline styles). Every chart has a title, a
description for screen readers and a <title> per mark for hover read-outs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
PALETTE = ("#1f5fa8", "#b3261e", "#1e7b45", "#9a6200", "#6b3fa0", "#0f7c8c", "#8a5a44", "#5f6b7a")


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10^n)."""
    if value <= 4:
        return max(value, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _frame(top: int, days: Sequence[date], label: str, summary: str) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title><desc>{escape(summary)}</desc>",
    ]
    for tick in (0, top // 2, top) if top > 1 else (0, top):
        y = TOP + plot_h - plot_h * tick / top
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    if days:
        step = plot_w / len(days)
        for i in range(0, len(days), max(1, len(days) // 6)):
            x = LEFT + step * (i + 0.5)
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
                f"{days[i].strftime('%d %b')}</text>"
            )
    return parts


def bar_chart(days: Sequence[date], values: Sequence[int], label: str) -> Markup:
    """One bar per day."""
    top = _nice_max(max(values, default=0))
    summary = (
        f"{label}: {values[-1] if values else 0} on the last day, at most {max(values, default=0)}."
    )
    parts = _frame(top, days, label, summary)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(days))
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        height = plot_h * value / top
        parts.append(
            f'<rect class="bar" x="{LEFT + step * i + step * 0.1:.1f}" '
            f'y="{TOP + plot_h - height:.1f}" width="{step * 0.8:.1f}" height="{height:.1f}" '
            f'fill="{PALETTE[0]}"><title>{day.isoformat()}: {value}</title></rect>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(days: Sequence[date], series: dict[str, Sequence[int]], label: str) -> Markup:
    """One line per series, with a legend below the plot."""
    top = _nice_max(max((max(v, default=0) for v in series.values()), default=0))
    last = ", ".join(f"{name} {values[-1]}" for name, values in series.items() if values)
    parts = _frame(top, days, label, f"{label} on the last day: {last or 'none'}.")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(days))
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{LEFT + step * (i + 0.5):.1f},{TOP + plot_h - plot_h * v / top:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline class="series" points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2"><title>{escape(name)}: {values[-1] if values else 0} '
            "open on the last day</title></polyline>"
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{PALETTE[n % len(PALETTE)]}"/></svg>'
        f"{escape(name)}</li>"
        for n, name in enumerate(series)
    )
    return Markup("".join(parts) + f'<ul class="legend">{legend}</ul>')
