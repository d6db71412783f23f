"""Accessible SVG charts for the feedback trail (the same figures are always given in a table too).

Each chart is an <svg role="img"> with a <title> and <desc>, presentation attributes only (no style
attributes, so the Content Security Policy holds), and counts under 5 left out (the table says
"fewer than 5").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .consent import share_value, shown_count

# GOV.UK palette colours: distinct, and 3:1 or more against white.
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#912b88", "#28a197", "#505a5f", "#003078"]
MAX_SERIES = 8
OTHER = "Other themes"


def period_label(period: dt.date, by_month: bool) -> str:
    if by_month:
        return period.strftime("%b %Y")
    return f"{period.strftime('%b')}\u2013{(period.replace(day=28) + dt.timedelta(days=62)).strftime('%b %Y')}"


def theme_series(themes_over_time: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most eight themes by name, the rest added together as "Other themes"."""
    series = [dict(row) for row in themes_over_time[:MAX_SERIES]]
    rest = themes_over_time[MAX_SERIES:]
    if rest:
        counts = [sum(row["counts"][i] for row in rest) for i in range(len(rest[0]["counts"]))]
        series.append({"theme": OTHER, "counts": counts, "total": sum(counts)})
    for index, row in enumerate(series):
        row["colour"] = PALETTE[index % len(PALETTE)]
    return series


def _svg_open(uid: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="engagement-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{uid}-title {uid}-desc" focusable="false">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]


def stacked_bars(uid: str, periods: list[dt.date], series: list[dict[str, Any]], by_month: bool) -> SafeString:
    """Items by theme over time: one stacked bar per month (or quarter), one colour per theme."""
    width, height, left, right, top, bottom = 720, 320, 48, 12, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    stacks = [sum(shown_count(row["counts"][i]) or 0 for row in series) for i in range(len(periods))]
    peak = max([*stacks, 1])
    scale = plot_h / peak
    desc = ("Stacked bars: feedback items heard in each "
            f"{'month' if by_month else 'quarter'}, coloured by theme. Counts under 5 are left out. "
            "The table below gives the same figures.")
    parts = _svg_open(uid, "Feedback by theme over time", desc, width, height)
    for fraction in (0, 0.5, 1):
        y = top + plot_h - fraction * plot_h
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6" '
                     'stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#0b0c0c">'
                     f"{round(fraction * peak)}</text>")
    slot = plot_w / max(len(periods), 1)
    bar = max(slot * 0.7, 2)
    for i, period in enumerate(periods):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for row in series:
            value = shown_count(row["counts"][i])
            if not value:
                continue
            h = value * scale
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{row["colour"]}">'
                f'<title>{escape(row["theme"])}, {escape(period_label(period, by_month))}: {value}</title></rect>'
            )
        label_x = x + bar / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{top + plot_h + 14}" font-size="11" fill="#0b0c0c" text-anchor="end" '
            f'transform="rotate(-40 {label_x:.1f} {top + plot_h + 14})">{escape(period_label(period, by_month))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def share_bars(uid: str, localities: list[dict[str, Any]]) -> SafeString:
    """Share of loops closed (told back or reason given) per locality, as horizontal bars out of 100%."""
    row_h, left, right, top = 34, 200, 70, 10
    width, height = 720, top + row_h * max(len(localities), 1) + 24
    plot_w = width - left - right
    desc = ("Horizontal bars: for each locality, the share of feedback where people were told what happened "
            "(told back, or the reason it was not taken forward). Shares built on fewer than 5 items are "
            "not shown. The table below gives the same figures.")
    parts = _svg_open(uid, "Share of loops closed per locality", desc, width, height)
    for i, row in enumerate(localities):
        y = top + i * row_h
        share = share_value(row["closed"], row["total"])
        parts.append(f'<text x="{left - 8}" y="{y + 20}" text-anchor="end" font-size="13" fill="#0b0c0c">'
                     f'{escape(row["name"])}</text>')
        parts.append(f'<rect x="{left}" y="{y + 6}" width="{plot_w}" height="20" fill="#f3f2f1" '
                     'stroke="#b1b4b6" stroke-width="1"/>')
        if share is None:
            parts.append(f'<text x="{left + 8}" y="{y + 20}" font-size="12" fill="#0b0c0c">not shown '
                         "(fewer than 5)</text>")
            continue
        parts.append(f'<rect x="{left}" y="{y + 6}" width="{plot_w * share / 100:.1f}" height="20" fill="#00703c">'
                     f'<title>{escape(row["name"])}: {share}%</title></rect>')
        parts.append(f'<text x="{left + plot_w + 8}" y="{y + 20}" font-size="13" fill="#0b0c0c">{share}%</text>')
    axis_y = top + row_h * max(len(localities), 1) + 16
    for pct in (0, 50, 100):
        parts.append(f'<text x="{left + plot_w * pct / 100:.1f}" y="{axis_y}" font-size="11" fill="#0b0c0c" '
                     f'text-anchor="middle">{pct}%</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
