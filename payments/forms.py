from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from coproduction.formtools import SpecificErrors, within

from . import crypto
from .limits import Rule
from .models import ActivityType, BenefitProfile, Claim, Expense, PayableActivity, PaymentDetails, PaymentRun

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"]
DATE_HINT = "For example, 27/3/2026"


def _date_field(label: str, window: str = "activity") -> forms.DateField:
    return within(forms.DateField(label=label, input_formats=DATE_FORMATS, help_text=DATE_HINT,
                           widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10",
                                                         "autocomplete": "off"}),
                           error_messages={"invalid": "Enter a real date, for example 27/3/2026."}), window)


def _money_field(label: str, *, required: bool = True, help_text: str = "", cap: str = "expense") -> forms.DecimalField:
    return within(forms.DecimalField(label=label, required=required, min_value=Decimal("0.01"), max_digits=11,
                              decimal_places=2, help_text=help_text,
                              widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
                              error_messages={"invalid": "Enter an amount in pounds, like 12.50."}), cap=cap)


class BenefitProfileForm(SpecificErrors, forms.ModelForm):
    rule = forms.ChoiceField(label="Which benefit rule applies to you?", required=False,
                             choices=[("", "I would rather not say"), *Rule.choices()], widget=forms.RadioSelect,
                             help_text="You do not have to tell us. If you do, the portal can warn you before a "
                                       "claim would affect your benefits.")

    class Meta:
        model = BenefitProfile
        fields = ["rule", "uc_period_start_day", "personal_cap"]
        help_texts = {
            "uc_period_start_day": "Universal Credit only. The day of the month your assessment period starts, "
                                   "for example 17. It is on your Universal Credit statement.",
            "personal_cap": "Optional. A limit lower than the rule's, for each week (or assessment period for "
                            "Universal Credit). We will stop a claim that would take you over it.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uc_period_start_day"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["uc_period_start_day"].validators.append(_day_validator)
        self.fields["personal_cap"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        within(self.fields["personal_cap"], cap="weekly")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("rule", legend_size=Size.MEDIUM),
            Field.text("uc_period_start_day", field_width=2),
            Field.text("personal_cap", field_width=5),
            Submit("save", "Save"),
        )


def _day_validator(value: int | None) -> None:
    if value is not None and not 1 <= value <= 31:
        raise forms.ValidationError("Enter a day from 1 to 31.")


class PaymentDetailsForm(SpecificErrors, forms.Form):
    preference = forms.ChoiceField(label="How would you like to be paid?", choices=PaymentDetails.Preference.choices,
                                   widget=forms.RadioSelect, help_text="You can change this at any time.")
    account_name = forms.CharField(label="Name on the account", required=False, max_length=100)
    sort_code = forms.CharField(label="Sort code", required=False, max_length=20, help_text="Six digits, like 30-99-50")
    account_number = forms.CharField(label="Account number", required=False, max_length=20,
                                     help_text="Eight digits")

    def __init__(self, *args: Any, has_bank: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_bank = has_bank
        if has_bank:
            for name in ("account_name", "sort_code", "account_number"):
                self.fields[name].help_text = "Leave empty to keep the details we have."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("preference", legend_size=Size.MEDIUM),
            Field.text("account_name", field_width=Fluid.TWO_THIRDS),
            Field.text("sort_code", field_width=5),
            Field.text("account_number", field_width=10),
            Submit("save", "Save"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [data.get(n) for n in ("account_name", "sort_code", "account_number")]
        if any(given):
            try:
                data["sort_code"] = crypto.clean_sort_code(data.get("sort_code", ""))
            except ValueError as exc:
                self.add_error("sort_code", str(exc))
            try:
                data["account_number"] = crypto.clean_account_number(data.get("account_number", ""))
            except ValueError as exc:
                self.add_error("account_number", str(exc))
            if not data.get("account_name"):
                self.add_error("account_name", "Enter the name on the account.")
        elif data.get("preference") == PaymentDetails.Preference.BANK and not self.has_bank:
            self.add_error("sort_code", "Enter your bank details to be paid by bank transfer.")
        return data


class ActivityForm(SpecificErrors, forms.Form):
    activity_type = forms.ModelChoiceField(label="What did you do?", queryset=ActivityType.objects.all(),
                                           empty_label="Choose one")
    date = _date_field("When did you do it?")
    hours = forms.DecimalField(label="How many hours?", min_value=Decimal("0.25"), max_value=24, decimal_places=2,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               help_text="Include reading and preparation time if it was agreed.")
    source = forms.ChoiceField(label="Was it part of a meeting or a listening event?", widget=forms.RadioSelect,
                               choices=PayableActivity.Source.choices, initial=PayableActivity.Source.LEADER)
    source_label = forms.CharField(label="Which meeting or event was it for?", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.select("activity_type"), Field.text("date"),
                                    Field.text("hours", field_width=4),
                                    Field.radios("source", legend_size=Size.SMALL),
                                    Field.text("source_label", field_width=Fluid.TWO_THIRDS),
                                    Submit("save", "Add this activity"))


class ClaimActivitiesForm(SpecificErrors, forms.Form):
    activities = forms.MultipleChoiceField(label="Which activities do you want to claim for?", required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text="Leave them all unticked to claim expenses only.")

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = choices
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.checkboxes("activities", legend_size=Size.MEDIUM),
                                    Submit("continue", "Continue"))


class ExpenseKindForm(SpecificErrors, forms.Form):
    kind = forms.ChoiceField(label="What kind of expense is it?", choices=Expense.Kind.choices,
                             widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM), Submit("continue", "Continue"))


class ExpenseForm(SpecificErrors, forms.Form):
    date = _date_field("Date of the journey or cost")
    miles = forms.DecimalField(label="How many miles?", required=False, min_value=Decimal("0.1"), max_value=2000,
                               decimal_places=1, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               help_text="There and back.")
    vehicle = forms.ChoiceField(label="Vehicle", required=False, choices=Expense.Vehicle.choices,
                                widget=forms.RadioSelect)
    amount = _money_field("Amount you paid, in pounds", required=False)
    description = forms.CharField(label="What was it for?", required=False, max_length=300,
                                  help_text="For example: bus from Frome to Taunton and back.")
    receipt = forms.FileField(label="Photo or PDF of the receipt", required=False,
                              help_text="A JPEG, PNG or PDF, smaller than 5 MB.")

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        layout: list[Any] = [Field.text("date")]
        if kind == Expense.Kind.MILEAGE:
            self.fields["miles"].required = True
            self.fields["vehicle"].required = True
            for name in ("amount", "receipt"):
                del self.fields[name]
            layout += [Field.text("miles", field_width=5), Field.radios("vehicle", legend_size=Size.SMALL)]
        else:
            del self.fields["miles"], self.fields["vehicle"]
            self.fields["amount"].required = True
            if kind == Expense.Kind.OTHER:
                self.fields["receipt"].required = True
            layout += [Field.text("amount", field_width=5)]
        layout += [Field.text("description", field_width=Fluid.TWO_THIRDS)]
        if "receipt" in self.fields:
            layout += [Field("receipt")]
        layout += [Submit("save", "Add this expense")]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)


class LimitOptionForm(SpecificErrors, forms.Form):
    option = forms.ChoiceField(label="What would you like to do?", widget=forms.RadioSelect)

    def __init__(self, *args: Any, options: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o, Claim.LimitOption(o).label) for o in options]
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("option", legend_size=Size.MEDIUM), Submit("choose", "Continue"))


class ReviewForm(SpecificErrors, forms.Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect, choices=[
        ("approve", "Approve"), ("return", "Return it to the leader for changes"), ("reject", "Do not approve")])
    reason = forms.CharField(label="Reason (the leader will see this)", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Needed if you return it or do not approve it.")

    def __init__(self, *args: Any, approve_label: str = "Approve", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("approve", approve_label), *self.fields["decision"].choices[1:]]
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("reason"),
                                    Submit("save", "Save decision"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") in ("return", "reject") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why, so the leader knows what to do.")
        return data


class RunForm(SpecificErrors, forms.Form):
    method = forms.ChoiceField(label="How will this run pay people?", choices=PaymentRun.Method.choices,
                               widget=forms.RadioSelect)
    payment_date = _date_field("Payment date", "payment")
    override_reason = forms.CharField(
        label="Reason for going over a budget line", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if the portal says the run would spend more than is left. It is recorded.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("method", legend_size=Size.SMALL), Field.text("payment_date"),
                                    Field.textarea("override_reason"), Submit("build", "Build the run"))


_CLAIM_REFERENCE = re.compile(r"EBE0*(\d+)", re.IGNORECASE)


def failed_claim_ids(data: Any) -> list[int]:
    """The claims the bank could not pay: the ticked boxes of the page shown, and the references typed for
    claims on the run's other pages (for example "EBE000123, EBE000456")."""
    ids = {int(value) for value in data.getlist("failed") if value.isdigit()}
    ids |= {int(number) for number in _CLAIM_REFERENCE.findall(data.get("failed_references", ""))}
    return sorted(ids)
