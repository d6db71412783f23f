"""Sign-in events go to the audit trail; a changed second factor ends other sessions; after every migrate the
Admin group holds exactly the Django admin permissions of `roles.ADMIN_SITE`."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from allauth.usersessions.models import UserSession
from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .audit import record_event
from .middleware import forget_second_factor
from .roles import Role, admin_site_codenames


def grant_admin_site_permissions(app_config: AppConfig | None = None, **kwargs: Any) -> None:
    """The Admin group's Django admin permissions: exactly those of `roles.ADMIN_SITE`, no more.

    Django sends post_migrate once per app; the permissions of every app exist after the last one's, so the
    group is set then, once per migrate (and per flush between tests).
    """
    if app_config is not None and app_config is not _last_app_with_models():
        return
    wanted = admin_site_codenames()
    found = Permission.objects.filter(codename__in={codename for _app, codename in wanted}).values_list(
        "pk", "content_type__app_label", "codename")
    group, _ = Group.objects.get_or_create(name=Role.ADMIN.value)
    group.permissions.set([pk for pk, app_label, codename in found if (app_label, codename) in wanted])


def _last_app_with_models() -> AppConfig:
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


post_migrate.connect(grant_admin_site_permissions, dispatch_uid="coproduction.admin_site_permissions")


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event("signed_in", actor=user, path=getattr(request, "path", ""))


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event("signed_out", actor=user)


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only which account was tried; never the password.
    email = str(credentials.get("email") or credentials.get("username") or "")[:120]
    record_event("sign_in_failed", detail=f"account {email}", path=getattr(request, "path", "") or "")


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def _sign_in_security_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A changed second factor ends every other session of that person."""
    record_event("second_factor_changed", actor=user, detail=str(kwargs.get("authenticator", ""))[:100])
    session = getattr(request, "session", None)
    if session is not None:
        forget_second_factor(session)
    current = getattr(session, "session_key", None)
    for session in UserSession.objects.filter(user_id=user.pk).exclude(session_key=current):
        session.end()
