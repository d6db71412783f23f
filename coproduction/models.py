"""People, places and groups of the alliance.

Profiles hold what a colleague would know: name, pronouns, contact and access needs, locality. Never a
diagnosis or illness history.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Identified by email address; one name field (people's names vary)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        # The people list pages through everyone by name: read in index order, not sorted whole on each visit.
        indexes = [models.Index(fields=["full_name", "id"], name="user_by_name")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        profile = getattr(self, "profile", None)
        if profile is not None and profile.preferred_name:
            return profile.preferred_name
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Locality(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class PrimaryCareNetwork(models.Model):
    name = models.CharField(max_length=150, unique=True)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="networks")

    class Meta:
        ordering = ["locality__name", "name"]
        verbose_name = "primary care network"

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        POST = "post", "Letter by post"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    preferred_name = models.CharField("what you like to be called", max_length=100, blank=True)
    pronouns = models.CharField(max_length=50, blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    preferred_contact = models.CharField(
        "how you like us to contact you", max_length=10, choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )
    access_needs = models.TextField(
        "what helps you take part", blank=True,
        help_text="For example: papers in large print, a quiet room, a phone call instead of a video call.",
    )
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="people")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class GovernanceGroup(models.Model):
    """A board, operational group, working group or locality team of the alliance."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        OPERATIONAL = "operational", "Operational group"
        WORKING = "working", "Working group"
        LOCALITY = "locality", "Locality team"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.TextField(blank=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="groups")
    target_size = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many Experts by Experience leaders the group aims to have."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "group"

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: object | None = None) -> MembershipQuerySet:
        today = on or timezone.localdate()
        return self.filter(started_on__lte=today).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=today)
        )


class Membership(models.Model):
    """A person's role in a group, with dates. Memberships are ended, never deleted."""

    class RoleInGroup(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        EBE_LEADER = "ebe_leader", "Expert by Experience leader"
        PARTNER = "partner", "Partner member"
        STAFF = "staff", "Staff support"

    group = models.ForeignKey(GovernanceGroup, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role_in_group = models.CharField(max_length=20, choices=RoleInGroup.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group__name", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_in_group_display()} of {self.group}"


class AuditEvent(models.Model):
    """Append-only record of security-relevant events: sign-ins, failures, refusals.

    Changes to data are recorded by django-simple-history on each model; this table holds what is not
    a change to a row.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: people are erased (pseudonymised), never deleted, so their audit trail stays whole.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    action = models.CharField(max_length=50, db_index=True)
    detail = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)

    # What each recorded action means, in the words the audit page shows (codes stay as they are stored).
    LABELS = {
        "signed_in": "Signed in",
        "signed_out": "Signed out",
        "sign_in_failed": "Sign-in refused (wrong email address, password or code)",
        "access_refused": "Tried to open a page they may not see",
        "data_downloaded": "Downloaded their own data",
        "data_download_refused": "A link to download data was refused (too old, or for someone else)",
        "password_set_from_invitation": "Chose a password from their welcome email",
        "second_factor_changed": "Changed how they confirm it is them (authenticator app or backup codes)",
        "roles_changed": "Changed someone's roles (who, what and why in the details)",
    }

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.actor or ''}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events cannot be deleted.")

    @classmethod
    def label_for(cls, action: str) -> str:
        return cls.LABELS.get(action) or action.replace("_", " ").capitalize()

    @property
    def label(self) -> str:
        return self.label_for(self.action)


class OutgoingEmail(models.Model):
    """One email to one person, recorded before it is sent so delivery is visible and never doubled.

    `key` says what the email is for (e.g. "pack:12:person:5:v2"); queuing the same key twice returns the
    first row and sends nothing new. A row is claimed (queued -> sending) by exactly one worker.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending (not confirmed)"
        RETRYING = "retrying", "Trying again soon"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not send"

    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="emails")
    to = models.EmailField()
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename", "mimetype", "storage_name"} or {"filename", "mimetype", "content"} (text, e.g. .ics)]
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A worker holds a sending email until `lease_until`; past it, the email is sent again (the worker died).
    lease_until = models.DateTimeField(null=True, blank=True)
    # A temporary failure waits until `next_attempt_at` (backoff); `enqueued_at` is when a task was last asked for.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} to {self.to} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a copy sent twice is recognisable as one message."""
        domain = getattr(settings, "EMAIL_MESSAGE_ID_DOMAIN", "") or "portal.invalid"
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:16]
        return f"<email-{self.pk}.{digest}@{domain}>"


class WorkerHeartbeat(models.Model):
    """A background worker says it is alive every few seconds; a task held by a silent worker is recovered."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} (pid {self.pid})"


class ScheduledRun(models.Model):
    """One row per scheduled job and time slot: the first scheduler to write it runs the job, any other skips."""

    job = models.CharField(max_length=200)
    slot = models.DateTimeField()
    by = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_and_slot")]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M:%S}"


# --- Data protection: erasure requests and retention periods -----------------------------------------------


class ErasureRequest(models.Model):
    """A person's request to be forgotten, and when (and by whom) it was carried out."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    carried_out_at = models.DateTimeField(null=True, blank=True)
    carried_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Erasure request {self.pk} for person {self.person_id}"


class DataRetention(models.Model):
    """One row of retention periods the admin sets; scheduled tasks enforce them."""

    payment_records_years = models.PositiveSmallIntegerField(
        "years to keep payment records after the financial year", default=6,
        help_text="Claims, expenses and ledger entries of a person whose data was erased are removed this many "
                  "years after the end of the financial year (April to March) they were paid in.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "data retention settings"
        verbose_name_plural = "data retention settings"

    def __str__(self) -> str:
        return "Data retention settings"

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> DataRetention:
        """The saved settings, or the defaults (nothing is written until an admin saves them)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
