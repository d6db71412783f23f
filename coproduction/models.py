"""People, places and groups of the alliance.

Profiles hold what a colleague would know: name, pronouns, contact and access needs, locality. Never a
diagnosis or illness history.
"""

from __future__ import annotations

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


class OutgoingEmail(models.Model):
    """One email to one person, recorded before it is sent so delivery is visible and never doubled.

    `key` says what the email is for (e.g. "pack:12:person:5:v2"); queuing the same key twice returns the
    first row and sends nothing new. A row is claimed (queued -> sending) by exactly one worker.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending (not confirmed)"
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

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} to {self.to} ({self.get_status_display()})"


# --- Recruitment: role descriptions, vacancies, applications -------------------------------------------------


class RoleDescription(models.Model):
    """A role people can hold, such as "Expert by Experience leader". Its words live in numbered versions."""

    title = models.CharField(max_length=150, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RoleDescriptionVersion(models.Model):
    """One published wording of a role description. Published versions are never changed: a change is a new
    version, and the old one stays readable (people who accepted it can see what they agreed to)."""

    role = models.ForeignKey(RoleDescription, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    purpose = models.TextField("why the role exists")
    what_you_do = models.TextField("what you will do")
    time_commitment = models.CharField("how much time it takes", max_length=300)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="role_versions", help_text="Empty means county-wide.")
    how_paid = models.TextField("how it is paid")
    support_offered = models.TextField("support and training we offer")
    relevant_experience = models.TextField(
        "what lived experience is relevant",
        help_text="In everyday words. Never a diagnosis: we ask about experience of services and life, not health.",
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["role__title", "-number"]
        constraints = [models.UniqueConstraint(fields=["role", "number"], name="one_role_version_number")]

    def __str__(self) -> str:
        return f"{self.role.title} (version {self.number})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A published role description is never changed: publish a new version.")
        super().save(*args, **kwargs)


class Vacancy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        FILLED = "filled", "Filled"

    role_version = models.ForeignKey(RoleDescriptionVersion, on_delete=models.PROTECT, related_name="vacancies")
    group = models.ForeignKey(GovernanceGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="vacancies", help_text="The group the place is in, if there is one.")
    places = models.PositiveSmallIntegerField(default=1)
    closing_on = models.DateField("closing date")
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="vacancies", help_text="Empty means county-wide.")
    introduction = models.TextField(blank=True, help_text="A few friendly words at the top of the advert.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["closing_on", "pk"]
        verbose_name_plural = "vacancies"

    def __str__(self) -> str:
        return f"{self.role_version.role.title}, closes {self.closing_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.closing_on >= timezone.localdate()


class Application(models.Model):
    """Someone's application for a vacancy. Never a diagnosis or illness history: why they are interested is
    in their own words, and the form says they need not share health details."""

    class Stage(models.TextChoices):
        RECEIVED = "received", "Received"
        CONVERSATION = "conversation", "Conversation arranged"
        OFFERED = "offered", "Offered a place"
        ACCEPTED = "accepted", "Accepted"
        NOT_THIS_TIME = "not_this_time", "Not this time"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Channel(models.TextChoices):
        COMMUNITY_EVENT = "community_event", "A community event or listening event"
        PEER_GROUP = "peer_group", "A peer support group"
        VOLUNTARY_ORG = "voluntary_org", "A voluntary or community organisation"
        HEALTH_WORKER = "health_worker", "A health or social care worker"
        FRIEND = "friend", "A friend, family member or another leader"
        SOCIAL_MEDIA = "social_media", "Social media or a website"
        POSTER = "poster", "A poster, leaflet or newsletter"
        OTHER = "other", "Somewhere else"

    class Support(models.TextChoices):
        PHONE = "phone", "A phone call instead of a video call"
        IN_PERSON = "in_person", "Meeting in person"
        QUESTIONS_IN_ADVANCE = "questions_in_advance", "The questions in advance"
        SUPPORTER = "supporter", "A supporter with me"
        BREAKS = "breaks", "Breaks, or a shorter conversation"
        INTERPRETER = "interpreter", "An interpreter"

    TERMINAL = frozenset({Stage.ACCEPTED, Stage.NOT_THIS_TIME, Stage.WITHDRAWN})
    NOT_TAKEN_FORWARD = frozenset({Stage.NOT_THIS_TIME, Stage.WITHDRAWN})

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(max_length=10, choices=Profile.ContactMethod.choices,
                                         default=Profile.ContactMethod.EMAIL)
    conversation_support = models.JSONField(default=list, blank=True)
    access_needs = models.TextField(blank=True)
    interest = models.TextField()
    heard_via = models.CharField(max_length=20, choices=Channel.choices)
    heard_locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    consent_given_at = models.DateTimeField()
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    conversation_at = models.DateTimeField(null=True, blank=True)
    conversation_details = models.TextField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="applications")
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.full_name} for {self.vacancy_id}"

    def support_labels(self) -> list[str]:
        labels = dict(self.Support.choices)
        return [labels.get(value, value) for value in self.conversation_support]


class ApplicationEvent(models.Model):
    """One move along the pipeline: from which stage to which, who moved it and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=20, choices=Application.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Application.Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", help_text="Empty when the applicant did it themselves.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage} -> {self.to_stage}"


class RoleHolding(models.Model):
    """A person holds a role under the version of its description they accepted."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_holdings")
    role_version = models.ForeignKey(RoleDescriptionVersion, on_delete=models.PROTECT, related_name="holdings")
    accepted_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(null=True, blank=True)
    application = models.OneToOneField(Application, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="holding")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.person}: {self.role_version}"


class RecruitmentSettings(models.Model):
    """One row of settings the admin changes: how long applications not taken forward are kept."""

    retention_months = models.PositiveSmallIntegerField(
        "months to keep applications not taken forward", default=6,
        help_text="Applications marked 'not this time' or 'withdrawn' are deleted this long after that step.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "recruitment settings"
        verbose_name_plural = "recruitment settings"

    def __str__(self) -> str:
        return "Recruitment settings"

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> RecruitmentSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


# --- Onboarding, group agreement, development --------------------------------------------------------------


class OnboardingChecklist(models.Model):
    """A new leader's first steps. "Group agreement signed" is read from the signatures (current version)."""

    STEPS = {
        "payment": "Payment preference recorded",
        "benefits": "Benefits conversation offered",
        "induction": "Induction done",
        "first_meeting": "First meeting chosen",
    }
    # Steps the leader may tick themselves; the manager may tick any.
    LEADER_STEPS = frozenset({"payment", "first_meeting"})

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding")
    started_at = models.DateTimeField(default=timezone.now)
    payment_done_at = models.DateTimeField(null=True, blank=True)
    payment_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    benefits_done_at = models.DateTimeField(null=True, blank=True)
    benefits_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    induction_done_at = models.DateTimeField(null=True, blank=True)
    induction_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    first_meeting_done_at = models.DateTimeField(null=True, blank=True)
    first_meeting_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+")
    first_meeting_note = models.CharField("which meeting", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"Onboarding of {self.person}"


class GroupAgreementVersion(models.Model):
    """The group agreement everyone works to. A new version asks everyone to read and sign again."""

    number = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    what_changed = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Group agreement, version {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A published group agreement is never changed: publish a new version.")
        super().save(*args, **kwargs)


class AgreementSignature(models.Model):
    version = models.ForeignKey(GroupAgreementVersion, on_delete=models.PROTECT, related_name="signatures")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="agreement_signatures")
    typed_name = models.CharField(max_length=150)
    signed_on = models.DateField(default=timezone.localdate)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "person"], name="one_signature_per_version")]

    def __str__(self) -> str:
        return f"{self.typed_name} signed version {self.version_id}"


class TrainingRecord(models.Model):
    """Training offered to a leader and, when it happens, completed."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    offered_on = models.DateField(default=timezone.localdate)
    completed_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_on", "pk"]

    def __str__(self) -> str:
        return self.title


class DevelopmentGoal(models.Model):
    """A personal development goal the leader chose to record."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    goal = models.CharField(max_length=300)
    steps = models.TextField("how you plan to get there", blank=True)
    added_on = models.DateField(default=timezone.localdate)
    achieved_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_on", "pk"]

    def __str__(self) -> str:
        return self.goal


class Certificate(models.Model):
    """An uploaded certificate (PDF, PNG or JPEG), stored under a server-made name in private storage."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    training = models.ForeignKey(TrainingRecord, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="certificates")
    title = models.CharField(max_length=200)
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


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
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
