"""Reads for recruitment, onboarding and the manager's reports. Each runs a fixed number of queries."""

from __future__ import annotations

import statistics
from functools import cache
from typing import Any

from django.db import router
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduction.compiled import CompiledQuery, compile_with_markers, markers
from coproduction.models import GovernanceGroup, Membership, User
from coproduction.selectors import leaders

from .models import (
    AgreementSignature,
    Application,
    GroupAgreementVersion,
    OnboardingChecklist,
    RoleDescription,
    RoleHolding,
    Vacancy,
)

Stage = Application.Stage


def open_vacancies() -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(status=Vacancy.Status.OPEN, closing_on__gte=timezone.localdate())
        .select_related("role_version__role", "role_version__locality", "locality", "group")
        .order_by("closing_on", "pk")
    )


def stage_counts() -> dict[str, Any]:
    return {f"count_{stage.value}": Count("applications", filter=Q(applications__stage=stage))
            for stage in Stage}


def vacancies_page_rows() -> QuerySet[Any]:
    """The vacancies' ids in the overview's order, for paging (no counts: those come for one page)."""
    return Vacancy.objects.order_by("-closing_on", "-pk").values_list("pk", flat=True)


# The columns the recruitment overview shows of an application (name, role, date, stage and how they heard):
# the applicant's answers and contact details stay unread.
APPLICATION_ROW_FIELDS = ("full_name", "submitted_at", "stage", "heard_via", "vacancy__role_version__role__title",
                          "heard_locality__name")
VACANCY_STATUSES = dict(Vacancy.Status.choices)


@cache
def _vacancy_rows_query(alias: str, count: int) -> CompiledQuery:
    """The overview's vacancy rows for `count` ids as SQL, compiled once per process and page size: building
    the counts by stage through the ORM on every visit cost more than running them."""
    ids = markers(count)
    return compile_with_markers(
        Vacancy.objects.using(alias).filter(pk__in=ids).order_by("-closing_on", "-pk")
        .values("pk", "status", "closing_on", "places", role_title=F("role_version__role__title"),
                group_name=F("group__name"))
        .annotate(count_all=Count("applications"), **stage_counts()), ids)


def vacancy_rows(ids: list[int]) -> list[dict[str, Any]]:
    """The overview's vacancies with these ids, as the values a row shows (role title, group name, status,
    closing date, places) with their applications counted by stage: one query, the columns shown only."""
    if not ids:
        return []
    alias = router.db_for_read(Vacancy)
    rows = _vacancy_rows_query(alias, len(ids)).rows(alias, ids)
    for row in rows:
        row["status_label"] = VACANCY_STATUSES.get(row["status"], row["status"])
    return rows


def application_rows(stage: str | None = None) -> QuerySet[Application]:
    """The overview's applications, newest first, at this stage or any."""
    return applications_list(stage).only(*APPLICATION_ROW_FIELDS)


def applications_list(stage: str | None = None) -> QuerySet[Application]:
    applications = Application.objects.select_related("vacancy__role_version__role", "heard_locality")
    if stage:
        applications = applications.filter(stage=stage)
    return applications.order_by("-submitted_at")


def role_descriptions() -> QuerySet[RoleDescription]:
    return RoleDescription.objects.annotate(latest=Max("versions__number"),
                                            holders=Count("versions__holdings", distinct=True))


def _signed_current(person_ref: Any) -> Exists:
    latest = GroupAgreementVersion.objects.order_by("-number").values("pk")[:1]
    return Exists(AgreementSignature.objects.filter(person=person_ref, version=latest))


def onboarding_overview() -> QuerySet[OnboardingChecklist]:
    """Every checklist with its person and whether they signed the current agreement (one query)."""
    return (
        OnboardingChecklist.objects.select_related(
            "person", "payment_done_by", "benefits_done_by", "induction_done_by", "first_meeting_done_by")
        .annotate(signed_current=_signed_current(OuterRef("person")))
        .order_by("started_at", "pk")
    )


def checklist_steps(checklist: OnboardingChecklist, signed_current: bool) -> list[dict[str, Any]]:
    """The checklist as rows for a page: step, done or not, who ticked it and when."""
    rows = [{"key": "agreement", "label": "Group agreement signed", "done": signed_current,
             "at": None, "by": None}]
    for key, label in OnboardingChecklist.STEPS.items():
        rows.append({"key": key, "label": label, "done": getattr(checklist, f"{key}_done_at") is not None,
                     "at": getattr(checklist, f"{key}_done_at"), "by": getattr(checklist, f"{key}_done_by")})
    return rows


def first_missing_step(checklist: OnboardingChecklist, signed_current: bool) -> str | None:
    for row in checklist_steps(checklist, signed_current):
        if not row["done"]:
            return str(row["label"])
    return None


def agreement_status() -> QuerySet[User]:
    """Every active leader, with whether they signed the current version and the last version they signed."""
    return (
        leaders().annotate(signed_current=_signed_current(OuterRef("pk")),
                           last_signed=Max("agreement_signatures__version__number"))
        .order_by("full_name").distinct()
    )


def person_signature_state(user: Any) -> dict[str, Any]:
    """The current agreement and whether this person signed it (one query)."""
    version = (
        GroupAgreementVersion.objects.order_by("-number")
        .annotate(signed=Exists(AgreementSignature.objects.filter(version=OuterRef("pk"), person=user)))
        .first()
    )
    return {"version": version, "signed": bool(version and version.signed)}


def role_holdings(person: Any) -> QuerySet[RoleHolding]:
    return RoleHolding.objects.filter(person=person).select_related("role_version__role")


# --- Reports ------------------------------------------------------------------------------------------------


def median_days_to_conversation() -> float | None:
    pairs = Application.objects.filter(conversation_at__isnull=False).values_list("submitted_at",
                                                                                  "conversation_at")
    days = [(conversation - submitted).total_seconds() / 86400 for submitted, conversation in pairs]
    return round(statistics.median(days), 1) if days else None


def recruitment_report() -> dict[str, Any]:
    vacancies_by_status = dict(Vacancy.objects.values_list("status").annotate(n=Count("pk")).order_by())
    applications_by_stage = dict(Application.objects.values_list("stage").annotate(n=Count("pk")).order_by())
    heard = (
        Application.objects.values("heard_via", "heard_locality__name")
        .annotate(n=Count("pk")).order_by("heard_via", "heard_locality__name")
    )
    channel_labels = dict(Application.Channel.choices)
    checklists = list(onboarding_overview())
    complete = sum(1 for checklist in checklists if first_missing_step(checklist, checklist.signed_current) is None)
    step_done = {label: 0 for label in ["Group agreement signed", *OnboardingChecklist.STEPS.values()]}
    for checklist in checklists:
        for row in checklist_steps(checklist, checklist.signed_current):
            if row["done"]:
                step_done[row["label"]] += 1
    today = timezone.localdate()
    current = Membership.objects.current(today).filter(role_in_group=Membership.RoleInGroup.EBE_LEADER)
    groups = (
        GovernanceGroup.objects.annotate(
            active_leaders=Count("memberships", filter=Q(memberships__in=current), distinct=True))
        .annotate(gap=Coalesce(F("target_size"), Value(0)) - F("active_leaders"))
        .order_by("name")
    )
    return {
        "vacancies_by_status": [(label, vacancies_by_status.get(value, 0))
                                for value, label in Vacancy.Status.choices],
        "applications_by_stage": [(label, applications_by_stage.get(value, 0))
                                  for value, label in Stage.choices],
        "median_days_to_conversation": median_days_to_conversation(),
        "heard": [{"channel": channel_labels.get(row["heard_via"], row["heard_via"]),
                   "locality": row["heard_locality__name"] or "Not given", "count": row["n"]} for row in heard],
        "onboarding_total": len(checklists),
        "onboarding_complete": complete,
        "onboarding_steps": list(step_done.items()),
        "groups": groups,
    }


def _count_of(queryset: QuerySet[Any]) -> Coalesce:
    """A scalar subquery counting the rows of `queryset` (0 when there are none)."""
    counted = (queryset.order_by().annotate(_one=Value(1)).values("_one")
               .annotate(n=Count("pk", distinct=True)).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def home_facts(user: Any, *, as_leader: bool, as_manager: bool) -> dict[str, Any]:
    """Everything the home page needs from recruitment and onboarding, in one query."""
    latest = GroupAgreementVersion.objects.order_by("-number")
    annotations: dict[str, Any] = {}
    if as_leader:
        annotations.update(
            agreement_number=Subquery(latest.values("number")[:1]),
            agreement_signed=Exists(AgreementSignature.objects.filter(
                person=OuterRef("pk"), version=Subquery(latest.values("pk")[:1]))),
            has_checklist=Exists(OnboardingChecklist.objects.filter(person=OuterRef("pk"))),
            payment_done=Exists(OnboardingChecklist.objects.filter(person=OuterRef("pk"),
                                                                   payment_done_at__isnull=False)),
            first_meeting_done=Exists(OnboardingChecklist.objects.filter(person=OuterRef("pk"),
                                                                         first_meeting_done_at__isnull=False)),
        )
    if as_manager:
        unsigned = leaders().filter(~_signed_current(OuterRef("pk"))).filter(Exists(latest))
        annotations.update(
            applications_waiting=_count_of(Application.objects.filter(stage=Stage.RECEIVED)),
            leaders_unsigned=_count_of(User.objects.filter(pk__in=unsigned.values("pk"))),
        )
    if not annotations:
        return {}
    return User.objects.filter(pk=user.pk).annotate(**annotations).values(*annotations).first() or {}
