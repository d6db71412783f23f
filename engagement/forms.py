"""Forms for listening events, feedback, links to decisions, updates, imports and the trail's filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from coproduction.formtools import SpecificErrors, within
from coproduction.models import Locality, PrimaryCareNetwork, User
from coproduction.pickers import limit_choices, selected_values
from coproduction.roles import Role
from meetings.models import Decision
from meetings.selectors import search_decisions

from .models import Audience, EventLeader, FeedbackItem, ListeningEvent, Theme
from .pii import describe, find_personal_details
from .selectors import COUNTY_WIDE

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y", "%d %B %Y", "%d %b %Y"]
DATE_HELP = "For example, 31/03/2026"


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_FORMATS, help_text=DATE_HELP,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input govuk-input--width-10",
                                                         "autocomplete": "off"}),
        error_messages={"invalid": "Enter a real date, for example 31/03/2026."}, **kwargs,
    )


def _not_in_future(value: dt.date | None) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError("The date must be today or in the past.")
    return value


class EventForm(SpecificErrors, forms.Form):
    title = forms.CharField(label="Name of the event", max_length=200,
                            help_text="For example: Drop-in at Frome library")
    held_on = within(_date_field("Date of the event"), "event")
    locality = forms.ModelChoiceField(Locality.objects.all(), required=False, empty_label="County-wide",
                                      label="Locality")
    network = forms.ModelChoiceField(PrimaryCareNetwork.objects.select_related("locality"), required=False,
                                     empty_label="Not one network", label="Primary care network (optional)")
    format = forms.ChoiceField(choices=ListeningEvent.Format.choices, widget=forms.RadioSelect,
                               label="What kind of event was it?")
    run_by = forms.ChoiceField(choices=ListeningEvent.RunBy.choices, widget=forms.RadioSelect,
                               label="Who ran it?", initial=ListeningEvent.RunBy.LEADERS)
    partner_name = forms.CharField(label="Partner organisation (if a partner ran it)", max_length=200,
                                   required=False)
    participants = forms.IntegerField(label="How many people took part?", min_value=0, max_value=100000,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    audiences = forms.ModelMultipleChoiceField(Audience.objects.filter(active=True), required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               label="Which groups of people did it reach?",
                                               help_text="Select all that apply.")
    leaders = forms.ModelMultipleChoiceField(
        User.objects.filter(is_active=True, groups__name=Role.LEADER.value).order_by("full_name"), required=False,
        widget=forms.CheckboxSelectMultiple, label="Which Experts by Experience leaders ran or helped at it?",
        help_text="Select all that apply. Their time can be claimed as involvement.")
    hours = forms.DecimalField(label="Hours each leader spent, including travel", min_value=Decimal("0"),
                               max_value=Decimal("24"), decimal_places=2, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               help_text="For example: 2.5")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="No names or contact details of the people who came.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("held_on"),
            Field.select("locality"),
            Field.select("network"),
            Field.radios("format", legend_size=Size.SMALL),
            Field.radios("run_by", legend_size=Size.SMALL),
            Field.text("partner_name", field_width=Fluid.TWO_THIRDS),
            Field.text("participants", field_width=Fluid.ONE_QUARTER),
            Field.checkboxes("audiences", legend_size=Size.SMALL),
            Field.checkboxes("leaders", legend_size=Size.SMALL),
            Field.text("hours", field_width=Fluid.ONE_QUARTER),
            Field.textarea("notes", rows=4),
        )

    def clean_held_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("held_on"))

    def clean_notes(self) -> str:
        notes = self.cleaned_data.get("notes", "")
        found = find_personal_details(notes)
        if found:
            raise forms.ValidationError(f"The notes have {describe(found)}. Remove it.")
        return notes

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        network, locality = data.get("network"), data.get("locality")
        if network and locality and network.locality_id != locality.pk:
            self.add_error("network", "That primary care network is in another locality.")
        if data.get("run_by") == ListeningEvent.RunBy.PARTNER and not data.get("partner_name"):
            self.add_error("partner_name", "Enter the name of the partner organisation.")
        return data

    def leader_rows(self) -> list[tuple[User, str, Decimal]]:
        hours = self.cleaned_data.get("hours") or Decimal("0")
        return [(person, EventLeader.Part.RAN, hours) for person in self.cleaned_data.get("leaders", [])]


class FeedbackForm(SpecificErrors, forms.Form):
    """What someone said. Warns when it finds a name, phone number or email and offers to remove it."""

    text = forms.CharField(
        label="What was said", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In the person's own words, as far as they agreed. Leave out names, phone numbers and emails.",
    )
    consent = forms.ChoiceField(
        choices=FeedbackItem.Consent.choices, widget=forms.RadioSelect, label="What did the person agree to?",
        help_text="Summary only: we keep your summary, not their words.",
    )
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Needed when the person agreed to a summary only. One or two sentences.")
    themes = forms.ModelMultipleChoiceField(Theme.objects.filter(active=True), widget=forms.CheckboxSelectMultiple,
                                            label="What is it about?", help_text="Select all that apply.",
                                            error_messages={"required": "Choose at least one theme."})
    locality = forms.ModelChoiceField(Locality.objects.all(), required=False, empty_label="County-wide",
                                      label="Locality")
    heard_on = within(_date_field("Date it was heard", required=False), "event")
    may_contact = forms.BooleanField(required=False, label="The person wants to be told what changed",
                                     help_text="We email them when a decision their feedback shaped moves on, "
                                               "and when we publish a \"you said, we did\" update from it.")
    contact_email = forms.EmailField(required=False, label="Their email address (optional)",
                                     help_text="Kept apart from what they said, and deleted when they stop "
                                               "the messages.")

    def __init__(self, *args: Any, event: ListeningEvent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.personal_details_found = False
        fields: list[Any] = [
            Field.textarea("text", rows=6),
            Field.radios("consent", legend_size=Size.SMALL),
            Field.textarea("summary", rows=3),
            Field.checkboxes("themes", legend_size=Size.SMALL),
        ]
        if event is None:
            fields += [Field.select("locality"), Field.text("heard_on")]
        else:
            del self.fields["locality"], self.fields["heard_on"]
        fields += [Field.checkbox("may_contact"), Field.text("contact_email", field_width=20)]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*fields)

    def clean_heard_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("heard_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        consent = data.get("consent")
        text, summary = data.get("text", "").strip(), data.get("summary", "").strip()
        if consent == FeedbackItem.Consent.SUMMARY and not summary:
            self.add_error("summary", "Write a summary: the person agreed to a summary only.")
        if consent and consent != FeedbackItem.Consent.SUMMARY and not text:
            self.add_error("text", "Write what was said.")
        if data.get("may_contact") and not data.get("contact_email") and "contact_email" not in self.errors:
            self.add_error("contact_email", "Add their email address, so we can tell them what changed.")
        for name, words in (("text", text), ("summary", summary)):
            if consent == FeedbackItem.Consent.SUMMARY and name == "text":
                continue
            found = find_personal_details(words)
            if found:
                self.personal_details_found = True
                self.add_error(name, f"This has {describe(found)}: "
                                     + ", ".join(f"'{m.text}'" for m in found[:5])
                                     + ". Remove it, or select 'Remove them for me'.")
        return data


class StatusForm(SpecificErrors, forms.Form):
    to_status = forms.ChoiceField(widget=forms.RadioSelect, label="Move this feedback to")
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when people were told back (say how) or it is not taken forward (the reason given back).",
    )

    def __init__(self, *args: Any, allowed: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = allowed
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("to_status", legend_size=Size.SMALL),
                                    Field.textarea("note", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("to_status") in (FeedbackItem.Status.TOLD_BACK, FeedbackItem.Status.NOT_TAKEN) and not (
            data.get("note") or ""
        ).strip():
            self.add_error("note", "Say how people were told, or the reason given back to them.")
        return data


def decision_choices() -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        Decision.objects.select_related("meeting").order_by("-decided_on", "title"), label="Decision",
        empty_label="Choose a decision",
    )
    field.label_from_instance = lambda d: f"{d.title} ({d.decided_on:%d %b %Y}, {d.get_status_display()})"
    return field


DECISION_SEARCH, EVENT_SEARCH = "find_decision", "find_event"  # the pickers' search boxes (GET parameters)


def _limit_decisions(form: forms.Form, name: str, words: str) -> None:
    """A constant number of decisions to choose from: the latest, or those matching the words typed."""
    shown = (search_decisions(Decision.objects.all(), query=words)
             .select_related(None).prefetch_related(None)  # the labels need neither owner nor meeting
             .order_by("-decided_on", "title"))
    limit_choices(form.fields[name], shown, selected=selected_values(form, name))


class LinkDecisionForm(SpecificErrors, forms.Form):
    how_it_shaped = forms.CharField(
        label="How did the feedback shape the decision?", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One sentence, in plain words. For example: People's waits led the board to fund evening clinics.",
    )

    def __init__(self, *args: Any, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"decision": decision_choices(), **self.fields}
        _limit_decisions(self, "decision", search)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("decision"), Field.textarea("how_it_shaped", rows=3))


class LinkGroupForm(SpecificErrors, forms.Form):
    theme = forms.ModelChoiceField(Theme.objects.all(), label="Theme", empty_label="Choose a theme")
    locality = forms.ChoiceField(label="Locality", required=False)
    how_it_shaped = forms.CharField(label="How did this feedback shape the decision?", max_length=500,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text="One sentence, in plain words.")

    def __init__(self, *args: Any, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"decision": decision_choices(), **self.fields}
        _limit_decisions(self, "decision", search)
        self.fields["locality"].choices = locality_choices(all_label="All localities")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("decision"), Field.select("theme"), Field.select("locality"),
                                    Field.textarea("how_it_shaped", rows=3))


def locality_choices(*, all_label: str) -> list[tuple[str, str]]:
    return [("", all_label), (COUNTY_WIDE, "County-wide only")] + [
        (str(loc.pk), loc.name) for loc in Locality.objects.all()
    ]


class ImportForm(SpecificErrors, forms.Form):
    file = forms.FileField(label="Upload a spreadsheet", help_text="A spreadsheet from Excel, or one saved as comma-separated values (CSV), up to 2 MB.")
    event = forms.ModelChoiceField(ListeningEvent.objects.none(), required=False, label="Event (optional)",
                                   empty_label="Not from one event",
                                   help_text="Rows without a date or locality take them from the event.")

    def __init__(self, *args: Any, events: Any, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        shown = (events.filter(title__icontains=search) if search else events).select_related(None).only(
            "title", "held_on")  # the label is the title and the date
        limit_choices(self.fields["event"], shown.order_by("-held_on", "-pk"), selected=selected_values(self, "event"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("file"), Field.select("event"))


class UpdateForm(SpecificErrors, forms.Form):
    title = forms.CharField(label="Title", max_length=150, help_text="For example: Evening appointments in Frome")
    you_said = forms.CharField(label="You said", widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="What people told us, in plain words. No names.")
    we_did = forms.CharField(label="We did", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="What changed, or what was decided and when it will happen.")
    locality = forms.ModelChoiceField(Locality.objects.all(), required=False, empty_label="County-wide")
    theme = forms.ModelChoiceField(Theme.objects.all(), required=False, empty_label="No one theme")

    def __init__(self, *args: Any, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decisions"] = forms.ModelMultipleChoiceField(
            Decision.objects.order_by("-decided_on", "title"),
            required=False, widget=forms.CheckboxSelectMultiple, label="Decisions it reports on (optional)",
            help_text="Select all that apply. The list shows the latest decisions and those you chose; find "
                      "others with the search above.",
        )
        _limit_decisions(self, "decisions", search)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS), Field.textarea("you_said", rows=4),
            Field.textarea("we_did", rows=4), Field.select("locality"), Field.select("theme"),
            Field.checkboxes("decisions", legend_size=Size.SMALL),
        )


class TrailFilterForm(SpecificErrors, forms.Form):
    date_from = _date_field("From")
    date_to = _date_field("To")
    locality = forms.ChoiceField(label="Locality", required=False)
    theme = forms.ModelChoiceField(Theme.objects.all(), required=False, empty_label="All themes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].choices = locality_choices(all_label="All localities")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.text("date_from"), Field.text("date_to"), Field.select("locality"),
                                    Field.select("theme"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        if data.get("date_from") and data.get("date_to") and (data["date_to"] - data["date_from"]).days > 3 * 366:
            self.add_error("date_from", "Choose a period of three years or less.")
        return data


class AddToMeetingForm(SpecificErrors, forms.Form):
    meeting = forms.ModelChoiceField(queryset=None, label="Add the board paper to this meeting",  # type: ignore[arg-type]
                                     empty_label="Choose a meeting",
                                     widget=forms.Select(attrs={"class": "govuk-select"}))

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = (
            lambda m: f"{m.group.name}: {m.title}, {timezone.localtime(m.starts_at):%-d %B %Y}"
        )
        # the soonest meetings only (any of them is still accepted), so the list does not grow with the diary
        limit_choices(self.fields["meeting"], meetings, selected=selected_values(self, "meeting"))
        # read from the choices already fetched: asking the queryset would read every meeting to come
        self.has_meetings = any(value != "" for value, _label in self.fields["meeting"].choices)
