"""Request-wide rules: a second factor for staff roles, no caching of signed-in pages, the session's
activity written at most once a minute, and figures kept for a person worked out again after they change
anything."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.usersessions.internal import usersessionkit
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware, get_user
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import keeping
from .roles import needs_second_factor

# Pages a staff member may reach before setting up their authenticator app.
_OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/healthz",
                  settings.STATIC_URL)

# How often a signed-in session's activity is written (its idle expiry moved on, allauth's "last seen",
# and the staff authenticator check): at most once in this many seconds.
ACTIVITY_INTERVAL_SECONDS = 60
_SEEN_KEY = "_activity_seen"     # [session key, unix time] of the last write
_TOTP_KEY = "_totp_seen"         # unix time the staff member's authenticator was last found


def _recent(value: object, now: float) -> bool:
    return isinstance(value, int | float) and 0 <= now - value < ACTIVITY_INTERVAL_SECONDS


def forget_second_factor(session: Any) -> None:
    """After the authenticators change, look them up again on the next request."""
    session.pop(_TOTP_KEY, None)


class PersonMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the person read at once rather than behind a lazy proxy: every
    page shows who is signed in and checks their roles, so the proxy saves no query, and each of the many
    reads of `request.user` a page makes went through it. (No session cookie: the anonymous user, no query.)"""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = get_user(request)


class SessionActivityMiddleware:
    """Instead of saving the session and allauth's user-session row on every request (SESSION_SAVE_EVERY_REQUEST
    and allauth's UserSessionsMiddleware): once a minute per session. The idle timeout (SESSION_COOKIE_AGE)
    therefore counts from the last write, at most a minute after the last request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.session_key:
            now = time.time()
            seen = session.get(_SEEN_KEY)
            fresh = (isinstance(seen, list) and len(seen) == 2 and seen[0] == session.session_key
                     and _recent(seen[1], now))
            if not fresh:
                usersessionkit.track_activity(request, user=user, session=session)
                session[_SEEN_KEY] = [session.session_key, int(now)]  # marks the session modified: saved
        return self.get_response(request)


class StaffMustUseTwoFactorMiddleware:
    """Co-production managers, finance approvers and admins must set up TOTP before anything else.

    Once found, the authenticator is looked up again at most once a minute for the session (so a removed
    authenticator sends the person to set one up within a minute; removing one also ends their other sessions).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and needs_second_factor(user)
            and not self._has_totp(request)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _has_totp(request: HttpRequest) -> bool:
        now = time.time()
        session = request.session
        if _recent(session.get(_TOTP_KEY), now):
            return True
        found = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        if found:
            session[_TOTP_KEY] = int(now)
        else:
            session.pop(_TOTP_KEY, None)
        return found


class ForgetKeptFiguresAfterChangesMiddleware:
    """After a signed-in person sends a form (any POST), figures kept from before it (their attention list, the
    notice report) are worked out again for them (`coproduction.keeping`; the time is noted in their session before
    the view runs, so the view's own redirect sees it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.user.is_authenticated and hasattr(request, "session"):
            keeping.note_change(request.session)
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
