"""The feedback trail as the board sees it: figures with small counts hidden, on screen, in CSV and in the
PDF board paper (WeasyPrint). One place builds the rows, so the three always agree."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from coproduction.exports import csv_text
from meetings import packs as meeting_packs
from meetings import services as meeting_services

from .charts import period_label, share_bars, stacked_bars, theme_series
from .consent import BOARD, count_label, is_quote, share_label, shown_text
from .models import BoardPaperExport, FeedbackItem
from .selectors import Trail, TrailFilters, feedback_trail
from .summary import current_state
from .told_counts import told_counts

DECISION_STATUS = {"agreed": "Agreed", "in_progress": "In progress", "done": "Done", "stopped": "Stopped"}


def _days(value: float | None, sample: int) -> str:
    if value is None or sample < 5:
        return "not shown (fewer than 5)"
    days = round(value)
    return f"{days} day{'s' if days != 1 else ''}"


def trail_view_model(trail: Trail, *, today: Any = None) -> dict[str, Any]:
    """Display-ready figures; every count passes through count_label (1-4 become "fewer than 5")."""
    today = today or timezone.localdate()
    by_month = trail.filters.by_month()
    series = theme_series(trail.themes_over_time)
    periods = [period_label(p, by_month) for p in trail.periods]
    headline = [
        ("Feedback heard", count_label(trail.total)),
        ("Informed a decision", count_label(trail.informed)),
        ("Share that informed a decision", share_label(trail.informed, trail.total)),
        ("People told what happened (loop closed)", count_label(trail.closed)),
        ("Share of loops closed", share_label(trail.closed, trail.total)),
        ("Still open", count_label(trail.open)),
        ("Median time from hearing to a decision", _days(trail.median_days_to_decision, trail.decision_sample)),
        ("Median time from hearing to telling people back",
         _days(trail.median_days_to_told_back, trail.told_back_sample)),
    ]
    status_rows = [(label, count_label(trail.by_status.get(value, 0))) for value, label in FeedbackItem.Status.choices]
    audiences = [(row["event__audiences__name"], count_label(row["n"])) for row in trail.audiences]
    theme_table = [
        {"theme": row["theme"], "colour": row["colour"], "cells": [count_label(n) for n in row["counts"]],
         "total": count_label(sum(row["counts"]))}
        for row in series
    ]
    localities = [
        {"name": row["name"], "total": count_label(row["total"]), "informed": count_label(row["informed"]),
         "closed": count_label(row["closed"]), "share": share_label(row["closed"], row["total"])}
        for row in trail.localities
    ]
    chain = [
        {"theme": row["theme__name"], "heard": count_label(row["heard"]), "informed": count_label(row["informed"]),
         "decisions": row["decisions"], "decisions_moving": row["decisions_moving"],
         "decisions_done": row["decisions_done"], "told_back": count_label(row["told_back"]),
         "not_taken": count_label(row["not_taken"])}
        for row in trail.chain
    ]
    decisions = [
        {"id": row["decision_id"], "title": row["decision__title"],
         "status": DECISION_STATUS.get(row["decision__status"], row["decision__status"]),
         "decided_on": row["decision__decided_on"], "items": count_label(row["items"]),
         "told_back": count_label(row["told_back"])}
        for row in trail.decisions
    ]
    waiting = [
        {"text": shown_text(item, BOARD), "quote": is_quote(item, BOARD), "status": item.get_status_display(),
         "heard_on": item.heard_on, "days": (today - item.heard_on).days,
         "place": str(item.locality) if item.locality_id else "County-wide",
         "themes": ", ".join(t.name for t in item.themes.all())}
        for item in trail.waiting
    ]
    return {
        "filters": trail.filters, "headline": headline, "status_rows": status_rows, "audiences": audiences,
        "periods": periods, "theme_table": theme_table, "localities": localities, "chain": chain,
        "decisions": decisions, "waiting": waiting,
        "theme_chart": stacked_bars("chart-themes", trail.periods, series, by_month) if trail.periods else "",
        "locality_chart": share_bars("chart-localities", trail.localities) if trail.localities else "",
        "by_month": by_month,
    }


TRAIL_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class TrailFigures:
    model: dict[str, Any]
    html: str  # the figures as the page shows them (engagement/includes/trail_tables.html)
    key: str = ""


# The figures most recently read in this process, by the same keys: a key names one version of the rows (and
# one rebuild's token), so what it holds never changes, and reading it here saves unpickling the trail from the
# shared cache on every visit. Callers only read the figures.
_RECENT_SIZE = 32
_recent: OrderedDict[str, Any] = OrderedDict()
_recent_lock = threading.Lock()


def _recently_used(key: str) -> Any:
    with _recent_lock:
        value = _recent.get(key)
        if value is not None:
            _recent.move_to_end(key)
        return value


def _remember(key: str, value: Any) -> None:
    with _recent_lock:
        _recent[key] = value
        _recent.move_to_end(key)
        while len(_recent) > _RECENT_SIZE:
            _recent.popitem(last=False)


def cached_html(figures: TrailFigures, part: str, render: Callable[[], str]) -> str:
    """Another piece of the trail page that only changes with the rows (e.g. the filter form, whose choices
    are themes and localities: both watched by the triggers), cached beside the figures."""
    key = f"{figures.key}:{hashlib.sha256(part.encode()).hexdigest()}"
    html = _recently_used(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = mark_safe(render())  # noqa: S308 - rendered by the portal's own templates
            cache.set(key, html, TRAIL_CACHE_SECONDS)
        _remember(key, html)
    return html


def cached_trail(filters: TrailFilters) -> TrailFigures:
    """The trail for these filters, rendered once per version of the rows behind it: the key holds the
    version the database triggers raise on every change (`engagement.summary`), so a cached figure never
    differs from the rows, in any process."""
    state = current_state()
    today = timezone.localdate()
    place = filters.as_dict()
    key = (f"engagement:trail:{state.version}:{state.token}:{today.isoformat()}:{place['date_from']}:"
           f"{place['date_to']}:{place['locality']}:{place['theme']}")
    figures = _recently_used(key)
    if figures is None:
        figures = cache.get(key)
        if figures is None:
            model = trail_view_model(feedback_trail(filters), today=today)
            html = (render_to_string("engagement/includes/trail_tables.html", {"model": model, "links": True})
                    + render_to_string("engagement/includes/told_counts.html", {"told_rows": told_counts(filters)}))
            figures = TrailFigures(model=model, html=html, key=key)
            cache.set(key, figures, TRAIL_CACHE_SECONDS)
        _remember(key, figures)
    return figures


def trail_csv(model: dict[str, Any]) -> str:
    """The trail's tables in one CSV file (section, then rows), with the same hidden small counts. Theme and
    decision names are typed by people: the one safe writer keeps them from being read as formulas."""
    filters = model["filters"]
    rows: list[list[Any]] = [
        ["Feedback trail", f"{filters.date_from:%d/%m/%Y} to {filters.date_to:%d/%m/%Y}", filters.place,
         str(filters.theme or "All themes")],
        [], ["Summary", "Figure"], *model["headline"],
        [], ["Status", "Items"], *model["status_rows"],
        [], ["Group reached", "Items"], *model["audiences"],
        [], ["Theme", *model["periods"], "Total"],
    ]
    rows += [[row["theme"], *row["cells"], row["total"]] for row in model["theme_table"]]
    rows += [[], ["Locality", "Heard", "Informed a decision", "Loops closed", "Share of loops closed"]]
    rows += [[row["name"], row["total"], row["informed"], row["closed"], row["share"]] for row in model["localities"]]
    rows += [[], ["Theme", "Heard", "Informed a decision", "Decisions", "Decisions under way or done",
                  "Decisions done", "Told back", "Not taken forward (reason given)"]]
    rows += [[row["theme"], row["heard"], row["informed"], row["decisions"], row["decisions_moving"],
              row["decisions_done"], row["told_back"], row["not_taken"]] for row in model["chain"]]
    rows += [[], ["Decision", "Decided on", "Progress", "Feedback items", "Told back"]]
    rows += [[row["title"], f"{row['decided_on']:%d/%m/%Y}", row["status"], row["items"], row["told_back"]]
             for row in model["decisions"]]
    return csv_text(rows)


def trail_pdf(model: dict[str, Any], *, title: str, prepared_by: str) -> bytes:
    """The board paper as PDF bytes (WeasyPrint; no network: base_url is never fetched)."""
    from weasyprint import HTML

    html = render_to_string("engagement/trail_paper.html", {"model": model, "title": title, "prepared_by": prepared_by,
                                                             "prepared_on": timezone.localdate()})
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The board paper fetches nothing from outside ({url}).")


def paper_title(model: dict[str, Any]) -> str:
    filters = model["filters"]
    theme = f", {filters.theme}" if filters.theme else ""
    return (f"Feedback trail: {filters.place}{theme}, "
            f"{filters.date_from:%-d %B %Y} to {filters.date_to:%-d %B %Y}")


def paper_create(*, by: Any, model: dict[str, Any]) -> BoardPaperExport:
    """Render the board paper and keep it in private storage under a server-made name."""
    title = paper_title(model)
    content = trail_pdf(model, title=title, prepared_by=by.get_full_name())
    name = default_storage.save(f"engagement/papers/{uuid.uuid4().hex}.pdf", ContentFile(content))
    return BoardPaperExport.objects.create(created_by=by, title=title, filters=model["filters"].as_dict(),
                                           storage_name=name, size=len(content))


class PaperNotAdded(Exception):
    """The meetings app refused the paper (for example: the pack has gone out and the chair must approve)."""


def paper_add_to_meeting(*, paper: BoardPaperExport, meeting: Any, by: Any) -> BoardPaperExport:
    """Add the board paper to the meeting's papers, through the meetings app's services (a new paper with
    the PDF as its first version; checked by content and stored there like any upload). The link is kept
    here too, so the trail knows which meeting each paper went to."""
    with transaction.atomic():
        locked = BoardPaperExport.objects.select_for_update().get(pk=paper.pk)
        if not locked.meeting_paper_ref:
            with default_storage.open(locked.storage_name, "rb") as handle:
                content = handle.read()
            record = _add_meeting_paper(meeting=meeting, title=locked.title, content=content, by=by)
            locked.meeting_paper_ref = str(record.pk)
        locked.meeting, locked.added_to_meeting_at = meeting, timezone.now()
        locked.save()
    return locked


def _add_meeting_paper(*, meeting: Any, title: str, content: bytes, by: Any) -> Any:
    summary = ("The board's feedback trail: what people told Experts by Experience leaders, which decisions "
               "it shaped, and whether people were told what happened.")
    try:
        record = meeting_services.paper_create(meeting=meeting, title=title[:200], by=by)
        meeting_services.paper_version_add(paper=record, by=by, summary=summary, content=content,
                                           filename="feedback-trail.pdf")
    except meeting_packs.LateApprovalNeeded as error:
        raise PaperNotAdded(
            "The papers for this meeting have already gone out, so a new paper needs a reason and the chair's "
            "approval. Ask the co-production manager to add it from the meeting's page."
        ) from error
    return record
