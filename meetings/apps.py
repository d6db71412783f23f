from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, papers and decisions"

    def ready(self) -> None:
        from coproduction import attention, navigation
        from coproduction.navigation import NavItem
        from coproduction.roles import Capability

        from . import home, personal_data  # noqa: F401 - personal_data registers its sections

        navigation.register(NavItem("Meetings", "meetings:meeting_list", Capability.VIEW_OWN), before="My profile")
        navigation.register(NavItem("Decisions", "meetings:decision_list", Capability.VIEW_OWN), before="My profile")
        attention.register(home.meeting_attention)
