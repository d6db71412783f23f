from __future__ import annotations

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Involvement payments and expenses"

    def ready(self) -> None:
        from coproduction import navigation
        from coproduction.navigation import NavItem
        from coproduction.roles import Capability

        navigation.register(NavItem("Payments", "payments:index", Capability.CLAIM_PAYMENTS,
                                    or_capabilities=(Capability.APPROVE_CLAIMS, Capability.AUTHORISE_PAYMENTS,
                                                     Capability.VIEW_ALL_CLAIMS)), before="My profile")

        from django.db.models.signals import post_save

        from meetings.models import Attendance

        from . import home, personal_data  # noqa: F401 - they register attention items and personal data
        from .signals import attendance_saved

        post_save.connect(attendance_saved, sender=Attendance, dispatch_uid="payments_attendance_activity")
