from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Recruitment, onboarding and development"

    def ready(self) -> None:
        from coproduction import navigation
        from coproduction.roles import Capability

        from . import home, personal_data  # noqa: F401 - they register attention items and personal data

        navigation.register(navigation.NavItem("Recruitment", "recruitment_overview", Capability.MANAGE_PEOPLE),
                            before="Audit trail")
        navigation.register(navigation.NavItem("My role", "my_role", Capability.VIEW_OWN), before="My profile")
