from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Recruitment, onboarding and development"

    def ready(self) -> None:
        from coproduction import mail, navigation
        from coproduction.roles import Capability

        from . import home, personal_data  # noqa: F401 - they register attention items and personal data
        from .services import received_links, welcome_links

        # Links with a secret in them are made as the email is sent, never stored (coproduction/mail.py).
        mail.SEND_TIME_LINKS.update({"recruitment-received": received_links, "recruitment-welcome": welcome_links})

        navigation.register(navigation.NavItem("Recruitment", "recruitment_overview", Capability.MANAGE_PEOPLE),
                            before="Audit trail")
        navigation.register(navigation.NavItem("My role", "my_role", Capability.VIEW_OWN), before="My profile")
