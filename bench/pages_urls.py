"""URLs for bench/pages.py: the portal's, and a bare signed-in page (the portal's layout and nothing else)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


@login_required
def bare_page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


class ServerTiming:
    """How long the server spent on the request (all middleware included), as a Server-Timing header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


urlpatterns = [path("bench/bare/", bare_page), path("", include("coproduction.urls"))]
