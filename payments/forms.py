from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from coproduction.formtools import SpecificErrors, within

from . import crypto
from .limits import RULES, WEEKDAYS, BenefitRule, Disregard, PeriodKind, PermittedWork, WorkAllowance
from .models import (
    ActivityType,
    BenefitProfile,
    Claim,
    Expense,
    OtherIncome,
    PayableActivity,
    PaymentDetails,
    PaymentRun,
    PersonBenefit,
)

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


# Benefits a leader may add (the old catch-all "legacy" rule stays only on records moved from the old choice).
BENEFIT_CHOICES = [(rule.value, rule.label) for rule in BenefitRule if rule is not BenefitRule.LEGACY]
_ESA = {BenefitRule.ESA.value, BenefitRule.ESA_INCOME_RELATED.value}
_DISREGARD = {BenefitRule.INCOME_SUPPORT.value, BenefitRule.JSA_INCOME_BASED.value, BenefitRule.HOUSING_BENEFIT.value,
              BenefitRule.PENSION_CREDIT.value, BenefitRule.LEGACY.value}


def _optional_choice(label: str, choices: list[tuple[str, str]], unknown: str, help_text: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[*choices, ("", unknown)],
                             widget=forms.RadioSelect, help_text=help_text)


class BenefitForm(SpecificErrors, forms.ModelForm):
    """One benefit and what its rule needs to know. Anything not known takes the safe side."""

    rule = forms.ChoiceField(label="Which benefit?", choices=BENEFIT_CHOICES, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the benefit you receive."})
    week_starts_on = forms.TypedChoiceField(
        label="Which day does your benefit week start?", required=False, coerce=int, empty_value=None,
        choices=[*((str(i), day) for i, day in enumerate(WEEKDAYS)), ("", "I do not know")],
        widget=forms.RadioSelect,
        help_text="Not for Universal Credit. Your award letter shows it (the week your benefit is paid for). If "
                  "you do not know, we check every seven-day window that contains a payment, which is the safe "
                  "side.")
    uc_start_day = forms.IntegerField(
        label="Which day of the month does your assessment period start?", required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Universal Credit only, for example 17. It is on your Universal Credit statement. If you leave "
                  "it empty we check every possible assessment period.",
        error_messages={"invalid": "Enter the day as a number from 1 to 31."})
    permitted_work = _optional_choice("Which permitted work limit applies to you?", PermittedWork.choices(),
                                      "I do not know", "Employment and Support Allowance only. If you do not know, "
                                      "we use the £20 lower limit, the safe side.")
    work_allowance = _optional_choice("Do you have a work allowance?", WorkAllowance.choices(), "I do not know",
                                      "Universal Credit only. If you do not know, we assume none, the safe side.")
    disregard = _optional_choice("Which earnings disregard applies to you?", Disregard.choices(), "I do not know",
                                 "Income Support, income-based Jobseeker's Allowance, Housing Benefit and Pension "
                                 "Credit only. If you do not know, we use £5, the safe side.")

    class Meta:
        model = PersonBenefit
        fields = ["rule", "week_starts_on", "uc_start_day", "permitted_work", "work_allowance", "disregard"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.rule == BenefitRule.LEGACY:
            self.fields["rule"].choices = [*BENEFIT_CHOICES, (BenefitRule.LEGACY.value, BenefitRule.LEGACY.label)]
        if self.instance.pk and self.instance.week_starts_on is not None:
            self.initial["week_starts_on"] = str(self.instance.week_starts_on)
        self.fields["uc_start_day"].validators.append(_day_validator)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("rule", legend_size=Size.MEDIUM),
            Field.radios("week_starts_on", legend_size=Size.SMALL),
            Field.text("uc_start_day", field_width=2),
            Field.radios("permitted_work", legend_size=Size.SMALL),
            Field.radios("work_allowance", legend_size=Size.SMALL),
            Field.radios("disregard", legend_size=Size.SMALL),
            Submit("save", "Save this benefit"),
        )

    def clean(self) -> dict[str, Any]:
        """Keep only what the chosen benefit's rule uses (the rest would be misleading later)."""
        data = super().clean()
        rule = data.get("rule")
        if not rule:
            return data
        period = RULES[BenefitRule(rule)].period
        if period is not PeriodKind.WEEK:
            data["week_starts_on"] = None
        if period is not PeriodKind.ASSESSMENT_PERIOD:
            data["uc_start_day"] = None
        if rule not in _ESA:
            data["permitted_work"] = ""
        if rule != BenefitRule.UC:
            data["work_allowance"] = ""
        if rule not in _DISREGARD:
            data["disregard"] = ""
        person = self.instance.person_id
        if person and PersonBenefit.objects.filter(person_id=person, rule=rule).exclude(pk=self.instance.pk).exists():
            self.add_error("rule", "You have already told us about this benefit. Change that one instead.")
        return data


class PersonalCapForm(SpecificErrors, forms.ModelForm):
    class Meta:
        model = BenefitProfile
        fields = ["personal_cap"]
        help_texts = {"personal_cap": "Optional. A limit lower than the rules' own, for each benefit week (or "
                                      "assessment period for Universal Credit). We stop a claim that would take "
                                      "you over it."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["personal_cap"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["personal_cap"].error_messages["invalid"] = "Enter an amount in pounds, like 50.00."
        within(self.fields["personal_cap"], cap="weekly")
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("personal_cap", field_width=5), Submit("save_cap", "Save your limit"))


class OtherIncomeForm(SpecificErrors, forms.ModelForm):
    kind = forms.ChoiceField(label="What were you given?", choices=OtherIncome.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose a voucher, a gift card or a thank-you payment."})
    received_on = _date_field("When were you given it?")
    value = _money_field("What was it worth, in pounds?")

    class Meta:
        model = OtherIncome
        fields = ["kind", "received_on", "value", "description"]
        labels = {"description": "What was it for? (optional)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM), Field.text("received_on"),
                                    Field.text("value", field_width=5),
                                    Field.text("description", field_width=Fluid.TWO_THIRDS),
                                    Submit("save", "Add it to this claim"))


class StatementPeriodForm(SpecificErrors, forms.Form):
    start = _date_field("From", "record")
    end = _date_field("To", "record")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.text("start"), Field.text("end"), Submit("show", "Show the statement"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date.")
        elif start and end and (end - start).days > 400:
            self.add_error("end", "Choose a period of up to 13 months.")
        return data


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


# What the page says above each kind of expense (what counts as earnings, and why).
EXPENSE_INTROS = {
    "mileage": "We pay mileage at the HMRC approved rate (45p a mile for a car). Mileage at that rate is not "
               "earnings.",
    "flat_allowance": "A flat-rate allowance is a set amount, whatever it cost. It counts as earnings for benefit "
                      "rules, because it is not paying back a cost you actually paid.",
    "": "Costs paid back at what you actually paid are not earnings. Add a photo of the receipt if you have one. "
        "Without one, the cost counts as earnings in the check until the co-production manager confirms it was "
        "genuinely paid (a bus fare with no ticket, for example).",
}


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
                              help_text="A photo or a PDF, smaller than 5 MB.")

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
