from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Involvement payments and expenses"

    def ready(self) -> None:
        from coproduction import attention, navigation
        from coproduction.navigation import NavItem
        from coproduction.roles import Capability

        navigation.register(NavItem("Payments", "payments:index", Capability.VIEW_OWN), before="My profile")
        attention.register(_attention)

        from django.db.models.signals import post_save

        from meetings.models import Attendance

        from . import personal_data  # noqa: F401 - registers its personal data section
        from .signals import attendance_saved

        post_save.connect(attendance_saved, sender=Attendance, dispatch_uid="payments_attendance_activity")


def _attention(user: Any) -> list:
    """Claims returned to a leader; claims waiting for the manager or finance. Two queries at most."""
    from django.urls import reverse

    from coproduction.attention import AttentionItem
    from coproduction.roles import Capability, has_capability

    from .models import Claim

    items = []
    if has_capability(user, Capability.CLAIM_PAYMENTS):
        returned = Claim.objects.filter(person=user, status=Claim.Status.RETURNED).count()
        if returned:
            items.append(AttentionItem(title=f"{returned} claim(s) returned to you for changes",
                                       url=reverse("payments:index"), link_text="See your claims"))
    statuses = []
    if has_capability(user, Capability.APPROVE_CLAIMS):
        statuses.append(Claim.Status.SUBMITTED)
    if has_capability(user, Capability.AUTHORISE_PAYMENTS):
        statuses.append(Claim.Status.APPROVED)
    if statuses:
        waiting = Claim.objects.filter(status__in=statuses).exclude(person=user).count()
        if waiting:
            items.append(AttentionItem(title=f"{waiting} claim(s) waiting for your decision",
                                       url=reverse("payments:review_list"), link_text="Check claims"))
    return items
