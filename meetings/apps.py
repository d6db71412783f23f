from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, papers and decisions"

    def ready(self) -> None:
        from coproduction import navigation
        from coproduction.navigation import NavItem
        from coproduction.roles import Capability

        from . import home, personal_data  # noqa: F401 - they register attention items and personal data

        navigation.register(NavItem("Meetings", "meetings:meeting_list", Capability.VIEW_OWN), before="My profile")
        navigation.register(NavItem("Decisions", "meetings:decision_list", Capability.VIEW_OWN), before="My profile")
