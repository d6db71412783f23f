"""Forms for recruitment, onboarding, the group agreement and the development record.

The public application is split into question pages (GOV.UK pattern): each step is one small form whose
cleaned answers are kept in the session, so nothing typed is lost between pages or on an error.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from coproduction.formtools import DATE_CSS, DATE_WIDGET, SpecificErrors, within
from coproduction.models import GovernanceGroup, Locality, Profile

from .models import Application, RecruitmentSettings, RoleDescription, TrainingRecord, Vacancy


def _helper(*fields: Any, button: str = "Continue") -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", button))
    return helper


# --- The public application: one question (or a small group) per page ----------------------------------------


class NameStep(SpecificErrors, forms.Form):
    full_name = forms.CharField(label="What is your name?", max_length=150,
                                help_text="The name you would like us to use.",
                                error_messages={"required": "Enter your name"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("full_name", label_size=Size.LARGE, label_tag="h1",
                                         field_width=Fluid.TWO_THIRDS, autocomplete="name"))


class ContactStep(SpecificErrors, forms.Form):
    email = forms.EmailField(label="Email address", max_length=254,
                             help_text="We send a receipt and a link to check your application here.",
                             error_messages={"required": "Enter your email address",
                                             "invalid": "Enter an email address like name@example.com"})
    phone = forms.CharField(label="Phone number (optional)", max_length=30, required=False,
                            help_text="Only if you would like us to phone or text you.")
    preferred_contact = forms.ChoiceField(label="How would you like us to contact you?",
                                          choices=Profile.ContactMethod.choices, widget=forms.RadioSelect,
                                          initial=Profile.ContactMethod.EMAIL,
                                          error_messages={"required": "Choose how you would like us to contact you"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS, autocomplete="email", spellcheck="false"),
            Field.text("phone", field_width=Fluid.ONE_HALF, autocomplete="tel"),
            Field.radios("preferred_contact", legend_size=Size.SMALL),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("preferred_contact") in {Profile.ContactMethod.PHONE, Profile.ContactMethod.TEXT} and not (
            data.get("phone") or ""
        ).strip():
            self.add_error("phone", "Enter a phone number, or choose another way for us to contact you")
        if data.get("preferred_contact") == Profile.ContactMethod.POST:
            self.add_error("preferred_contact", "Choose email, phone call or text message: "
                                                "we do not have your postal address")
        return data


class SupportStep(SpecificErrors, forms.Form):
    conversation_support = forms.MultipleChoiceField(
        label="What would help you at the conversation?", required=False,
        choices=Application.Support.choices, widget=forms.CheckboxSelectMultiple,
        help_text="If you are offered a conversation about the role. Choose any that help, or none.",
    )
    access_needs = forms.CharField(label="Anything else that would help (optional)", required=False,
                                   max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="For example: a quiet room, large print, a particular time of day.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkboxes("conversation_support", legend_size=Size.LARGE, legend_tag="h1"),
                              Field.textarea("access_needs"))


class InterestStep(SpecificErrors, forms.Form):
    interest = forms.CharField(
        label="Why are you interested in this role?", max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=("In your own words: what draws you to it, and any experience of services, caring or community "
                   "life you would bring. You do not need to tell us about your health or any diagnosis."),
        error_messages={"required": "Tell us why you are interested in this role"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("interest", label_size=Size.LARGE, label_tag="h1"))


class HeardStep(SpecificErrors, forms.Form):
    heard_via = forms.ChoiceField(label="How did you hear about this role?", choices=Application.Channel.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Choose how you heard about this role"})
    heard_locality = forms.ModelChoiceField(label="Where do you live? (optional)",
                                            queryset=Locality.objects.all(), required=False,
                                            empty_label="I would rather not say",
                                            help_text="This helps us reach every part of the county.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("heard_via", legend_size=Size.LARGE, legend_tag="h1"),
                              Field.select("heard_locality"))


class ConsentStep(SpecificErrors, forms.Form):
    consent = forms.BooleanField(
        label="I agree that the alliance may store the details I have given",
        error_messages={"required": "Tick the box to agree that we may store your details, so we can reply"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = RecruitmentSettings.load().retention_months
        self.fields["consent"].help_text = (
            "Only the co-production manager sees your application. If you join, it becomes part of your record. "
            f"If you do not join, we delete it {months} months after the final step."
        )
        self.retention_months = months
        self.helper = _helper(Field.checkbox("consent"))


APPLICATION_STEPS: list[tuple[str, str, type[forms.Form]]] = [
    ("name", "Your name", NameStep),
    ("contact", "How we contact you", ContactStep),
    ("support", "Help at the conversation", SupportStep),
    ("interest", "Why you are interested", InterestStep),
    ("heard", "How you heard about the role", HeardStep),
    ("consent", "Storing your details", ConsentStep),
]


def step_to_session(form: forms.Form) -> dict[str, Any]:
    """Cleaned answers in a form the session can hold (JSON)."""
    data: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        data[name] = value.pk if hasattr(value, "pk") else value
    return data


def password_helper() -> FormHelper:
    """Layout for Django's SetPasswordForm on the invitation page."""
    return _helper(Field.text("new_password1", field_width=Fluid.TWO_THIRDS, autocomplete="new-password"),
                   Field.text("new_password2", field_width=Fluid.TWO_THIRDS, autocomplete="new-password"),
                   button="Set my password")


# --- The manager's forms ------------------------------------------------------------------------------------


class RoleDescriptionForm(SpecificErrors, forms.Form):
    title = forms.CharField(label="Role title", max_length=150)
    purpose = forms.CharField(label="Why the role exists", widget=forms.Textarea(attrs={"rows": 3}))
    what_you_do = forms.CharField(label="What you will do", widget=forms.Textarea(attrs={"rows": 5}))
    time_commitment = forms.CharField(label="How much time it takes", max_length=300,
                                      help_text="For example: about 6 hours a month, mostly weekday daytimes.")
    locality = forms.ModelChoiceField(label="Where", queryset=Locality.objects.all(), required=False,
                                      empty_label="County-wide")
    how_paid = forms.CharField(label="How it is paid", widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="The rate, and that expenses are paid. Say that payment can be declined.")
    support_offered = forms.CharField(label="Support and training we offer", widget=forms.Textarea(attrs={"rows": 3}))
    relevant_experience = forms.CharField(
        label="What lived experience is relevant", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In everyday words. Never ask for a diagnosis.",
    )

    def __init__(self, *args: Any, fixed_title: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_title:
            self.fields["title"].disabled = True
        self.helper = _helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS), Field.textarea("purpose"),
            Field.textarea("what_you_do"), Field.text("time_commitment"), Field.select("locality"),
            Field.textarea("how_paid"), Field.textarea("support_offered"), Field.textarea("relevant_experience"),
            button="Publish this version",
        )


class VacancyForm(SpecificErrors, forms.Form):
    role = forms.ModelChoiceField(label="Role description", queryset=RoleDescription.objects.all(),
                                  help_text="The vacancy uses the latest published version.")
    group = forms.ModelChoiceField(label="Group (optional)", queryset=GovernanceGroup.objects.all(),
                                   required=False, empty_label="Not for one group")
    places = forms.IntegerField(label="Number of places", min_value=1, max_value=50, initial=1)
    closing_on = within(forms.DateField(label="Closing date", widget=DATE_WIDGET), "due")
    locality = forms.ModelChoiceField(label="Locality", queryset=Locality.objects.all(), required=False,
                                      empty_label="County-wide")
    introduction = forms.CharField(label="A few words at the top of the advert (optional)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Status", choices=Vacancy.Status.choices, widget=forms.RadioSelect,
                               initial=Vacancy.Status.OPEN)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.select("role"), Field.select("group"), Field.text("places", field_width=3),
            Field("closing_on", css_class=DATE_CSS), Field.select("locality"),
            Field.textarea("introduction"), Field.radios("status", legend_size=Size.SMALL),
            button="Save vacancy",
        )


class VacancyStatusForm(SpecificErrors, forms.Form):
    status = forms.ChoiceField(label="Change the status", choices=Vacancy.Status.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("status", legend_size=Size.MEDIUM, inline=True),
                              button="Change status")


class ConversationForm(SpecificErrors, forms.Form):
    on = within(forms.DateField(label="Date of the conversation", widget=DATE_WIDGET), "meeting")
    at = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    details = forms.CharField(label="How and where", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="For example: a phone call from Sam; or at the Frome library, room 2. "
                                        "This goes in the email to the applicant.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("on", css_class=DATE_CSS), Field("at", css_class=DATE_CSS),
                              Field.textarea("details"), button="Arrange the conversation")


class NoteForm(SpecificErrors, forms.Form):
    note = forms.CharField(label="A note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, button: str = "Confirm", note_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if note_label:
            self.fields["note"].label = note_label
        self.fields["note"].help_text = "Write it kindly: it is included in the email to the applicant."
        self.helper = _helper(Field.textarea("note"), button=button)


class AgreementForm(SpecificErrors, forms.Form):
    text = forms.CharField(label="The agreement", widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Plain text. Leave a blank line between paragraphs.")
    what_changed = forms.CharField(label="What changed from the last version", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="People read this first when they are asked to sign again.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("text"), Field.textarea("what_changed"),
                              button="Publish and ask everyone to sign")


class SignForm(SpecificErrors, forms.Form):
    typed_name = forms.CharField(label="Type your full name to sign", max_length=150,
                                 help_text="Typing your name here is your signature.",
                                 error_messages={"required": "Type your full name to sign the agreement"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("typed_name", field_width=Fluid.TWO_THIRDS, autocomplete="name"),
                              button="Sign the agreement")


class FirstMeetingForm(SpecificErrors, forms.Form):
    note = forms.CharField(label="Which meeting will be your first?", max_length=200,
                           help_text="For example: Operational Group, Tuesday 3 March.",
                           error_messages={"required": "Say which meeting will be your first"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("note", field_width=Fluid.TWO_THIRDS), button="Save")


class BenefitsAdviceForm(SpecificErrors, forms.Form):
    """Independent benefits advice was offered; did the leader take it up? (Nothing about their benefits.)"""

    ANSWERS = {"yes": True, "no": False, "later": None}
    taken = forms.ChoiceField(label="Did they take up the offer?", widget=forms.RadioSelect, choices=[
        ("yes", "Yes, they took it up"), ("no", "No, not wanted (their choice)"), ("later", "Not decided yet")],
        help_text="Record only this. Never write down anything about their benefits.",
        error_messages={"required": "Choose whether they took up the offer of benefits advice"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("taken", legend_size=Size.MEDIUM), button="Save")

    @property
    def advice_taken(self) -> bool | None:
        return self.ANSWERS[self.cleaned_data["taken"]]


class TrainingForm(SpecificErrors, forms.Form):
    title = forms.CharField(label="Training", max_length=200)
    detail = forms.CharField(label="Details (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    offered_on = forms.DateField(label="Offered on", widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title", field_width=Fluid.TWO_THIRDS), Field.textarea("detail"),
                              Field("offered_on", css_class=DATE_CSS), button="Add training")


class GoalForm(SpecificErrors, forms.Form):
    goal = forms.CharField(label="Your goal", max_length=300,
                           help_text="Something you would like to learn or do. Only you and the "
                                     "co-production manager see it.")
    steps = forms.CharField(label="How you plan to get there (optional)", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("goal", field_width=Fluid.TWO_THIRDS), Field.textarea("steps"),
                              button="Add goal")


class CertificateForm(SpecificErrors, forms.Form):
    title = forms.CharField(label="What is the certificate for?", max_length=150)
    training = forms.ModelChoiceField(label="Which training (optional)", queryset=TrainingRecord.objects.none(),
                                      required=False, empty_label="Not linked to training")
    file = forms.FileField(label="Upload the certificate", help_text="A photo or a PDF, up to 10 MB.")

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = TrainingRecord.objects.filter(person=person)
        self.helper = _helper(Field.text("title", field_width=Fluid.TWO_THIRDS), Field.select("training"),
                              Field("file"), button="Upload certificate")
