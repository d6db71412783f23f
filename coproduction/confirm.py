"""One confirmation page for every action that cannot be undone (it sends, pays, publishes, removes or decides).

The page says what will happen in plain words (who, what, how much), with a "Yes, ..." button that posts to the
action and a "No, go back" link. A GET only shows the page; nothing changes until the POST. Views use it in one
of two ways:

* the button on a page is a link (or a GET form, when it carries ticked boxes) to the action's address, whose GET
  answers with `confirmation_page`, and whose POST acts;
* a form that carries typed words (a reason, a note) posts them to the action, which answers a POST that is not
  `is_confirmed` with the confirmation page (the words kept in hidden fields), and acts on the confirmed one.

`tests/security/confirmations.py` lists every such action and `tests/security/test_confirmations.py` checks each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    question: str  # the page's heading, a question: "Send the pack to 12 people?"
    button: str  # starts with "Yes, ": "Yes, send the pack"
    back_url: str  # where "No, go back" leads: the page the button was on
    details: Sequence[str] = ()  # what will happen, one plain sentence each
    warning: str = "This cannot be undone."
    caption: str = ""
    action_url: str = ""  # where the "Yes" posts; the page's own address when empty
    hidden: Mapping[str, str | Sequence[str]] = field(default_factory=dict)  # carried from the page before
    warning_button: bool = False  # a red button, for removing or refusing


def is_confirmed(request: HttpRequest) -> bool:
    """A POST from a confirmation page's "Yes" button."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The page that asks first. It changes nothing."""
    hidden = [(name, value) for name, values in confirmation.hidden.items()
              for value in ([values] if isinstance(values, str) else values)]
    return render(request, "coproduction/confirm.html", {
        "confirmation": confirmation, "action_url": confirmation.action_url or request.path, "hidden": hidden})
