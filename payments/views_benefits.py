"""A leader's benefits (several at once), vouchers and thank-you payments on a claim, an approver's confirmation
of an expense without a receipt, and the statement for the Jobcentre or an adviser (page and PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduction.access import get_owned
from coproduction.confirm import Confirmation, confirmation_page
from coproduction.roles import Capability, require_capability
from coproduction.templatetags.portal import money as money_filter

from . import access, benefits, statement
from .forms import BenefitForm, OtherIncomeForm, PersonalCapForm, StatementPeriodForm
from .models import BenefitProfile, PersonBenefit
from .views import _handles_redirect, _own_draft, leader_required

# --- a leader's benefits ----------------------------------------------------------------------------


@leader_required
def benefits_page(request: HttpRequest) -> HttpResponse:
    profile = BenefitProfile.objects.filter(person=request.user).first()
    records = list(PersonBenefit.objects.filter(person=request.user))
    if request.method == "POST" and "remove_all" in request.POST:
        benefits.benefits_remove_all(person=request.user, by=request.user)
        messages.success(request, "We have removed what you told us about your benefits.")
        return redirect("payments:benefits")
    if request.method == "POST" and request.POST.get("remove", "").isdigit():
        if benefits.benefit_remove(person=request.user, benefit_id=int(request.POST["remove"]), by=request.user):
            messages.success(request, "The benefit is removed.")
        return redirect("payments:benefits")
    cap_form = PersonalCapForm(request.POST if "save_cap" in request.POST else None,
                               instance=profile or BenefitProfile(person=request.user))
    if request.method == "POST" and "save_cap" in request.POST and cap_form.is_valid():
        benefits.personal_cap_save(person=request.user, cap=cap_form.cleaned_data["personal_cap"], by=request.user)
        messages.success(request, "Your own limit is saved.")
        return redirect("payments:benefits")
    return render(request, "payments/benefits.html", {"form": cap_form, "records": records, "profile": profile})


@leader_required
def benefit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        record = PersonBenefit(person=request.user)
    else:
        record = get_owned(PersonBenefit.objects.all(), pk, user=request.user, what="benefit",
                           may_see=lambda benefit: benefit.person_id == request.user.pk)
    form = BenefitForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        benefits.benefit_save(person=request.user, benefit=form.save(commit=False), by=request.user)
        messages.success(request, "The benefit is saved. Claims are checked against each benefit you record.")
        return redirect("payments:benefits")
    return render(request, "payments/form_page.html", {
        "form": form, "title": "Change a benefit" if pk else "Add a benefit", "back": reverse("payments:benefits"),
        "intro": "Only you, the co-production manager and the finance team can see this. We never ask about "
                 "your health."})


# --- vouchers, gift cards and thank-you payments on a claim -------------------------------------------

@leader_required
@_handles_redirect
def other_income(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_draft(request, pk)
    back = reverse("payments:claim_expenses", args=[claim.pk])
    if request.method == "POST" and request.POST.get("remove", "").isdigit():
        benefits.other_income_remove(claim=claim, item_id=int(request.POST["remove"]), by=request.user)
        messages.success(request, "It is removed from this claim.")
        return redirect(back)
    form = OtherIncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            benefits.other_income_add(claim=claim, kind=data["kind"], received_on=data["received_on"],
                                      value=data["value"], description=data["description"], by=request.user)
        except benefits.BenefitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "It is added to this claim.")
            return redirect(back)
    return render(request, "payments/form_page.html", {
        "form": form, "title": "A voucher, gift card or thank-you payment", "back": back,
        "intro": "Tell us about vouchers, gift cards and thank-you payments you were given for your involvement. "
                 "They count as earnings at their value for benefit rules, so we include them in the check. "
                 "They are not paid again with this claim."})


# --- an expense without a receipt, confirmed as genuine ---------------------------------------------

@require_capability(Capability.APPROVE_CLAIMS)
def expense_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The approver confirms a cost without a receipt was genuinely paid. The GET asks first."""
    expense = access.get_expense_for_user(request.user, pk)
    if request.method != "POST":
        person = expense.claim.person.full_name
        return confirmation_page(request, Confirmation(
            question="Confirm this cost was genuinely paid?", button="Yes, it was genuinely paid",
            caption=f"Claim {expense.claim.reference}, {person}",
            back_url=reverse("payments:claim_detail", args=[expense.claim_id]),
            details=[f"{expense.get_kind_display()}{': ' + expense.description if expense.description else ''}, "
                     f"{money_filter(expense.amount)}, has no receipt.",
                     f"Once you confirm it, it counts as an expense, not as earnings, in {person}'s benefit "
                     "limits. Your name and today's date are recorded with it."]))
    try:
        benefits.expense_confirm_genuine(expense_id=expense.pk, by=request.user)
    except benefits.BenefitError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Confirmed: this cost was genuinely incurred, so it is an expense, not earnings.")
    return redirect("payments:claim_detail", pk=expense.claim_id)


# --- the statement for the Jobcentre or an adviser ------------------------------------------------

def _statement_period(request: HttpRequest) -> tuple[StatementPeriodForm, dt.date, dt.date]:
    """The period asked for, or by default from the start of last month to today."""
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    form = StatementPeriodForm(request.GET if "start" in request.GET else None, initial={"start": start, "end": today})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, today


def _statement_context(request: HttpRequest, person_pk: int) -> dict[str, Any]:
    person = access.get_statement_person_for_user(request.user, person_pk)
    form, start, end = _statement_period(request)
    figures = statement.for_person(person, start, end)
    return {"person": person, "form": form, "start": start, "end": end, "own": person.pk == request.user.pk,
            "statement": figures, "provisions": statement.provisions(figures), "made_on": timezone.localdate()}


@login_required
def benefit_statement(request: HttpRequest, person_pk: int) -> HttpResponse:
    context = _statement_context(request, person_pk)
    context["pdf_query"] = f"start={context['start']:%Y-%m-%d}&end={context['end']:%Y-%m-%d}"
    return render(request, "payments/benefit_statement.html", context)


@login_required
def benefit_statement_pdf(request: HttpRequest, person_pk: int) -> HttpResponse:
    from weasyprint import HTML

    context = {**_statement_context(request, person_pk), "pdf": True}
    html = render_to_string("payments/benefit_statement_pdf.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="benefits-statement-{context["start"]:%Y-%m-%d}-to-'
                                       f'{context["end"]:%Y-%m-%d}.pdf"')
    return response
