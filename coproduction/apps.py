from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    name = "coproduction"
    verbose_name = "People and groups"

    def ready(self) -> None:
        from django import forms

        from . import home, personal_data, signals  # noqa: F401
        from .formtools import ListedChoiceIterator

        # Every model choice field in the portal (and the admin's) lists its rows with one query.
        forms.ModelChoiceField.iterator = ListedChoiceIterator
