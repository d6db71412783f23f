"""Forms for meetings. Rules live in services; forms parse and explain mistakes in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.utils import timezone

from coproduction.formtools import SpecificErrors, within
from coproduction.models import GovernanceGroup, User

from .deadlines import LONDON
from .files import max_paper_bytes
from .models import (
    AccessibleFormatRequest,
    AgendaItem,
    Attendance,
    CommunicationNeeds,
    Decision,
    Meeting,
    NoticeRule,
)

DATE_ATTRS = {"class": "govuk-input govuk-input--width-10", "type": "date"}
TIME_ATTRS = {"class": "govuk-input govuk-input--width-5", "type": "time"}


def people() -> Any:
    return User.objects.filter(is_active=True).order_by("full_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class MeetingForm(SpecificErrors, forms.Form):
    REPEAT_CHOICES = [("none", "Just this meeting"), ("weekly", "Every week"), ("fortnightly", "Every two weeks"),
                      ("monthly", "Every month on the same weekday (for example, the second Tuesday)")]

    group = forms.ModelChoiceField(queryset=GovernanceGroup.objects.order_by("name"), label="Group",
                                   empty_label="Choose a group",
                                   error_messages={"required": "Choose the group that is meeting"})
    title = forms.CharField(max_length=200, label="Title",
                            error_messages={"required": "Enter a title for the meeting"})
    date = within(forms.DateField(label="Date", widget=forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"),
                                  help_text="For example, 17/3/2027.", input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                  error_messages={"required": "Enter the date of the meeting",
                                                  "invalid": "Enter a real date, for example 17/3/2027"}), "meeting")
    start_time = forms.TimeField(label="Starts at", widget=forms.TimeInput(attrs=TIME_ATTRS, format="%H:%M"), help_text="For example, 10:00.",
                                 error_messages={"required": "Enter the time the meeting starts, for example 10:00"})
    end_time = forms.TimeField(label="Ends at", widget=forms.TimeInput(attrs=TIME_ATTRS, format="%H:%M"), help_text="For example, 12:00.",
                               error_messages={"required": "Enter the time the meeting ends, for example 12:00"})
    place = forms.CharField(max_length=300, required=False, label="Place (optional)",
                            help_text="Address or room, if it meets in person.")
    online_details = forms.CharField(max_length=500, required=False, label="How to join online (optional)")
    accessibility = forms.CharField(required=False, label="Access information (optional)",
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text="For example: step-free access, a quiet room, captions.")
    chair = PersonChoiceField(queryset=people(), required=False, label="Chair (optional)",
                              empty_label="Not decided yet")
    repeat = forms.ChoiceField(choices=REPEAT_CHOICES, initial="none", widget=forms.RadioSelect,
                               label="Does it repeat?")
    count = forms.IntegerField(min_value=1, max_value=24, initial=1, label="How many meetings in total",
                               help_text="Including this one. Up to 24.")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people()
        fields = [Field.select("group"), Field.text("title", field_width=Fluid.TWO_THIRDS), Field("date"),
                  Field("start_time"), Field("end_time"), Field.text("place", field_width=Fluid.TWO_THIRDS),
                  Field.text("online_details", field_width=Fluid.TWO_THIRDS), Field.textarea("accessibility"),
                  Field.select("chair")]
        if editing:
            del self.fields["repeat"], self.fields["count"], self.fields["group"]
            fields = fields[1:]
        else:
            fields += [Field.radios("repeat", legend_size=Size.SMALL), Field.text("count", field_width=Fixed.TWO)]
        self.helper = _helper(*fields, submit="Save changes" if editing else "Plan the meeting")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if all(data.get(key) for key in ("date", "start_time", "end_time")):
            data["starts_at"] = dt.datetime.combine(data["date"], data["start_time"], tzinfo=LONDON)
            data["ends_at"] = dt.datetime.combine(data["date"], data["end_time"], tzinfo=LONDON)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", "The end time must be after the start time.")
        if not data.get("place") and not data.get("online_details"):
            self.add_error("place", "Enter a place, or how to join online, or both.")
        return data

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.starts_at, LONDON), timezone.localtime(meeting.ends_at, LONDON)
        return {"title": meeting.title, "date": start.date(), "start_time": start.time(), "end_time": end.time(),
                "place": meeting.place, "online_details": meeting.online_details,
                "accessibility": meeting.accessibility, "chair": meeting.chair}





class CancelForm(SpecificErrors, forms.Form):
    reason = forms.CharField(max_length=300, label="Why is the meeting cancelled?",
                             error_messages={"required": "Say why the meeting is cancelled"},
                             help_text="Everyone invited will see this.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("reason"), submit="Yes, cancel the meeting")


class AgendaItemForm(SpecificErrors, forms.ModelForm):
    lead = PersonChoiceField(queryset=people(), required=False, label="Who leads this item (optional)",
                             empty_label="No one named")

    class Meta:
        model = AgendaItem
        fields = ["title", "purpose", "lead", "minutes_allowed"]
        labels = {"purpose": "What is the item for?", "minutes_allowed": "Minutes allowed (optional)"}
        widgets = {"purpose": forms.RadioSelect}

    def __init__(self, *args: Any, submit: str = "Add to the agenda", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people()
        self.helper = _helper(Field.text("title", field_width=Fluid.TWO_THIRDS),
                              Field.radios("purpose", legend_size=Size.SMALL), Field.select("lead"),
                              Field.text("minutes_allowed", field_width=Fixed.TWO), submit=submit)


class PaperVersionForm(SpecificErrors, forms.Form):
    """A file or text written here, with the plain-words summary (and a reason when it is late)."""

    file = forms.FileField(required=False, label="Upload the paper",
                           help_text="PDF, Word (.docx), Markdown (.md) or plain text (.txt), up to 20 megabytes (MB).")
    written_text = forms.CharField(required=False, label="Or write the paper here",
                                   widget=forms.Textarea(attrs={"rows": 10}),
                                   help_text="Plain text. Leave empty if you upload a file.")
    summary = forms.CharField(label="Summary in plain words", widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="One short paragraph: what the paper is about and what it asks for.")
    late_reason = forms.CharField(required=False, label="Why is this paper late?",
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="The pack has gone out. The chair must approve a late or changed paper.")

    def __init__(self, *args: Any, late: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = late
        fields = [Field("file"), Field.textarea("written_text"), Field.textarea("summary")]
        if late:
            fields.append(Field.textarea("late_reason"))
        else:
            del self.fields["late_reason"]
        self.helper = _helper(*fields, submit="Save the paper")
        self.helper.form_tag = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload and upload.size > max_paper_bytes():
            self.add_error("file", f"The file is too big. Papers can be up to {max_paper_bytes() // 1048576} megabytes.")
        if not upload and not (data.get("written_text") or "").strip():
            self.add_error("file", "Upload a file, or write the paper in the box.")
        if upload and (data.get("written_text") or "").strip():
            self.add_error("written_text", "Upload a file or write the paper, not both.")
        if self.late and not (data.get("late_reason") or "").strip():
            self.add_error("late_reason", "Give the reason the paper is late.")
        return data


class PaperForm(PaperVersionForm):
    """A new paper: its title, agenda item and author; the paper itself can follow later."""

    title = forms.CharField(max_length=200, label="Title of the paper")
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False,
                                         label="Agenda item (optional)", empty_label="Not linked to an item")
    author = PersonChoiceField(queryset=people(), required=False, label="Who writes it",
                               empty_label="You", help_text="They get reminders before the deadline.")
    later = forms.BooleanField(required=False, label="The paper will come later: remind the author")

    field_order = ["title", "agenda_item", "author", "later", "file", "written_text", "summary", "late_reason"]

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["author"].queryset = people()
        self.fields["summary"].required = False
        fields = [Field.text("title", field_width=Fluid.TWO_THIRDS), Field.select("agenda_item"),
                  Field.select("author"), Field.checkbox("later"), Field("file"), Field.textarea("written_text"),
                  Field.textarea("summary")]
        if self.late:
            fields.append(Field.textarea("late_reason"))
        self.helper = _helper(*fields, submit="Add the paper")

    def clean(self) -> dict[str, Any]:
        if self.data.get(self.add_prefix("later")):
            data = forms.Form.clean(self)
            return data
        data = super().clean()
        if not (data.get("summary") or "").strip():
            self.add_error("summary", "Write a short summary of the paper in plain words.")
        return data


class ReasonForm(SpecificErrors, forms.Form):
    reason = forms.CharField(label="Why are the papers late?", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="The chair sees this, and it shows on the notice report.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), submit="Ask the chair to approve")


class LateDecisionForm(SpecificErrors, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Yes, approve the late papers"),
                                          ("refuse", "No, do not approve")],
                                 widget=forms.RadioSelect, label="Do you approve?")
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("decision", legend_size=Size.MEDIUM), Field.text("note"),
                              submit="Save my decision")


class FormatRequestForm(SpecificErrors, forms.Form):
    format = forms.ChoiceField(choices=AccessibleFormatRequest.Format.choices, widget=forms.RadioSelect,
                               label="What would help you?")
    note = forms.CharField(max_length=500, required=False, label="Anything else we should know (optional)",
                           help_text="For example, the address for paper copies if it has changed.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("format", legend_size=Size.MEDIUM), Field.text("note"),
                              submit="Send my request")


class GuestForm(SpecificErrors, forms.Form):
    person = PersonChoiceField(queryset=people(), label="Person to invite", empty_label="Choose a person")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()
        self.helper = _helper(Field.select("person"), submit="Invite as a guest")


class AttendanceForm(SpecificErrors, forms.Form):
    CHOICES = [("", "Did not attend"), *Attendance.Mode.choices]

    def __init__(self, *args: Any, invited: list[User], current: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = invited
        for person in invited:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                choices=self.CHOICES, required=False, widget=forms.RadioSelect, label=person.full_name,
                initial=current.get(person.pk, ""))
        self.helper = _helper(*[Field.radios(name, legend_size=Size.SMALL, inline=True) for name in self.fields],
                              submit="Save attendance")

    def entries(self) -> dict[int, str | None]:
        return {person.pk: self.cleaned_data.get(f"person_{person.pk}") or None for person in self.people}


class MinutesForm(SpecificErrors, forms.Form):
    text = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 16}),
                           help_text="Plain text. Saved as a draft until a later meeting approves them.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("text"), submit="Save the draft")


class MinutesApproveForm(SpecificErrors, forms.Form):
    at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Approved at which meeting?",
                                        empty_label="Choose the meeting")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(
            group_id=meeting.group_id, starts_at__gt=meeting.starts_at).exclude(status=Meeting.Status.CANCELLED)
        self.helper = _helper(Field.select("at_meeting"), submit="Record approval")


class MinutesCommentForm(SpecificErrors, forms.Form):
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                           help_text="Say what you would change and why. The chair answers every comment.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("text"), submit="Send my comment")


class MinutesAnswerForm(SpecificErrors, forms.Form):
    decision = forms.ChoiceField(label="Your answer", widget=forms.RadioSelect, choices=[
        ("accept", "Accept: the minutes will be changed"), ("answer", "Answer without changing the minutes")])
    answer = forms.CharField(label="What you say to them", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Needed when you do not change the minutes.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("decision", legend_size=Size.SMALL), Field.textarea("answer"),
                              submit="Save my answer")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "answer" and not (data.get("answer") or "").strip():
            self.add_error("answer", "Write your answer to the comment.")
        return data


class DecisionForm(SpecificErrors, forms.ModelForm):
    owner = PersonChoiceField(queryset=people(), required=False, label="Who carries it out (optional)",
                              empty_label="No one named")

    class Meta:
        model = Decision
        fields = ["title", "decision", "rationale", "agenda_item", "owner", "due_on", "status"]
        labels = {"title": "Short title", "decision": "What was decided", "rationale": "Why (optional)",
                  "agenda_item": "Agenda item (optional)", "due_on": "Due by (optional)", "status": "Status"}
        widgets = {"due_on": forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"), "status": forms.RadioSelect,
                   "decision": forms.Textarea(attrs={"rows": 4}), "rationale": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"due_on": "For example, 17/3/2027."}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].empty_label = "Not linked to an item"
        self.fields["owner"].queryset = people()
        self.fields["due_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        within(self.fields["due_on"], "due")
        self.helper = _helper(Field.text("title", field_width=Fluid.TWO_THIRDS), Field.textarea("decision"),
                              Field.textarea("rationale"), Field.select("agenda_item"), Field.select("owner"),
                              Field("due_on"), Field.radios("status", legend_size=Size.SMALL),
                              submit="Save the decision")


class NoticeRuleForm(SpecificErrors, forms.ModelForm):
    class Meta:
        model = NoticeRule
        fields = ["days", "kind"]
        labels = {"days": "Days of notice", "kind": "Count"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].max_value = 60
        self.helper = _helper(Field.text("days", field_width=Fixed.TWO), Field.radios("kind", legend_size=Size.SMALL),
                              submit="Save the rule")


class DecisionSearchForm(SpecificErrors, forms.Form):
    q = forms.CharField(required=False, label="Search decisions", max_length=100)
    group = forms.ModelChoiceField(queryset=GovernanceGroup.objects.order_by("name"), required=False,
                                   label="Group", empty_label="All groups")
    status = forms.ChoiceField(choices=[("", "Any status"), *Decision.Status.choices], required=False,
                               label="Status")


class PeriodForm(SpecificErrors, forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"),
                            input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    end = forms.DateField(label="To", widget=forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"),
                          input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the period must be after its start.")
        return data


class AcknowledgeForm(SpecificErrors, forms.Form):
    """Why a finding of the plain-language check is fine as it is. One per finding, with its own prefix."""

    reason = forms.CharField(label="Why is this fine as it is?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Say why this is fine as it is."})


class OverrideForm(SpecificErrors, forms.Form):
    reason = forms.CharField(label="Why can this paper go out as it is?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Everyone who can see the paper's check will see your reason.",
                             error_messages={"required": "Give the reason the paper can go out as it is."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), submit="Let this paper go out as it is")


class RewriteSaveForm(SpecificErrors, forms.Form):
    """Save the suggested changes as a new version. `proposal` is the digest of the text the author reviewed,
    so a paper or glossary that changed in between is shown again rather than saved unseen."""

    proposal = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "Look at the changes again, then choose to save them."})
    late_reason = forms.CharField(required=False, label="Why is this paper changing after the pack went out?",
                                  max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="The chair must approve a changed paper once the pack has gone out.",
                                  error_messages={"required": "Give the reason the paper is changing."})

    def __init__(self, *args: Any, late: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field("proposal")]
        if late:
            self.fields["late_reason"].required = True
            fields.append(Field.textarea("late_reason"))
        else:
            del self.fields["late_reason"]
        self.helper = _helper(*fields, submit="Save these changes as a new version")


class CommunicationNeedsForm(SpecificErrors, forms.ModelForm):
    """A person's communication needs, recorded once for every meeting."""

    class Meta:
        model = CommunicationNeeds
        fields = ["large_print", "web_version", "audio", "printed_by_post", "postal_address", "easy_read",
                  "interpreter", "supporter", "note", "share_with_chairs"]
        labels = {"large_print": "Large print (a PDF in at least 16 point type)",
                  "web_version": "An accessible web version (works with screen readers and zoom)",
                  "audio": "Audio (the agenda and papers read aloud)",
                  "printed_by_post": "A printed copy by post",
                  "postal_address": "Address for printed copies (if you want them)",
                  "easy_read": "Easy read (short sentences with pictures, made by the team)",
                  "interpreter": "An interpreter at meetings: which language (optional)",
                  "supporter": "A supporter with me at meetings",
                  "note": "Anything else we should know (optional)",
                  "share_with_chairs": "The chairs of my meetings may see the support I need at meetings"}
        help_texts = {"share_with_chairs": "Only the interpreter or supporter, so they can plan the meeting. "
                                           "The co-production team always sees your needs, to arrange them.",
                      "interpreter": "For example, British Sign Language, or Polish."}
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.checkbox("large_print"), Field.checkbox("web_version"), Field.checkbox("audio"),
            Field.checkbox("printed_by_post"), Field.textarea("postal_address"), Field.checkbox("easy_read"),
            Field.text("interpreter"), Field.checkbox("supporter"), Field.text("note"),
            Field.checkbox("share_with_chairs"), submit="Save my needs")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("printed_by_post") and not (data.get("postal_address") or "").strip():
            self.add_error("postal_address", "Give the address the printed copies go to.")
        return data
