"""What may be shown of a feedback item, to whom, and how small counts are hidden.

Two audiences:
- "team": the co-production manager, and the leader who logged the item. They see what was said when
  consent allows any use of the words (quote publicly, use internally); for "summary only" the summary.
- "board" (board members, the board paper, CSV exports, search results for the board): only words that
  may be quoted publicly are quoted. "Use internally" items show their summary if there is one, otherwise
  a note that the words are not quoted; "summary only" items show the summary.
In both, names, phone numbers and email addresses are removed again on the way out, whatever was saved.

Counts from 1 to 4 are shown as "fewer than 5" to the board, so nobody can be picked out from a small
group (0 is shown: nothing was heard). Shares and medians built on fewer than 5 items are not shown.
"""

from __future__ import annotations

from typing import Any

from coproduction.roles import Capability, has_capability

from .models import FeedbackItem
from .pii import remove_personal_details

SMALL_COUNT = 5
FEWER_THAN = "fewer than 5"
NOT_QUOTED = "Not quoted: the person agreed to internal use only."
TEAM = "team"
BOARD = "board"


def audience_for(user: Any, item: Any | None = None) -> str:
    """The manager sees team text; a leader sees team text of items they logged; everyone else, board."""
    if has_capability(user, Capability.MANAGE_LISTENING):
        return TEAM
    if item is not None and has_capability(user, Capability.LOG_LISTENING) and item.logged_by_id == user.pk:
        return TEAM
    return BOARD


def shown_text(item: Any, audience: str) -> str:
    """The words of one item this audience may see, with personal details removed."""
    consent = item.consent
    if consent == FeedbackItem.Consent.SUMMARY:
        return remove_personal_details(item.summary)
    if consent == FeedbackItem.Consent.INTERNAL and audience != TEAM:
        return remove_personal_details(item.summary) if item.summary else NOT_QUOTED
    return remove_personal_details(item.text or item.summary)


def is_quote(item: Any, audience: str) -> bool:
    """Whether shown_text is the person's own words (shown in quotation marks) or a summary."""
    if item.consent == FeedbackItem.Consent.SUMMARY or not item.text:
        return False
    return item.consent == FeedbackItem.Consent.QUOTE or audience == TEAM


def count_label(n: int | None) -> str:
    """A count as the board sees it: 1-4 become "fewer than 5"."""
    n = n or 0
    if 0 < n < SMALL_COUNT:
        return FEWER_THAN
    return f"{n:,}"


def share_label(part: int | None, whole: int | None) -> str:
    """A percentage, hidden when the part or the whole is small enough to pick people out."""
    part, whole = part or 0, whole or 0
    if whole < SMALL_COUNT or 0 < part < SMALL_COUNT:
        return "not shown (fewer than 5)"
    return f"{round(100 * part / whole)}%"


def share_value(part: int | None, whole: int | None) -> int | None:
    part, whole = part or 0, whole or 0
    if whole < SMALL_COUNT or 0 < part < SMALL_COUNT:
        return None
    return round(100 * part / whole)


def shown_count(n: int | None) -> int | None:
    """The number for charts: None when it must not be shown."""
    n = n or 0
    return None if 0 < n < SMALL_COUNT else n
