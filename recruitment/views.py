"""Recruitment pages: the public vacancies and application form, the applicant's private status page, the
invitation to set a password, and the co-production manager's pipeline, role descriptions and reports."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from coproduction import throttle
from coproduction.audit import record_event
from coproduction.confirm import Confirmation, confirmation_page
from coproduction.kept_pages import Kept
from coproduction.models import Locality, User
from coproduction.paging import paginate
from coproduction.roles import Capability, require_capability
from coproduction.transitions import steps

from . import selectors, services
from .access import (
    get_application_by_token,
    get_application_for_user,
    get_public_vacancy,
    get_vacancy_for_user,
    manages_people,
)
from .forms import (
    APPLICATION_STEPS,
    ConversationForm,
    NoteForm,
    RoleDescriptionForm,
    VacancyForm,
    VacancyStatusForm,
    password_helper,
    step_to_session,
)
from .models import Application, RecruitmentSettings, RoleDescription

Stage = Application.Stage
STEP_SLUGS = [slug for slug, _, _ in APPLICATION_STEPS]


# --- Public: open vacancies and the application ----------------------------------------------------------


def vacancy_list(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/vacancy_list.html",
                  {"vacancies": selectors.open_vacancies()})


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_public_vacancy(pk)
    return render(request, "recruitment/vacancy_detail.html",
                  {"vacancy": vacancy, "role": vacancy.role_version})


def _answers(request: HttpRequest, vacancy_pk: int) -> dict[str, dict[str, Any]]:
    return request.session.get(f"apply:{vacancy_pk}", {})


def _save_answers(request: HttpRequest, vacancy_pk: int, answers: dict[str, dict[str, Any]]) -> None:
    request.session[f"apply:{vacancy_pk}"] = answers


def _first_missing(answers: dict[str, Any]) -> str | None:
    return next((slug for slug in STEP_SLUGS if slug not in answers), None)


@never_cache
def apply_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    vacancy = get_public_vacancy(pk)
    if step not in STEP_SLUGS:
        raise Http404("Not found")
    index = STEP_SLUGS.index(step)
    _, title, form_class = APPLICATION_STEPS[index]
    answers = _answers(request, vacancy.pk)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers[step] = step_to_session(form)
            _save_answers(request, vacancy.pk, answers)
            if changing or index == len(STEP_SLUGS) - 1:
                return redirect("recruitment_apply_check", pk=vacancy.pk)
            return redirect("recruitment_apply_step", pk=vacancy.pk, step=STEP_SLUGS[index + 1])
    else:
        form = form_class(initial=answers.get(step))
    back = (reverse("recruitment_apply_check", args=[vacancy.pk]) if changing
            else reverse("recruitment_apply_step", args=[vacancy.pk, STEP_SLUGS[index - 1]]) if index
            else reverse("recruitment_vacancy_detail", args=[vacancy.pk]))
    return render(request, "recruitment/apply_step.html", {
        "vacancy": vacancy, "form": form, "step_title": title, "step_number": index + 1,
        "step_count": len(STEP_SLUGS), "back_url": back, "step": step,
        "has_own_heading": step in {"name", "support", "interest", "heard"},
    })


def _check_rows(vacancy_pk: int, answers: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    support = dict(Application.Support.choices)
    contact = dict(Application._meta.get_field("preferred_contact").choices)
    channels = dict(Application.Channel.choices)
    heard = answers["heard"]
    locality = Locality.objects.filter(pk=heard.get("heard_locality")).first() if heard.get("heard_locality") else None

    def change(step: str) -> str:
        return reverse("recruitment_apply_step", args=[vacancy_pk, step]) + "?change=1"

    chosen = [support.get(value, value) for value in answers["support"].get("conversation_support", [])]
    return [
        {"key": "Name", "value": answers["name"]["full_name"], "url": change("name"), "what": "your name"},
        {"key": "Email address", "value": answers["contact"]["email"], "url": change("contact"),
         "what": "your email address"},
        {"key": "Phone number", "value": answers["contact"].get("phone") or "Not given", "url": change("contact"),
         "what": "your phone number"},
        {"key": "How we contact you", "value": contact.get(answers["contact"]["preferred_contact"], ""),
         "url": change("contact"), "what": "how we contact you"},
        {"key": "Help at the conversation", "value": "; ".join(chosen) or "Nothing chosen",
         "url": change("support"), "what": "help at the conversation"},
        {"key": "Anything else that would help", "value": answers["support"].get("access_needs") or "Nothing",
         "url": change("support"), "what": "anything else that would help"},
        {"key": "Why you are interested", "value": answers["interest"]["interest"], "url": change("interest"),
         "what": "why you are interested"},
        {"key": "How you heard", "value": channels.get(heard["heard_via"], ""), "url": change("heard"),
         "what": "how you heard about the role"},
        {"key": "Where you live", "value": locality.name if locality else "Not given", "url": change("heard"),
         "what": "where you live"},
        {"key": "Storing your details", "value": "You agreed", "url": change("consent"),
         "what": "your agreement to store your details"},
    ]


@never_cache
def apply_check(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_public_vacancy(pk)
    answers = _answers(request, vacancy.pk)
    missing = _first_missing(answers)
    if missing:
        return redirect("recruitment_apply_step", pk=vacancy.pk, step=missing)
    if request.method == "POST":
        merged: dict[str, Any] = {}
        for step in STEP_SLUGS:
            merged.update(answers[step])
        if not (throttle.allow(request, "apply")
                and throttle.allow(request, "apply_email", key=merged.get("email", "").strip().lower())):
            return throttle.too_many(request)  # their answers stay in the session for later
        services.application_submit(vacancy=vacancy, answers=merged)
        request.session.pop(f"apply:{vacancy.pk}", None)
        request.session["applied_to"] = vacancy.pk
        return redirect("recruitment_apply_done", pk=vacancy.pk)
    return render(request, "recruitment/apply_check.html",
                  {"vacancy": vacancy, "rows": _check_rows(vacancy.pk, answers)})


@never_cache
def apply_done(request: HttpRequest, pk: int) -> HttpResponse:
    if request.session.get("applied_to") != pk:
        return redirect("recruitment_vacancy_list")
    vacancy = get_public_vacancy(pk)
    return render(request, "recruitment/apply_done.html", {"vacancy": vacancy})


STAGE_EXPLAINED = {
    Stage.RECEIVED: "We have your application. The co-production manager will be in touch to arrange a relaxed "
                    "conversation about the role.",
    Stage.CONVERSATION: "We have arranged a conversation with you. The details are below and in our email.",
    Stage.OFFERED: "We would like to offer you a place. The co-production manager will talk it through with you.",
    Stage.ACCEPTED: "You have joined. Look out for an email with a link to set your password for the portal.",
    Stage.NOT_THIS_TIME: "We are not able to offer you a place this time. Thank you for applying: we would be glad "
                         "to hear from you again.",
    Stage.WITHDRAWN: "Your application has been withdrawn. You do not need to do anything else.",
}


@never_cache
def application_status(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's private page: only their application, found by the token in their email."""
    if not throttle.allow(request, "application_status"):
        return throttle.too_many(request)
    application = get_application_by_token(token)
    can_withdraw = Stage.WITHDRAWN in services.ALLOWED_MOVES[application.stage]
    if request.method == "POST" and request.POST.get("withdraw") == "yes" and can_withdraw:
        with contextlib.suppress(services.MoveNotAllowed):  # someone moved it first: show where it is now
            services.application_withdraw(application=application, by=None, note="Withdrawn by the applicant.")
        return redirect("recruitment_status", token=token)
    events = steps(application, field="stage")
    response = render(request, "recruitment/status.html", {
        "application": application, "explained": STAGE_EXPLAINED[application.stage], "events": events,
        "can_withdraw": can_withdraw, "confirm_withdraw": request.GET.get("withdraw") == "1",
        "retention_months": RecruitmentSettings.load().retention_months,
    })
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@sensitive_post_parameters()
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """From the welcome email: a new leader chooses their password, then signs in."""
    if not throttle.allow(request, "set_password"):
        return throttle.too_many(request)
    try:
        person = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        person = None
    if person is None or not default_token_generator.check_token(person, token):
        return render(request, "recruitment/set_password_invalid.html", status=400)
    form = SetPasswordForm(person, request.POST or None)
    form.fields["new_password1"].label = "Choose a password"
    form.fields["new_password2"].label = "Type the password again"
    form.fields["new_password1"].help_text = ""
    form.helper = password_helper()
    if request.method == "POST" and form.is_valid():
        form.save()
        record_event("password_set_from_invitation", actor=person)
        messages.success(request, "Your password is set. Sign in with your email address and new password.")
        return redirect("account_login")
    return render(request, "recruitment/set_password.html", {"form": form, "person": person})


# --- The manager: overview, vacancies and role descriptions ------------------------------------------------


@require_capability(Capability.MANAGE_PEOPLE)
def recruitment_overview(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage") or ""
    if stage and stage not in Stage.values:
        stage = ""

    def lists() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        vacancies = paginate(request, selectors.vacancies_page_rows(), size=20, param="vacancies_page")
        applications = paginate(request, selectors.application_rows(stage or None))
        return {"vacancies": selectors.vacancy_rows(list(vacancies.object_list)), "vacancies_page": vacancies,
                "applications": applications.object_list, "page": applications}

    return render(request, "recruitment/overview.html", {
        "kept": Kept(request, "recruitment", lists, reads=("stage", "vacancies_page", "page")),
        "stage": stage, "stages": Stage.choices})


@require_capability(Capability.MANAGE_PEOPLE)
def role_list(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/role_list.html", {"roles": selectors.role_descriptions()})


@require_capability(Capability.MANAGE_PEOPLE)
def role_new(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new role description, or (with pk) a new version of one, prefilled from its latest version."""
    role = RoleDescription.objects.filter(pk=pk).first() if pk else None
    if pk and role is None:
        raise Http404("Not found")
    latest = role.versions.order_by("-number").first() if role else None
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in services.ROLE_TEXT_FIELDS}
        initial.update(title=role.title, locality=latest.locality_id)
    form = RoleDescriptionForm(request.POST or None, initial=initial, fixed_title=role is not None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        title = role.title if role else data.pop("title")
        data.pop("title", None)
        if role is None and RoleDescription.objects.filter(title__iexact=title.strip()).exists():
            form.add_error("title", "A role with this title exists: publish a new version of it instead")
        else:
            version = services.role_description_publish(title=title, by=request.user, **data)
            messages.success(request, f"Version {version.number} of {version.role.title} is published.")
            return redirect("recruitment_role_detail", pk=version.role_id)
    return render(request, "recruitment/role_form.html", {"form": form, "role": role})


@require_capability(Capability.MANAGE_PEOPLE)
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    role = RoleDescription.objects.filter(pk=pk).first()
    if role is None:
        raise Http404("Not found")
    versions = list(role.versions.select_related("locality", "published_by").order_by("-number"))
    return render(request, "recruitment/role_detail.html",
                  {"role": role, "current": versions[0] if versions else None, "versions": versions})


def role_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Any published version stays readable by signed-in people (holders see the one they accepted)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    role = RoleDescription.objects.filter(pk=pk).first()
    version = role.versions.select_related("locality").filter(number=number).first() if role else None
    if version is None:
        raise Http404("Not found")
    latest = role.versions.order_by("-number").values_list("number", flat=True).first()
    return render(request, "recruitment/role_version.html",
                  {"role": role, "version": version, "is_latest": latest == version.number})


@require_capability(Capability.MANAGE_PEOPLE)
def vacancy_new(request: HttpRequest) -> HttpResponse:
    form = VacancyForm(request.POST or None, initial={"closing_on": timezone.localdate() + dt.timedelta(days=28)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        latest = data["role"].versions.order_by("-number").first()
        if latest is None:
            form.add_error("role", "This role has no published version yet")
        else:
            vacancy = services.vacancy_create(
                role_version=latest, closing_on=data["closing_on"], places=data["places"],
                locality=data["locality"], group=data["group"], introduction=data["introduction"],
                status=data["status"],
            )
            messages.success(request, "The vacancy is saved.")
            return redirect("recruitment_vacancy_manage", pk=vacancy.pk)
    return render(request, "recruitment/vacancy_form.html", {"form": form})


@require_capability(Capability.MANAGE_PEOPLE)
def vacancy_manage(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request.user, pk)
    form = VacancyStatusForm(request.POST or None, initial={"status": vacancy.status})
    if request.method == "POST" and form.is_valid():
        services.vacancy_set_status(vacancy=vacancy, status=form.cleaned_data["status"])
        messages.success(request, f"The vacancy is now {vacancy.get_status_display().lower()}.")
        return redirect("recruitment_vacancy_manage", pk=vacancy.pk)
    applications = selectors.applications_list().filter(vacancy=vacancy)
    return render(request, "recruitment/vacancy_manage.html",
                  {"vacancy": vacancy, "form": form, "applications": applications})


# --- The manager: one application and its moves -------------------------------------------------------------

MOVES: dict[str, dict[str, Any]] = {
    "conversation": {"to": Stage.CONVERSATION, "title": "Arrange a conversation", "button": "Arrange"},
    "offer": {"to": Stage.OFFERED, "title": "Offer a place", "button": "Yes, offer a place and send the email"},
    "accept": {"to": Stage.ACCEPTED, "title": "Record that they accepted",
               "button": "Yes, create their account and start onboarding"},
    "not-this-time": {"to": Stage.NOT_THIS_TIME, "title": "Not this time",
                      "button": "Yes, send the 'not this time' email"},
    "withdraw": {"to": Stage.WITHDRAWN, "title": "Record that they withdrew",
                 "button": "Yes, record that they withdrew"},
}


def _available_moves(application: Application) -> list[tuple[str, str]]:
    allowed = services.ALLOWED_MOVES[application.stage]
    return [(slug, move["title"]) for slug, move in MOVES.items() if move["to"] in allowed]


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    application = get_application_for_user(request.user, pk)
    events = steps(application, field="stage", with_notes=True)
    return render(request, "recruitment/application_detail.html", {
        "application": application, "events": events, "manages": manages_people(request.user),
        "moves": _available_moves(application) if manages_people(request.user) else [],
    })


@require_capability(Capability.MANAGE_PEOPLE)
def application_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    if move not in MOVES:
        raise Http404("Not found")
    spec = MOVES[move]
    if spec["to"] not in services.ALLOWED_MOVES[application.stage]:
        messages.error(request, f"This application is '{application.get_stage_display()}': "
                                f"it cannot move to '{Stage(spec['to']).label}'.")
        return redirect("recruitment_application", pk=application.pk)
    if move == "conversation":
        form: Any = ConversationForm(request.POST or None)
    elif move == "accept":
        form = None
    else:
        form = NoteForm(request.POST or None, button=spec["button"])
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if move == "conversation":
                when = timezone.make_aware(dt.datetime.combine(form.cleaned_data["on"], form.cleaned_data["at"]))
                services.application_arrange_conversation(application=application, by=request.user, when=when,
                                                          details=form.cleaned_data["details"])
            elif move == "offer":
                services.application_offer(application=application, by=request.user, note=form.cleaned_data["note"])
            elif move == "accept":
                services.application_accept(application=application, by=request.user)
            elif move == "not-this-time":
                services.application_not_this_time(application=application, by=request.user,
                                                   note=form.cleaned_data["note"])
            else:
                services.application_withdraw(application=application, by=request.user,
                                              note=form.cleaned_data["note"])
        except services.MoveNotAllowed as error:
            messages.error(request, str(error))
            return redirect("recruitment_application", pk=application.pk)
        messages.success(request, f"{application.full_name}: {Stage(spec['to']).label.lower()}. "
                                  "The email to them is on its way.")
        return redirect("recruitment_application", pk=application.pk)
    return render(request, "recruitment/application_move.html",
                  {"application": application, "form": form, "spec": spec, "move": move})


@require_capability(Capability.MANAGE_PEOPLE)  # sign-in and role first
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the welcome email again, with a new link to set a password. The GET asks first."""
    application = get_application_for_user(request.user, pk)
    if request.method != "POST":
        return confirmation_page(request, Confirmation(
            question=f"Send the invitation email to {application.full_name} again?",
            button="Yes, send it again", caption=application.full_name,
            back_url=reverse("recruitment_application", args=[application.pk]),
            details=[f"{application.full_name} is emailed at {application.email} with a new link to set their "
                     "password and sign in."],
            warning="An email cannot be called back once it is sent."))
    try:
        services.invitation_resend(application=application, by=request.user)
    except services.MoveNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The invitation is sent again.")
    return redirect("recruitment_application", pk=application.pk)


@require_capability(Capability.MANAGE_PEOPLE)
def recruitment_reports(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/reports.html", {"report": selectors.recruitment_report()})

