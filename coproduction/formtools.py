"""Shared pieces for every app's forms: the date input, putting a service's errors on a form, and error
messages that say what to do (GOV.UK style) instead of Django's "This field is required."."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.utils import pretty_name

from . import bounds


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def within(field: forms.Field, window: str | None = None, *, cap: str | None = None) -> forms.Field:
    """Name the window a date field keeps to, or the cap an amount keeps under (see `coproduction.bounds`)."""
    if window is not None:
        field.window = window  # type: ignore[attr-defined]
    if cap is not None:
        field.cap = cap  # type: ignore[attr-defined]
    return field
DATE_CSS = "govuk-input govuk-input--width-10"

# Words that open a label that is already a clause ("What was decided", "Who leads this item").
_CLAUSE_WORDS = {"what", "why", "how", "who", "whom", "which", "when", "where", "whether", "if"}
_DJANGO_DEFAULTS = {
    code: {str(cls.default_error_messages[code]) for cls in (
        forms.Field, forms.CharField, forms.ChoiceField, forms.MultipleChoiceField, forms.ModelChoiceField,
        forms.ModelMultipleChoiceField, forms.FileField, forms.ImageField, forms.DateField, forms.TimeField,
        forms.DateTimeField, forms.DecimalField, forms.IntegerField, forms.FloatField, forms.EmailField,
        forms.URLField, forms.BooleanField, forms.TypedChoiceField) if code in cls.default_error_messages}
    for code in ("required", "invalid", "invalid_choice", "invalid_list", "invalid_pk_value", "missing", "empty",
                 "invalid_image", "max_digits", "max_decimal_places", "max_whole_digits")
}

_VALIDATOR_DEFAULTS = {validator.code: str(validator.message) for validator in (
    validators.MinValueValidator, validators.MaxValueValidator, validators.MaxLengthValidator,
    validators.MinLengthValidator)}


def _label(field: forms.Field, name: str) -> str:
    text = str(field.label or pretty_name(name)).strip()
    text = re.sub(r"\s*\(optional\)\s*", " ", text, flags=re.I).strip().rstrip(":")
    return text


def _phrase(label: str) -> str:
    """The label as words inside a sentence: "Short title" -> "the short title", "What was decided" ->
    "what was decided", "ICB name" -> "the ICB name"."""
    first = label.split(" ", 1)[0]
    lowered = label if (len(first) > 1 and first[1].isupper()) else label[:1].lower() + label[1:]
    if first.lower() in _CLAUSE_WORDS or lowered.startswith(("your ", "the ", "a ", "an ", "their ")):
        return lowered
    return f"the {lowered}"


def specific_messages(field: forms.Field, name: str) -> dict[str, str]:
    """What to say when `field` is empty or wrong, built from its label. A message set by hand always wins."""
    label = _label(field, name)
    question = label.endswith("?")
    phrase = _phrase(label.rstrip("?"))
    if isinstance(field, forms.BooleanField):
        required = f"Tick the box if {phrase[:1].lower() + phrase[1:]}" if question else f"Tick the box: {label}"
    elif isinstance(field, forms.FileField):
        required = "Choose a file to upload"
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        required = f"Choose an answer to “{label}”" if question else f"Choose {phrase}"
    elif isinstance(field, forms.DateField):
        required = f"Enter {phrase}" if "date" in label.lower() else f"Enter the date for “{label}”"
    elif isinstance(field, forms.TimeField):
        required = f"Enter the time for “{label}”, for example 10:00"
    else:
        required = f"Answer “{label}”" if question else f"Enter {phrase}"
    messages = {
        "required": required,
        "invalid_choice": f"Choose one of the options for “{label.rstrip('?')}”",
        "invalid_list": f"Choose one or more of the options for “{label.rstrip('?')}”",
        "invalid_pk_value": f"Choose one of the options for “{label.rstrip('?')}”",
        "min_value": f"“{label.rstrip('?')}” must be %(limit_value)s or more",
        "max_value": f"“{label.rstrip('?')}” must be %(limit_value)s or less",
        "max_length": f"“{label.rstrip('?')}” must be %(limit_value)d characters or fewer",
        "min_length": f"“{label.rstrip('?')}” must be at least %(limit_value)d characters",
        "max_digits": f"Enter a smaller number for “{label}”",
        "max_whole_digits": f"Enter a smaller number for “{label}”",
        "max_decimal_places": f"“{label}” can have at most 2 numbers after the point",
    }
    if isinstance(field, forms.DateField):
        messages["invalid"] = f"Enter a real date for “{label}”, for example 27/3/2026"
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = f"Enter a real time for “{label}”, for example 10:00 or 14:30"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"Enter a whole number for “{label}”, like 3"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"Enter a number for “{label}”, like 12.50"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address like name@example.com"
    elif isinstance(field, forms.FileField):
        messages.update(missing="Choose a file to upload", empty="The file you chose is empty: choose another",
                        invalid="Choose a file to upload")
    return messages


def _date_subject(label: str) -> str:
    if "date" in label.lower() and not label.endswith("?"):
        phrase = _phrase(label)
        return phrase[:1].upper() + phrase[1:]
    return f"The date for “{label}”"


def _add_bounds(field: forms.Field, name: str) -> None:
    """Every date keeps to a window around today and every amount to a cap, the field's own or the default."""
    if getattr(field, "_bounded", False):
        return
    field._bounded = True  # type: ignore[attr-defined]
    label = _label(field, name)
    if isinstance(field, forms.DateField):
        kind = getattr(field, "window", bounds.DEFAULT_WINDOW)
        field.validators.append(lambda value: bounds.check_date(value, kind=kind, label=_date_subject(label)))
    elif isinstance(field, forms.DecimalField) and (field.max_value is None or hasattr(field, "cap")):
        kind = getattr(field, "cap", bounds.DEFAULT_CAP)
        subject = f"“{label.rstrip('?')}”"
        field.validators.append(lambda value: bounds.check_amount(value, kind=kind, label=subject))
    elif isinstance(field, forms.IntegerField) and field.max_value is None:
        field.validators.append(validators.MaxValueValidator(100_000))
        if field.min_value is None:
            field.validators.append(validators.MinValueValidator(0))


class SpecificErrors:
    """Mixed into every form of the portal (before `forms.Form`): each field that still carries one of
    Django's general messages gets one that names the field and says what to do, and every date and amount
    gets sensible bounds (`coproduction.bounds`). Run just before validation, so fields added in `__init__`
    are covered too."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            _add_bounds(field, name)
            for code, message in specific_messages(field, name).items():
                current = field.error_messages.get(code)
                if code in _VALIDATOR_DEFAULTS:
                    custom = [v for v in field.validators if getattr(v, "code", None) == code
                              and str(v.message) != _VALIDATOR_DEFAULTS[code]]
                    if current is None and not custom:
                        field.error_messages[code] = message
                elif current is None or str(current) in _DJANGO_DEFAULTS.get(code, set()):
                    field.error_messages[code] = message
        super().full_clean()  # type: ignore[misc]


class PortalFormRenderer(DjangoTemplates):
    """Django's own form templates, except a select's: `templates/form_renderer/` writes each option in place
    of including a template per option, which drew a list of 25 choices three times slower (the same HTML)."""

    @cached_property
    def engine(self) -> Any:
        return self.backend({
            "APP_DIRS": True, "NAME": "portalforms", "OPTIONS": {},
            "DIRS": [Path(settings.BASE_DIR) / "templates" / "form_renderer",
                     Path(forms.__file__).resolve().parent / self.backend.app_dirname],
        })


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice list read with one plain query, however often it is counted and drawn.

    Django's own counts the rows (a query) whenever a template asks how many there are, then reads them through
    a server-side cursor (three more round trips on PostgreSQL); every select on a page paid for both. The rows
    are kept on this iterator, which a form's field and widget hold for one request only."""

    def _rows(self) -> list[Any]:
        if not hasattr(self, "_listed"):
            self._listed = list(self.queryset)
        return self._listed

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._rows():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self._rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._rows())
