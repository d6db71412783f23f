"""The one-click stop for messages telling people what changed: public (people who gave feedback have no
account); the signed token in the link is the key, and a wrong one gets 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import telling


@csrf_exempt  # the signed token is the key; mail apps send RFC 8058 one-click POSTs without a form
@require_http_methods(["GET", "POST"])
def stop_telling(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (link checkers in mail systems open links, and must not stop anything); POST stops."""
    contact = telling.contact_for_token(token)
    if contact is None:
        raise Http404("Not found")
    stopped = False
    if request.method == "POST":
        telling.contact_stop(contact=contact)
        stopped = True
    response = render(request, "engagement/stop_telling.html", {"stopped": stopped or contact.stopped_at is not None})
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response
