"""Recruitment, onboarding and development: role descriptions (versioned), vacancies, applications and their
pipeline, role holdings, the onboarding checklist, the group agreement (versioned) and its signatures, training,
development goals and certificates.

Never a diagnosis or illness history: applications ask about experience in the applicant's own words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coproduction.models import GovernanceGroup, Locality, Profile
from coproduction.transitions import HistoryStep

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
    history = HistoricalRecords(excluded_fields=["token_hash"], bases=[HistoryStep])

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.full_name} for {self.vacancy_id}"

    def support_labels(self) -> list[str]:
        labels = dict(self.Support.choices)
        return [labels.get(value, value) for value in self.conversation_support]


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
        """The saved settings, or the defaults (nothing is written until an admin saves them)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


# --- Onboarding, group agreement, development --------------------------------------------------------------


class OnboardingChecklist(models.Model):
    """A new leader's first steps. "Group agreement signed" is read from the signatures (current version).

    Independent benefits advice is offered before the first paid role; only whether it was offered (who, when)
    and whether the leader took it up are recorded, never the details of their benefits."""

    STEPS = {
        "benefits": "Independent benefits advice offered (before the first paid role)",
        "payment": "Payment preference recorded",
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
    # Whether the leader took up the offer (None: not decided). Never anything about their benefits.
    benefits_advice_taken = models.BooleanField("took up the offer of independent benefits advice", null=True,
                                                blank=True)
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
