from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

import stripe
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduction.confirm import Confirmation, confirmation_page, is_confirmed
from coproduction.exports import csv_response
from coproduction.kept_pages import Kept
from coproduction.paging import paginate
from coproduction.roles import Capability, has_capability, require_capability
from coproduction.templatetags.portal import money as money_filter
from coproduction.transitions import steps
from recruitment.models import OnboardingChecklist

from . import access, benefits, limits, selectors, services, stripe_connect
from .crypto import mask
from .forms import (
    EXPENSE_INTROS,
    ActivityForm,
    ClaimActivitiesForm,
    ExpenseForm,
    ExpenseKindForm,
    LimitOptionForm,
    PaymentDetailsForm,
    ReviewForm,
)
from .models import (
    BenefitProfile,
    Claim,
    Expense,
    LedgerEntry,
    PayableActivity,
    PaymentDetails,
    PersonBenefit,
)

logger = logging.getLogger(__name__)
S = Claim.Status


def leader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_capability(request.user, Capability.CLAIM_PAYMENTS):
            raise PermissionDenied("Claims are for Experts by Experience leaders.")
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.sees_all_claims(request.user):
            raise PermissionDenied("Your role does not let you see everyone's claims.")
        return view(request, *args, **kwargs)

    return wrapped


def _own_draft(request: HttpRequest, pk: int) -> Claim:
    claim = access.get_claim_for_user(request.user, pk, own_only=True)
    if claim.status not in (S.DRAFT, S.RETURNED):
        messages.info(request, "This claim has been sent, so it can no longer be changed.")
        raise _Redirect(reverse("payments:claim_detail", args=[claim.pk]))
    return claim


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


def _handles_redirect(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Redirect as exc:
            return redirect(exc.url)

    return wrapped


# --- leader pages -----------------------------------------------------------------------------------

@login_required
def index(request: HttpRequest) -> HttpResponse:
    def claims() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        # A leader's claims pile up over the years: the newest a page at a time.
        page = paginate(request, Claim.objects.filter(person=request.user).order_by("-created_at", "-pk"))
        return {"claims": page.object_list, "page": page,
                "unclaimed": services.unclaimed_activities(request.user),
                "benefit_records": PersonBenefit.objects.filter(person=request.user),
                "details": PaymentDetails.objects.filter(person=request.user).first()}

    return render(request, "payments/index.html", {
        "kept": Kept(request, "payments-index", claims, reads=("page",)),
        "is_leader": has_capability(request.user, Capability.CLAIM_PAYMENTS),
        "can_approve": has_capability(request.user, Capability.APPROVE_CLAIMS),
        "can_pay": has_capability(request.user, Capability.AUTHORISE_PAYMENTS),
    })


@leader_required
@reauthentication_required(allow_get=True)  # the password again before bank details change
def payment_details(request: HttpRequest) -> HttpResponse:
    details = PaymentDetails.objects.filter(person=request.user).first()
    bank = services.bank_details(details)
    initial = {"preference": details.preference if details else PaymentDetails.Preference.BANK}
    form = PaymentDetailsForm(request.POST or None, initial=initial, has_bank=bool(bank["sort_code"]))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.payment_details_save(person=request.user, preference=data["preference"],
                                      account_name=data.get("account_name", ""), sort_code=data.get("sort_code", ""),
                                      account_number=data.get("account_number", ""))
        messages.success(request, "Your payment choice is saved.")
        return redirect("payments:index")
    return render(request, "payments/payment_details.html", {
        "form": form, "details": details, "masked_sort_code": crypto_mask(bank["sort_code"]),
        "masked_account": crypto_mask(bank["account_number"], keep=4)})


def crypto_mask(value: str, keep: int = 2) -> str:
    return mask(value, keep)


@leader_required
@require_POST
def stripe_onboard(request: HttpRequest) -> HttpResponse:
    try:
        client = stripe_connect.get_client()
        url = stripe_connect.onboarding_link(
            person=request.user, client=client,
            refresh_url=request.build_absolute_uri(reverse("payments:payment_details")),
            return_url=request.build_absolute_uri(reverse("payments:stripe_return")))
    except (stripe_connect.StripeNotConfigured, stripe.StripeError) as exc:
        logger.warning("stripe onboarding failed: %s", exc)
        messages.error(request, "We could not reach Stripe just now. Nothing has changed; please try later.")
        return redirect("payments:payment_details")
    return redirect(url)


@leader_required
def stripe_return(request: HttpRequest) -> HttpResponse:
    try:
        ready = stripe_connect.refresh_account(person=request.user, client=stripe_connect.get_client())
    except (stripe_connect.StripeNotConfigured, stripe.StripeError):
        ready = False
    if ready:
        messages.success(request, "Your Stripe account is ready to receive payments.")
    else:
        messages.info(request, "Stripe has not finished setting up your account yet.")
    return redirect("payments:payment_details")


@leader_required
def activity_add(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_create(person=request.user, activity_type=data["activity_type"], date=data["date"],
                                     hours=data["hours"], source=data["source"], source_label=data["source_label"])
        except services.ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The activity is added. You can now claim for it.")
            return redirect("payments:claim_new" if request.GET.get("next") == "claim" else "payments:index")
    return render(request, "payments/form_page.html", {"form": form, "title": "Add an activity",
                                                       "back": reverse("payments:index")})


@leader_required
def claim_new(request: HttpRequest) -> HttpResponse:
    """A POST starts a claim (or carries on with the draft); a GET only offers to (it changes nothing)."""
    if request.method == "POST":
        claim = services.claim_start(person=request.user)
        return redirect("payments:claim_activities", pk=claim.pk)
    draft = Claim.objects.filter(person=request.user, status=S.DRAFT).order_by("-created_at").first()
    advice = OnboardingChecklist.objects.filter(person=request.user, benefits_done_at__isnull=True).exists()
    return render(request, "payments/claim_start.html", {"draft": draft, "advice_not_offered": advice})


@leader_required
@_handles_redirect
def claim_activities(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_draft(request, pk)
    chosen = list(claim.fee_lines.values_list("activity_id", flat=True))
    options = list(services.unclaimed_activities(request.user)) + list(
        PayableActivity.objects.filter(pk__in=chosen).select_related("activity_type"))
    choices = [(a.pk, f"{a.activity_type}, {a.date:%A %-d %B %Y}, {a.hours_text}"
                      + (f" ({a.source_label})" if a.source_label else "")) for a in sorted(options, key=lambda a: a.date)]
    form = ClaimActivitiesForm(request.POST or None, choices=choices, initial={"activities": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_set_activities(claim=claim, activity_ids=[int(i) for i in form.cleaned_data["activities"]])
        except services.ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("payments:claim_expenses", pk=claim.pk)
    return render(request, "payments/claim_activities.html", {"form": form, "claim": claim, "step": 1})


@leader_required
@_handles_redirect
def claim_expenses(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_draft(request, pk)
    if request.method == "POST" and "remove" in request.POST:
        services.expense_remove(claim=claim, expense_id=int(request.POST["remove"]))
        messages.success(request, "The expense is removed.")
        return redirect("payments:claim_expenses", pk=claim.pk)
    return render(request, "payments/claim_expenses.html", {
        "claim": claim, "expenses": claim.expenses.all(), "given": claim.other_income.all(), "step": 2})


@leader_required
@_handles_redirect
def expense_kind(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_draft(request, pk)
    form = ExpenseKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("payments:expense_add", pk=claim.pk, kind=form.cleaned_data["kind"])
    return render(request, "payments/form_page.html", {
        "form": form, "title": "Add an expense", "back": reverse("payments:claim_expenses", args=[claim.pk])})


@leader_required
@_handles_redirect
def expense_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    claim = _own_draft(request, pk)
    if kind not in Expense.Kind.values:
        raise Http404("Not found")
    form = ExpenseForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.expense_add(claim=claim, kind=kind, date=data["date"], amount=data.get("amount"),
                                 miles=data.get("miles"), vehicle=data.get("vehicle", ""),
                                 description=data.get("description", ""), receipt=data.get("receipt"))
        except services.ClaimError as exc:
            form.add_error("receipt" if "receipt" in str(exc).lower() and "receipt" in form.fields else None, str(exc))
        else:
            messages.success(request, "The expense is added.")
            return redirect("payments:claim_expenses", pk=claim.pk)
    return render(request, "payments/form_page.html", {
        "form": form, "title": Expense.Kind(kind).label, "multipart": True,
        "back": reverse("payments:claim_expenses", args=[claim.pk]),
        "intro": EXPENSE_INTROS.get(kind, EXPENSE_INTROS[""])})



def _options_for(assessment: limits.CombinedAssessment, claim: Claim) -> list[str]:
    options = [Claim.LimitOption.EXPENSES_ONLY, Claim.LimitOption.PART_FEE, Claim.LimitOption.DECLINE_FEE,
               Claim.LimitOption.ADVISER]
    if not claim.expenses.exists():
        options.remove(Claim.LimitOption.EXPENSES_ONLY)
    return [str(o) for o in options]


def _position_context(claim: Claim, assessment: limits.CombinedAssessment) -> dict[str, Any]:
    fee_lines = list(claim.fee_lines.select_related("activity__activity_type", "rate"))
    expenses = benefits.with_reasons(claim.expenses.all())
    given = list(claim.other_income.all())
    return {
        "claim": claim, "assessment": assessment, "fee_lines": fee_lines, "expenses": expenses, "given": given,
        "fees_total": sum((line.amount_claimed for line in fee_lines), Decimal("0.00")),
        "expenses_total": sum((e.amount for e in expenses), Decimal("0.00")),
        "given_total": sum((item.value for item in given), Decimal("0.00")),
        "earnings_expenses": sum((e.earnings_amount for e in expenses), Decimal("0.00")),
        "unreceipted": [e for e in expenses if e.needs_receipt_or_confirmation],
        "payroll": selectors.pays_through_payroll(),
        "stop_reasons": selectors.stop_reasons(assessment),
        "profile": BenefitProfile.objects.filter(person_id=claim.person_id).first(),
    }


@leader_required
@_handles_redirect
def claim_check(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_draft(request, pk)
    assessment = services.claim_check(claim=claim)
    option_form = LimitOptionForm(request.POST if "choose" in request.POST else None,
                                  options=_options_for(assessment, claim))
    if request.method == "POST" and "choose" in request.POST and option_form.is_valid():
        option = option_form.cleaned_data["option"]
        services.claim_choose_option(claim=claim, option=option)
        if option == Claim.LimitOption.ADVISER:
            return redirect("payments:claim_adviser", pk=claim.pk)
        messages.success(request, f"Done: {Claim.LimitOption(option).label.lower()}. Check the figures below.")
        return redirect("payments:claim_check", pk=claim.pk)
    if request.method == "POST" and "submit" in request.POST:
        try:
            services.claim_submit(claim=claim, by=request.user)
        except services.ClaimStopped:
            # The page itself explains, calmly, what the limit is and what can be done: no second message.
            return redirect("payments:claim_check", pk=claim.pk)
        except services.ClaimError as exc:
            messages.info(request, str(exc))
            return redirect("payments:claim_check", pk=claim.pk)
        messages.success(request, "Your claim is sent. The co-production manager will look at it.")
        return redirect("payments:claim_detail", pk=claim.pk)
    context = _position_context(claim, assessment)
    context.update({"option_form": option_form, "step": 3, "form": option_form})
    return render(request, "payments/claim_check.html", context)


@leader_required
def claim_adviser(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk, own_only=True)
    assessment = selectors.assess_claim(claim)
    return render(request, "payments/claim_adviser.html", _position_context(claim, assessment))


def _decision_confirm(request: HttpRequest, claim: Claim, decision: str, reason: str, *, first: bool) -> HttpResponse:
    """Approving, authorising or not approving a claim asks first: whose, how much, what happens next."""
    whose = f"claim {claim.reference} from {claim.person.full_name}"
    amount = (f"{money_filter(claim.total)} (fees {money_filter(claim.fees_total)}, expenses "
              f"{money_filter(claim.expenses_total)})")
    if decision == "reject":
        question, button = f"Do not approve {whose}?", "Yes, do not approve it"
        details = [f"The claim for {amount} is closed and not paid.",
                   f"{claim.person.full_name} is told, with your reason: “{reason}”"]
    elif first:
        question, button = f"Approve {whose}?", "Yes, approve it"
        details = [f"The claim for {amount} goes to finance, who authorise it for payment."]
    else:
        question, button = f"Authorise {whose} for payment?", "Yes, authorise it for payment"
        details = [f"{amount} is paid to {claim.person.full_name} in the next payment run."]
    return confirmation_page(request, Confirmation(
        question=question, button=button, details=details, caption=claim.person.full_name,
        back_url=reverse("payments:claim_detail", args=[claim.pk]), warning_button=decision == "reject",
        hidden={"decision": decision, "reason": reason}))


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk)
    staff = access.sees_all_claims(request.user) and claim.person_id != request.user.pk
    form = None
    can_approve = staff and claim.status == S.SUBMITTED and claim.approval_refusal(request.user) is None
    can_authorise = staff and claim.status == S.APPROVED and claim.authorisation_refusal(request.user) is None
    if can_approve or can_authorise:
        form = ReviewForm(request.POST or None, approve_label="Approve" if can_approve else "Authorise for payment")
        if request.method == "POST" and form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            if decision != "return" and not is_confirmed(request):  # returning it is undone by the leader
                return _decision_confirm(request, claim, decision, reason, first=can_approve)
            try:
                if decision == "approve" and can_approve:
                    services.claim_approve(claim_id=claim.pk, by=request.user)
                elif decision == "approve":
                    services.claim_authorise(claim_id=claim.pk, by=request.user)
                else:
                    services.claim_send_back(claim_id=claim.pk, by=request.user, reason=reason,
                                             reject=decision == "reject")
            except services.ClaimError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Your decision is saved.")
                return redirect("payments:review_list")
    assessment = selectors.assess_claim(claim) if staff and claim.status in (S.SUBMITTED, S.APPROVED) else None
    expenses = benefits.with_reasons(claim.expenses.all(), confirmer=request.user if staff else None)
    return render(request, "payments/claim_detail.html", {
        "claim": claim, "fee_lines": claim.fee_lines.select_related("activity__activity_type"),
        "expenses": expenses, "given": claim.other_income.all(), "changes": steps(claim),
        "staff": staff, "form": form, "assessment": assessment,
        "stop_reasons": selectors.stop_reasons(assessment) if assessment is not None else [],
        "records": PersonBenefit.objects.filter(person_id=claim.person_id) if staff else [],
        "profile": BenefitProfile.objects.filter(person_id=claim.person_id).first() if staff else None,
    })


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    expense = access.get_expense_for_user(request.user, pk)
    if not expense.receipt_name:
        raise Http404("Not found")
    response = FileResponse(default_storage.open(expense.receipt_name, "rb"), as_attachment=True,
                            filename=expense.receipt_filename, content_type=expense.receipt_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- statements -------------------------------------------------------------------------------------

@leader_required
def statements(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    tax_year = limits.tax_year_of(today).start.year
    return render(request, "payments/statements.html", {
        "months": months, "tax_years": [tax_year, tax_year - 1, tax_year - 2]})


def _statement_csv(person_id: int, start: dt.date, end: dt.date, filename: str) -> HttpResponse:
    rows: list[list[Any]] = [["Date worked", "Date paid", "Type", "What for", "Involvement fee", "Expense", "Claim"]]
    for entry in selectors.statement_entries(person_id, start, end):
        what = entry.description
        if entry.reverses_id:
            what = f"Reversal: {what}"
        fee = f"{entry.amount:.2f}" if entry.kind == LedgerEntry.Kind.FEE else ""
        expense = f"{entry.amount:.2f}" if entry.kind == LedgerEntry.Kind.EXPENSE else ""
        rows.append([entry.worked_on.isoformat(), entry.paid_on.isoformat(), entry.get_kind_display(), what,
                     fee, expense, entry.claim.reference])
    totals = selectors.statement_totals(person_id, start, end)
    rows.append(["Total", "", "", "", f"{totals['fee']:.2f}", f"{totals['expense']:.2f}", ""])
    return csv_response(rows, filename)


def _statement_pdf(request: HttpRequest, start: dt.date, end: dt.date, title: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("payments/statement_pdf.html", {
        "person": request.user, "title": title, "start": start, "end": end,
        "entries": selectors.statement_entries(request.user.pk, start, end),
        "totals": selectors.statement_totals(request.user.pk, start, end), "made_on": timezone.localdate()})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404("Not found")
    start = dt.date(year, month, 1)
    return start, limits.assessment_period_of(start, 1).end


@leader_required
def statement_month(request: HttpRequest, year: int, month: int, fmt: str = "csv") -> HttpResponse:
    start, end = _month(year, month)
    if fmt == "pdf":
        return _statement_pdf(request, start, end, f"{start:%B %Y}", f"statement-{year}-{month:02d}.pdf")
    return _statement_csv(request.user.pk, start, end, f"statement-{year}-{month:02d}.csv")


@leader_required
def statement_tax_year(request: HttpRequest, year: int, fmt: str = "csv") -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404("Not found")
    period = limits.tax_year_of(dt.date(year, 4, 6))
    if fmt == "pdf":
        return _statement_pdf(request, period.start, period.end, f"Tax year {year} to {year + 1}",
                              f"statement-tax-year-{year}-{year + 1}.pdf")
    return _statement_csv(request.user.pk, period.start, period.end, f"statement-tax-year-{year}-{year + 1}.csv")


@require_capability(Capability.AUTHORISE_PAYMENTS)
def year_totals(request: HttpRequest, year: int) -> HttpResponse:
    period = limits.tax_year_of(dt.date(year, 4, 6))
    rows = (LedgerEntry.objects.filter(entry_type=LedgerEntry.EntryType.PAID, paid_on__range=(period.start, period.end))
            .values("person_id", "person__full_name", "person__email", "kind").annotate(total=Sum("amount"))
            .order_by("person__full_name", "person_id"))
    people: dict[int, dict[str, Any]] = {}
    for row in rows:
        person = people.setdefault(row["person_id"], {"name": row["person__full_name"], "email": row["person__email"],
                                                      "fee": Decimal("0.00"), "expense": Decimal("0.00")})
        person[row["kind"]] = limits.money(row["total"] or 0)
    rows: list[list[Any]] = [["Name", "Email", "Involvement fees", "Expenses", "Total"]]
    rows += [[person["name"], person["email"], f"{person['fee']:.2f}", f"{person['expense']:.2f}",
              f"{person['fee'] + person['expense']:.2f}"] for person in people.values()]
    return csv_response(rows, f"totals-tax-year-{year}-{year + 1}.csv")


# --- staff pages ------------------------------------------------------------------------------------

@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    statuses = []
    if has_capability(request.user, Capability.APPROVE_CLAIMS):
        statuses.append(S.SUBMITTED)
    if has_capability(request.user, Capability.AUTHORISE_PAYMENTS):
        statuses += [S.APPROVED, S.FAILED]

    def claims() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        page = paginate(request, Claim.objects.filter(status__in=statuses).exclude(person=request.user)
                        .select_related("person").order_by("submitted_at", "pk"))
        return {"claims": page.object_list, "page": page}

    kept = Kept(request, "claims-to-check", claims, reads=("page",))
    return render(request, "payments/review_list.html", {"kept": kept})


@staff_required
def budgets(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", limits.financial_year_of(today)))
    except ValueError:
        year = limits.financial_year_of(today)
    lines = selectors.budget_lines_with_totals(year, today)
    return render(request, "payments/budgets.html", {"year": year, "lines": lines, "today": today})
