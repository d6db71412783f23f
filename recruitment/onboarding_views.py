"""A leader's own pages (their role, the group agreement, onboarding, development record, their data) and the
manager's views of the same: who has signed, who is stuck where in onboarding, memberships."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from coproduction.audit import record_event
from coproduction.roles import Capability, require_capability

from . import onboarding, selectors
from .access import (
    get_certificate_for_user,
    get_checklist_for_user,
    get_development_person_for_user,
    get_goal_for_user,
    get_training_for_user,
    manages_people,
)
from .forms import (
    AgreementForm,
    BenefitsAdviceForm,
    CertificateForm,
    FirstMeetingForm,
    GoalForm,
    SignForm,
    TrainingForm,
)
from .models import (
    AgreementSignature,
    Certificate,
    DevelopmentGoal,
    GroupAgreementVersion,
    OnboardingChecklist,
    TrainingRecord,
)

# --- My role ------------------------------------------------------------------------------------------------


def _checklist_context(checklist: OnboardingChecklist | None, signed: bool, viewer: Any) -> dict[str, Any]:
    if checklist is None:
        return {"checklist": None, "steps": []}
    may_tick_all = manages_people(viewer)
    steps = selectors.checklist_steps(checklist, signed)
    for row in steps:
        row["may_tick"] = row["key"] != "agreement" and not row["done"] and (
            may_tick_all or (checklist.person_id == viewer.pk and row["key"] in OnboardingChecklist.LEADER_STEPS))
        row["may_undo"] = row["key"] != "agreement" and row["done"] and may_tick_all
    return {"checklist": checklist, "steps": steps, "complete": all(row["done"] for row in steps)}


@login_required
def my_role(request: HttpRequest) -> HttpResponse:
    user = request.user
    checklist = (OnboardingChecklist.objects.select_related(
        "payment_done_by", "benefits_done_by", "induction_done_by", "first_meeting_done_by")
        .filter(person=user).first())
    state = selectors.person_signature_state(user)
    return render(request, "recruitment/my_role.html", {
        "holdings": selectors.role_holdings(user), "agreement": state,
        **_checklist_context(checklist, state["signed"], user),
    })


# --- Group agreement ----------------------------------------------------------------------------------------


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    state = selectors.person_signature_state(request.user)
    version = state["version"]
    form = SignForm(request.POST or None, initial={"typed_name": ""})
    if request.method == "POST" and version is not None and not state["signed"] and form.is_valid():
        try:
            onboarding.agreement_sign(person=request.user, version=version,
                                      typed_name=form.cleaned_data["typed_name"])
        except onboarding.AlreadySigned:
            messages.info(request, "You had already signed this version.")
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Thank you. You signed version {version.number} of the group agreement.")
        return redirect("agreement")
    signatures = AgreementSignature.objects.filter(person=request.user).select_related("version")
    return render(request, "recruitment/agreement.html",
                  {"version": version, "signed": state["signed"], "form": form, "signatures": signatures})


@require_capability(Capability.MANAGE_PEOPLE)
def agreement_manage(request: HttpRequest) -> HttpResponse:
    current = onboarding.current_agreement()
    people = list(selectors.agreement_status())
    return render(request, "recruitment/agreement_manage.html", {
        "current": current, "not_signed": [p for p in people if not p.signed_current],
        "signed": [p for p in people if p.signed_current],
        "versions": GroupAgreementVersion.objects.all(),
    })


@require_capability(Capability.MANAGE_PEOPLE)
def agreement_new(request: HttpRequest) -> HttpResponse:
    current = onboarding.current_agreement()
    form = AgreementForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        version = onboarding.agreement_publish(text=form.cleaned_data["text"],
                                               what_changed=form.cleaned_data["what_changed"], by=request.user)
        messages.success(request, f"Version {version.number} is published. Every leader is asked to sign it.")
        return redirect("agreement_manage")
    return render(request, "recruitment/agreement_form.html", {"form": form, "current": current})


@login_required
def agreement_version(request: HttpRequest, number: int) -> HttpResponse:
    version = GroupAgreementVersion.objects.filter(number=number).first()
    if version is None:
        raise Http404("Not found")
    return render(request, "recruitment/agreement_version.html", {"version": version})


# --- Onboarding ---------------------------------------------------------------------------------------------


@require_capability(Capability.MANAGE_PEOPLE)
def onboarding_overview(request: HttpRequest) -> HttpResponse:
    rows = []
    for checklist in selectors.onboarding_overview():
        steps = selectors.checklist_steps(checklist, checklist.signed_current)
        stuck_at = next((str(row["label"]) for row in steps if not row["done"]), None)
        rows.append({"checklist": checklist, "steps": steps, "stuck_at": stuck_at,
                     "done_count": sum(1 for row in steps if row["done"]),
                     "days": (timezone.now() - checklist.started_at).days})
    rows.sort(key=lambda row: (row["stuck_at"] is None, -row["days"]))
    return render(request, "recruitment/onboarding_overview.html", {
        "rows": rows, "step_labels": ["Group agreement signed", *OnboardingChecklist.STEPS.values()],
    })


@login_required
def onboarding_person(request: HttpRequest, person_pk: int) -> HttpResponse:
    checklist = get_checklist_for_user(request.user, person_pk)
    if checklist.person_id == request.user.pk:
        return redirect("my_role")
    checklist = (OnboardingChecklist.objects.select_related(
        "person", "payment_done_by", "benefits_done_by", "induction_done_by", "first_meeting_done_by")
        .get(pk=checklist.pk))
    state = selectors.person_signature_state(checklist.person)
    return render(request, "recruitment/onboarding_person.html", {
        "person": checklist.person, **_checklist_context(checklist, state["signed"], request.user),
    })


@login_required
def onboarding_tick(request: HttpRequest, person_pk: int, step: str) -> HttpResponse:
    checklist = get_checklist_for_user(request.user, person_pk)
    if step not in OnboardingChecklist.STEPS:
        raise Http404("Not found")
    own = checklist.person_id == request.user.pk
    if not manages_people(request.user) and not (own and step in OnboardingChecklist.LEADER_STEPS):
        record_event("access_refused", actor=request.user, detail=f"onboarding step {step} of {person_pk}")
        raise Http404("Not found")
    back = "my_role" if own else "onboarding_person"
    back_args = [] if own else [checklist.person_id]
    undo = request.POST.get("undo") == "1" and manages_people(request.user)
    if step == "first_meeting" and not undo:
        form = FirstMeetingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            onboarding.onboarding_tick(checklist=checklist, step=step, by=request.user,
                                       note=form.cleaned_data["note"])
            messages.success(request, "Your first meeting is noted." if own else "The first meeting is noted.")
            return redirect(back, *back_args)
        return render(request, "recruitment/first_meeting.html",
                      {"form": form, "person": checklist.person, "own": own})
    if step == "benefits" and not undo:
        form = BenefitsAdviceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            onboarding.onboarding_tick(checklist=checklist, step=step, by=request.user,
                                       advice_taken=form.advice_taken)
            messages.success(request, "Recorded: independent benefits advice was offered.")
            return redirect(back, *back_args)
        return render(request, "recruitment/benefits_advice.html", {"form": form, "person": checklist.person})
    if request.method != "POST":
        return redirect(back, *back_args)
    onboarding.onboarding_tick(checklist=checklist, step=step, by=request.user, done=not undo)
    label = OnboardingChecklist.STEPS[step]
    messages.success(request, f"'{label}' is {'no longer ticked' if undo else 'ticked'}.")
    return redirect(back, *back_args)


# --- Development record -------------------------------------------------------------------------------------


@login_required
def development(request: HttpRequest, person_pk: int | None = None) -> HttpResponse:
    person = get_development_person_for_user(request.user, person_pk or request.user.pk)
    own = person.pk == request.user.pk
    return render(request, "recruitment/development.html", {
        "person": person, "own": own, "manages": manages_people(request.user),
        "training": TrainingRecord.objects.filter(person=person).prefetch_related("certificates"),
        "goals": DevelopmentGoal.objects.filter(person=person),
        "certificates": Certificate.objects.filter(person=person).select_related("training"),
    })


@require_capability(Capability.MANAGE_PEOPLE)
def training_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_development_person_for_user(request.user, person_pk)
    form = TrainingForm(request.POST or None, initial={"offered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        onboarding.training_offer(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, "The training is added to their record.")
        return redirect("development_person", person_pk=person.pk)
    return render(request, "recruitment/development_form.html",
                  {"form": form, "person": person, "heading": f"Offer training to {person.full_name}"})


@login_required
def training_complete(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_training_for_user(request.user, pk)  # 404 for another's record, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    onboarding.training_complete(training=training)
    messages.success(request, f"'{training.title}' is marked as completed.")
    return _back_to_record(request, training.person_id)


@login_required
def goal_new(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        onboarding.goal_add(person=request.user, **form.cleaned_data)
        messages.success(request, "Your goal is added.")
        return redirect("development")
    return render(request, "recruitment/development_form.html",
                  {"form": form, "person": request.user, "heading": "Add a goal"})


@login_required
def goal_achieved(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk)  # 404 for another's goal, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    onboarding.goal_achieve(goal=goal)
    messages.success(request, "Well done. The goal is marked as achieved.")
    return redirect("development")


@login_required
def certificate_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_development_person_for_user(request.user, person_pk)
    form = CertificateForm(request.POST or None, request.FILES or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding.certificate_upload(person=person, upload=form.cleaned_data["file"],
                                          title=form.cleaned_data["title"], by=request.user,
                                          training=form.cleaned_data["training"])
        except onboarding.UploadRefused as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "The certificate is uploaded.")
            return _back_to_record(request, person.pk)
    return render(request, "recruitment/certificate_form.html", {"form": form, "person": person})


@login_required
def certificate_download(request: HttpRequest, pk: int) -> FileResponse:
    certificate = get_certificate_for_user(request.user, pk)
    response = FileResponse(default_storage.open(certificate.storage_name, "rb"), as_attachment=True,
                            filename=certificate.filename, content_type=certificate.mimetype)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _back_to_record(request: HttpRequest, person_pk: int) -> HttpResponse:
    if person_pk == request.user.pk:
        return redirect("development")
    return redirect("development_person", person_pk=person_pk)
