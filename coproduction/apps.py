from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    name = "coproduction"
    verbose_name = "People and groups"

    def ready(self) -> None:
        from django import forms
        from django.db import models

        from . import home, personal_data, signals  # noqa: F401
        from .formtools import ListedChoiceIterator
        from .rowtools import use_choice_labels

        # Every model choice field in the portal (and the admin's) lists its rows with one query.
        forms.ModelChoiceField.iterator = ListedChoiceIterator
        # Every model's get_FOO_display() reads its field's labels from a dict made once (coproduction.rowtools).
        use_choice_labels(models.Model, self.apps.get_models(include_auto_created=True))
        # Every write through Django moves the kept pages' generation on (coproduction.kept_pages); a process that
        # starts may run new code or settings, so nothing kept before it is used again.
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import kept_pages

        connection_created.connect(kept_pages.watch, dispatch_uid="kept_pages.watch")
        for connection in connections.all(initialized_only=True):
            kept_pages.watch(connection)
        if kept_pages.seconds():
            kept_pages.move_on()
