"""Payment runs for finance: build a run, pay it (a bank file or Stripe Connect), confirm the bank paid it,
check it against the bank statement, and pay again a claim Stripe refused or reversed. Every action that moves
money asks first on its own page (`coproduction.confirm`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from coproduction.confirm import Confirmation, confirmation_page, is_confirmed
from coproduction.kept_pages import Kept
from coproduction.paging import paginate
from coproduction.roles import Capability, require_capability
from coproduction.templatetags.portal import money as money_filter
from coproduction.wording import counted

from . import access, services, stripe_connect
from .forms import RunForm, failed_claim_ids
from .models import Claim, PaymentRun

S = Claim.Status


@require_capability(Capability.AUTHORISE_PAYMENTS)
def runs(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, initial={"payment_date": timezone.localdate() + dt.timedelta(days=3),
                                                  "method": PaymentRun.Method.BANK_FILE})
    over = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run, held = services.run_build(by=request.user, method=data["method"], payment_date=data["payment_date"],
                                           override_reason=data["override_reason"])
        except services.BudgetExceeded as exc:
            over = exc.over
            form.add_error("override_reason", "This run would spend more than is left on a budget line. "
                                              "Give a reason to go ahead, or wait.")
        else:
            for reason in held["reasons"]:
                messages.info(request, reason)
            if held["details"]:
                messages.info(request, f"Held back: {counted(len(held['details']), 'claim')} without valid bank "
                                       "details.")
            messages.success(request, f"Payment run {run.pk} is built.")
            return redirect("payments:run_detail", pk=run.pk)

    def lists() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        return {"runs": PaymentRun.objects.select_related("created_by")[:50],
                "waiting": Claim.objects.filter(status=S.AUTHORISED).count()}

    return render(request, "payments/runs.html", {"form": form, "over": over,
                                                  "kept": Kept(request, "payment-runs", lists)})


# Actions on a run that cannot be undone: each asks first, on its own page, saying what will happen. The run's
# page links to it (`?confirm=<action>`, with the boxes ticked there); a POST that is not confirmed asks too.
RUN_CONFIRMATIONS = {
    "mark_paid": ("Has the bank paid this run?", "Yes, the bank has paid these claims",
                  "Each claim below is marked as paid and its leader is told. Claims you ticked as failed are marked "
                  "as not paid, so they can be paid again in a later run. This cannot be undone."),
    "reconcile": ("Have you checked this run against the bank statement?", "Yes, mark the run as checked",
                  "Each paid claim is marked as checked against the bank statement. This cannot be undone."),
    "send_stripe": ("Send this run's payments through Stripe?", "Yes, send the payments",
                    "Stripe pays each leader below. Money cannot be called back once Stripe has sent it."),
}


def _run_confirm(request: HttpRequest, run: PaymentRun, action: str, data: Any) -> HttpResponse:
    question, button, explanation = RUN_CONFIRMATIONS[action]
    failed = set(failed_claim_ids(data))  # ticked on the page shown, and references for the others
    claims = list(run.claims.filter(status=S.IN_RUN if action != "reconcile" else S.PAID)
                  .select_related("person").order_by("pk"))
    return render(request, "payments/run_confirm.html", {
        "run": run, "action": action, "question": question, "button": button, "explanation": explanation,
        "paying": [claim for claim in claims if claim.pk not in failed],
        "failing": [claim for claim in claims if claim.pk in failed], "failed_ids": sorted(failed)})


def _retry_confirm(request: HttpRequest, run: PaymentRun, claim_id: str) -> HttpResponse:
    """Pay again a claim whose Stripe transfer was refused or reversed: who, how much, which attempt."""
    claim = run.claims.select_related("person").filter(pk=int(claim_id) if claim_id.isdigit() else 0).first()
    if claim is None or not (claim.status == S.FAILED or (claim.status == S.IN_RUN and claim.transfer_error)):
        messages.info(request, "This claim does not need paying again.")
        return redirect("payments:run_detail", pk=run.pk)
    why = claim.transfer_error or claim.reason or "Stripe did not pay it."
    return confirmation_page(request, Confirmation(
        question=f"Pay {claim.person.full_name} again?", button=f"Yes, pay {money_filter(claim.total)} again",
        caption=f"Payment run {run.pk}", back_url=reverse("payments:run_detail", args=[run.pk]),
        action_url=reverse("payments:run_detail", args=[run.pk]),
        hidden={"action": "retry_transfer", "claim": str(claim.pk)},
        details=[f"Claim {claim.reference}: {money_filter(claim.total)} to {claim.person.full_name} through Stripe.",
                 f"The last try did not pay: {why}",
                 f"This is attempt {claim.transfer_attempt + 1}. Stripe is asked to pay it as a new transfer."],
        warning="Money cannot be called back once Stripe has sent it."))


@require_capability(Capability.AUTHORISE_PAYMENTS)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    asked = request.GET.get("confirm", "")
    if request.method != "POST" and asked in RUN_CONFIRMATIONS:
        return _run_confirm(request, run, asked, request.GET)
    if request.method != "POST" and asked == "retry_transfer":
        return _retry_confirm(request, run, request.GET.get("claim", ""))
    if request.method == "POST":
        action = request.POST.get("action")
        if action in RUN_CONFIRMATIONS and not is_confirmed(request):
            return _run_confirm(request, run, action, request.POST)
        if action == "retry_transfer" and not is_confirmed(request):
            return _retry_confirm(request, run, request.POST.get("claim", ""))
        if action == "mark_paid":
            failed = failed_claim_ids(request.POST)
            count = services.run_mark_paid(run=run, by=request.user, failed_ids=failed)
            messages.success(request, f"{counted(count, 'claim')} marked as paid.")
        elif action == "reconcile":
            count = services.run_reconcile(run=run, by=request.user)
            messages.success(request, f"{counted(count, 'claim')} checked against the bank statement.")
        elif action == "send_stripe" and run.status == PaymentRun.Status.OPEN:
            stripe_connect.run_send_start(run=run, by=request.user)
            messages.success(request, "The payments are being sent in the background. This page shows each "
                                      "claim as it goes; reload it to see the latest.")
        elif (action == "retry_transfer" and request.POST.get("claim", "").isdigit()
              and stripe_connect.transfer_retry(claim_id=int(request.POST["claim"]), run=run, by=request.user)):
            messages.success(request, "This payment is being sent again, as a new attempt.")
        return redirect("payments:run_detail", pk=run.pk)

    def claims() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        stripe = run.method == PaymentRun.Method.STRIPE
        # One pass over the run's claims, from the run's index: how many, whether any wait to be paid or were
        # paid, and (Stripe) progress.
        counts = stripe_connect.run_counts(run)
        page = paginate(request, run.claims.select_related("person").order_by("pk"), known_count=counts["total"])
        progress = {name.removeprefix("progress_"): n for name, n in counts.items() if name.startswith("progress_")}
        return {"claims": page.object_list, "page": page, "overrides": run.overrides.select_related("line", "by"),
                "in_run": counts["in_run"] > 0, "paid": counts["paid_now"] > 0,
                "progress": progress if stripe else None}

    kept = Kept(request, "payment-run", claims, reads=("page",))
    return render(request, "payments/run_detail.html", {"run": run, "kept": kept})


@require_capability(Capability.AUTHORISE_PAYMENTS)
def run_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank file. Downloading it from the run's page (a POST) marks the run sent to the bank; a GET only
    downloads it again."""
    run = access.get_run_for_user(request.user, pk)
    if run.method != PaymentRun.Method.BANK_FILE:
        raise Http404("Not found")
    if request.method == "POST":
        services.run_mark_sent(run=run, by=request.user)
    response = HttpResponse(services.run_bank_file(run=run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payment-run-{run.pk}.csv"'
    return response
