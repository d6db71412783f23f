from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Community listening and feedback"

    def ready(self) -> None:
        from coproduction import navigation
        from coproduction.roles import Capability
        from meetings.services import decision_status_changed

        from . import home, personal_data, telling  # noqa: F401 - registers attention items, personal data, links

        decision_status_changed.connect(telling.on_decision_status_changed, dispatch_uid="engagement-telling")

        navigation.register(navigation.NavItem("Listening", "engagement:home", Capability.LOG_LISTENING),
                            before="My profile")
        navigation.register(navigation.NavItem("Feedback trail", "engagement:trail", Capability.VIEW_FEEDBACK_TRAIL),
                            before="My profile")
