"""Rules for a leader's first steps and growth: the group agreement, the onboarding checklist, the
development record (training, goals, certificates), the download of everything held about a person, and the
deletion of applications not taken forward."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from coproduction.mail import absolute_url, queue_email
from coproduction.models import OutgoingEmail, User
from coproduction.selectors import leaders
from coproduction.uploads import StorageUnavailable, UnsafeImage, pdf_or_picture, save_private

from .models import (
    AgreementSignature,
    Application,
    Certificate,
    DevelopmentGoal,
    GroupAgreementVersion,
    OnboardingChecklist,
    RecruitmentSettings,
    TrainingRecord,
)
from .services import plain_text

# --- Group agreement ----------------------------------------------------------------------------------------


class AlreadySigned(Exception):
    pass


def current_agreement() -> GroupAgreementVersion | None:
    return GroupAgreementVersion.objects.order_by("-number").first()


def agreement_publish(*, text: str, what_changed: str = "", by: Any) -> GroupAgreementVersion:
    """Publish a new version; every leader is asked (by email and on their home page) to read and sign it."""
    with transaction.atomic():
        latest = GroupAgreementVersion.objects.select_for_update().aggregate(n=Max("number"))["n"] or 0
        version = GroupAgreementVersion.objects.create(
            number=latest + 1, text=plain_text(text), what_changed=plain_text(what_changed),
            published_by=by if getattr(by, "pk", None) else None,
        )
        url = absolute_url(reverse("agreement"))
        for person in leaders().only("pk", "email", "full_name"):
            queue_email(key=f"agreement:{version.number}:person:{person.pk}", to=person.email,
                        recipient=person, template="recruitment-agreement",
                        context={"person": person, "version": version, "agreement_url": url})
    return version


def agreement_sign(*, person: User, version: GroupAgreementVersion, typed_name: str) -> AgreementSignature:
    """Sign a version: the name typed, the date and the version. Only the current version can be signed."""
    current = current_agreement()
    if current is None or current.pk != version.pk:
        raise ValueError("Only the current version of the group agreement can be signed.")
    name = plain_text(typed_name)
    if not name:
        raise ValueError("Type your full name to sign.")
    try:
        with transaction.atomic():
            return AgreementSignature.objects.create(version=version, person=person, typed_name=name)
    except IntegrityError as error:
        raise AlreadySigned("You have already signed this version.") from error


# --- Onboarding ---------------------------------------------------------------------------------------------


def onboarding_tick(*, checklist: OnboardingChecklist, step: str, by: User, done: bool = True,
                    note: str = "", advice_taken: bool | None = None) -> OnboardingChecklist:
    """Tick (or, for the manager, untick) a step, recording who and when. Ticking twice keeps the first tick,
    except that whether benefits advice was taken up can be recorded again (the leader may decide later)."""
    if step not in OnboardingChecklist.STEPS:
        raise ValueError(f"Unknown step {step!r}")
    with transaction.atomic():
        locked = OnboardingChecklist.objects.select_for_update().get(pk=checklist.pk)
        already = getattr(locked, f"{step}_done_at") is not None
        if step == "benefits":
            locked.benefits_advice_taken = advice_taken if done else None
        if done and already and step != "benefits":
            return locked
        if not (done and already):
            setattr(locked, f"{step}_done_at", timezone.now() if done else None)
            setattr(locked, f"{step}_done_by", by if done else None)
        if step == "first_meeting":
            locked.first_meeting_note = plain_text(note)[:200] if done else ""
        locked._history_user = by
        locked.save()
    return locked


# --- Development record -------------------------------------------------------------------------------------


def training_offer(*, person: User, title: str, detail: str = "", offered_on: dt.date | None = None,
                   by: User) -> TrainingRecord:
    return TrainingRecord.objects.create(person=person, title=plain_text(title), detail=plain_text(detail),
                                         offered_on=offered_on or timezone.localdate(), added_by=by)


def training_complete(*, training: TrainingRecord, on: dt.date | None = None) -> TrainingRecord:
    with transaction.atomic():
        locked = TrainingRecord.objects.select_for_update().get(pk=training.pk)
        if locked.completed_on is None:
            locked.completed_on = on or timezone.localdate()
            locked.save(update_fields=["completed_on"])
    return locked


def goal_add(*, person: User, goal: str, steps: str = "") -> DevelopmentGoal:
    return DevelopmentGoal.objects.create(person=person, goal=plain_text(goal), steps=plain_text(steps))


def goal_achieve(*, goal: DevelopmentGoal, on: dt.date | None = None) -> DevelopmentGoal:
    with transaction.atomic():
        locked = DevelopmentGoal.objects.select_for_update().get(pk=goal.pk)
        if locked.achieved_on is None:
            locked.achieved_on = on or timezone.localdate()
            locked.save(update_fields=["achieved_on"])
    return locked


MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
class UploadRefused(ValueError):
    pass


def certificate_upload(*, person: User, upload: Any, title: str, by: User,
                       training: TrainingRecord | None = None) -> Certificate:
    size = upload.size
    if size > MAX_CERTIFICATE_BYTES:
        raise UploadRefused("The certificate must be smaller than 10 MB.")
    if size == 0:
        raise UploadRefused("The file is empty.")
    try:
        kind = pdf_or_picture(upload)
    except UnsafeImage as error:
        raise UploadRefused(str(error)) from error
    if kind is None:
        raise UploadRefused("The certificate must be a PDF, PNG or JPEG file.")
    mimetype, extension = kind
    upload.seek(0)
    data = upload.read()
    try:
        storage_name = save_private(f"certificates/{person.pk}/{secrets.token_hex(16)}.{extension}",
                                    ContentFile(data))
    except StorageUnavailable as error:
        raise UploadRefused(error.messages[0]) from error
    shown_name = f"{plain_text(title)[:80] or 'certificate'}.{extension}"
    return Certificate.objects.create(person=person, training=training, title=plain_text(title) or "Certificate",
                                      storage_name=storage_name, filename=shown_name, mimetype=mimetype,
                                      size=len(data), uploaded_by=by)


# --- Retention ----------------------------------------------------------------------------------------------


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    months = RecruitmentSettings.load().retention_months
    return (now or timezone.now()) - relativedelta(months=months)


def applications_purge(*, now: dt.datetime | None = None) -> int:
    """Delete applications not taken forward (not this time / withdrawn) whose last step is older than the
    retention period, with their history, events and the emails sent to them. Returns how many."""
    cutoff = retention_cutoff(now)
    expired = Application.objects.filter(stage__in=Application.NOT_TAKEN_FORWARD, stage_changed_at__lt=cutoff)
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        for pk in ids:
            OutgoingEmail.objects.filter(key__startswith=f"application:{pk}:").delete()
        _, per_model = Application.objects.filter(pk__in=ids, stage__in=Application.NOT_TAKEN_FORWARD,
                                                  stage_changed_at__lt=cutoff).delete()
        # The history holds copies of the data (and deleting adds one more): it goes too.
        Application.history.filter(id__in=ids).delete()
    return per_model.get(Application._meta.label, 0)
