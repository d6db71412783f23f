"""Request-wide rules: a second factor for staff roles, and no caching of signed-in pages."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .roles import needs_second_factor

# Pages a staff member may reach before setting up their authenticator app.
_OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/healthz",
                  settings.STATIC_URL)


class StaffMustUseTwoFactorMiddleware:
    """Co-production managers, finance approvers and admins must set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and needs_second_factor(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PrivatePagesAreNotCachedMiddleware:
    """Pages shown to a signed-in person must not be kept by the browser or a proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
