from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    name = "coproduction"
    verbose_name = "People and groups"

    def ready(self) -> None:
        from . import home, personal_data, signals  # noqa: F401
