"""Community listening: events, what people said (anonymised, consented), its themes, the decisions it
informed, and the "you said, we did" updates that tell people back.

Nothing here holds a diagnosis or illness history, and no feedback text holds a name, phone number or
email address: the forms and the import find them and ask for them to be removed (`engagement.pii`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coproduction.models import Locality, PrimaryCareNetwork
from coproduction.transitions import HistoryStep


class Theme(models.Model):
    """The admin-managed taxonomy of what feedback is about (seeded by a data migration)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True, help_text="Inactive themes stay on old feedback but are not offered.")
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Audience(models.Model):
    """A group of people a listening event reached (e.g. carers, young adults, rural areas)."""

    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "group reached"
        verbose_name_plural = "groups reached"

    def __str__(self) -> str:
        return self.name


class ListeningEvent(models.Model):
    class Format(models.TextChoices):
        DROP_IN = "drop_in", "Drop-in"
        GROUP_VISIT = "group_visit", "Community group visit"
        SURVEY = "survey", "Survey"
        FOCUS_GROUP = "focus_group", "Focus group"
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone line"

    class RunBy(models.TextChoices):
        LEADERS = "leaders", "Experts by Experience leaders"
        STAFF = "staff", "Staff"
        PARTNER = "partner", "A partner organisation"

    reference = models.CharField(max_length=40, unique=True, null=True, blank=True,
                                 help_text="A stable key for imports and demo data.")
    title = models.CharField("name of the event", max_length=200)
    held_on = models.DateField("date")
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="listening_events",
                                 help_text="Leave empty for a county-wide event.")
    network = models.ForeignKey(PrimaryCareNetwork, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="listening_events", verbose_name="primary care network")
    format = models.CharField(max_length=20, choices=Format.choices)
    run_by = models.CharField("who ran it", max_length=20, choices=RunBy.choices, default=RunBy.LEADERS)
    partner_name = models.CharField("partner organisation", max_length=200, blank=True)
    participants = models.PositiveIntegerField("how many people took part", default=0)
    audiences = models.ManyToManyField(Audience, blank=True, related_name="events",
                                       verbose_name="groups reached")
    notes = models.TextField(blank=True)
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, through="EventLeader", blank=True,
                                     related_name="listening_events_led")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="listening_events_logged")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["held_on"]),
                   # lists are newest first, ties by id: many events share a day, and the index orders them too
                   models.Index(fields=["held_on", "id"], name="engagement_event_newest")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %b %Y})"

    @property
    def place(self) -> str:
        if self.network_id:
            return f"{self.network}, {self.locality}"
        return str(self.locality) if self.locality_id else "County-wide"


class EventLeader(models.Model):
    """A leader who ran or attended a listening event, with the hours it took.

    The payments app turns these rows into payable activities (one row per leader and event).
    """

    class Part(models.TextChoices):
        RAN = "ran", "Ran the event"
        ATTENDED = "attended", "Helped at the event"

    event = models.ForeignKey(ListeningEvent, on_delete=models.CASCADE, related_name="leader_rows")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_rows")
    part = models.CharField(max_length=10, choices=Part.choices, default=Part.RAN)
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_row_per_leader_and_event")]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"


class FeedbackItem(models.Model):
    class Consent(models.TextChoices):
        QUOTE = "quote", "Can be quoted publicly"
        INTERNAL = "internal", "Use internally only"
        SUMMARY = "summary", "Summary only"

    class Status(models.TextChoices):
        HEARD = "heard", "Heard"
        CONSIDERING = "considering", "Being considered"
        INFORMED = "informed", "Informed a decision"
        TOLD_BACK = "told_back", "Told people back"
        NOT_TAKEN = "not_taken", "Not taken forward"

    OPEN_STATUSES = (Status.HEARD, Status.CONSIDERING, Status.INFORMED)
    CLOSED_STATUSES = (Status.TOLD_BACK, Status.NOT_TAKEN)

    reference = models.CharField(max_length=40, unique=True, null=True, blank=True)
    event = models.ForeignKey(ListeningEvent, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="feedback", verbose_name="where it was heard")
    heard_on = models.DateField("date it was heard", default=timezone.localdate)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="feedback", help_text="Leave empty for county-wide.")
    text = models.TextField("what was said", blank=True)
    summary = models.TextField("summary", blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices)
    themes = models.ManyToManyField(Theme, related_name="feedback")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.HEARD)
    # Filled by the status services; whole days, so the board's medians are plain SQL aggregates.
    informed_on = models.DateField(null=True, blank=True)
    told_back_on = models.DateField(null=True, blank=True)
    days_to_decision = models.PositiveIntegerField(null=True, blank=True)
    days_to_told_back = models.PositiveIntegerField(null=True, blank=True)
    told_back_how = models.TextField("how people were told", blank=True)
    not_taken_reason = models.TextField("reason given back", blank=True)
    # Text, summary, theme names and linked decision titles, for search.
    search_document = models.TextField(blank=True, editable=False)
    # On PostgreSQL, the document's words as a stored tsvector (GIN index), kept equal to search_document by a
    # trigger (migration 0008), so searching and ranking never parse the text again; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="feedback_logged")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["search_document", "search_vector"], bases=[HistoryStep])

    class Meta:
        ordering = ["-heard_on", "-pk"]
        indexes = [
            models.Index(fields=["heard_on", "status"]),
            # the feedback list is newest first, ties by id: every item of an event shares its day
            models.Index(fields=["heard_on", "id"], name="engagement_feedback_newest"),
            models.Index(fields=["locality", "heard_on"]),
            models.Index(fields=["status", "heard_on"]),
            # The board's search reads the newest quotable matches: this index skips the rest unread.
            models.Index(fields=["heard_on", "id"], condition=models.Q(consent="quote"),
                         name="feedback_quotable_newest"),
            # A leader's own feedback, newest first (their home page and list): read in order, never sorted.
            models.Index(fields=["logged_by", "heard_on", "id"], name="feedback_logged_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(consent="summary") | ~models.Q(summary=""),
                name="summary_only_feedback_has_a_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class FeedbackDecisionLink(models.Model):
    """Feedback that shaped a decision of the decision log, and a sentence on how."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="decision_links")
    decision = models.ForeignKey("meetings.Decision", on_delete=models.PROTECT, related_name="feedback_links")
    how_it_shaped = models.CharField("how it shaped the decision", max_length=500)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-linked_at"]
        constraints = [models.UniqueConstraint(fields=["item", "decision"], name="one_link_per_item_and_decision")]

    def __str__(self) -> str:
        return f"Feedback {self.item_id} -> decision {self.decision_id}"


class Update(models.Model):
    """A "you said, we did" update for a locality or a theme, published on a public page."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=150)
    you_said = models.TextField("you said")
    we_did = models.TextField("we did")
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="listening_updates")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="updates")
    decisions = models.ManyToManyField("meetings.Decision", blank=True, related_name="listening_updates")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def full_text(self) -> str:
        return f"{self.title}\n\nYou said\n\n{self.you_said}\n\nWe did\n\n{self.we_did}"

    @property
    def scope(self) -> str:
        parts = [str(self.locality) if self.locality_id else "", str(self.theme) if self.theme_id else ""]
        return ", ".join(p for p in parts if p) or "County-wide"


class FeedbackImport(models.Model):
    """A spreadsheet of feedback between upload and acceptance: the checked rows wait here, so nothing is
    lost between the preview and the accept, and nothing is imported until the preview is accepted."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to check"
        ACCEPTED = "accepted", "Imported"
        DISCARDED = "discarded", "Discarded"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    event = models.ForeignKey(ListeningEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rows = models.JSONField(default=list)     # validated rows, ready to create
    errors = models.JSONField(default=list)   # [{"row": 3, "messages": [...]}]
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class BoardPaperExport(models.Model):
    """A generated feedback-trail board paper (PDF in private storage), optionally added to a meeting."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    filters = models.JSONField(default=dict)
    storage_name = models.CharField(max_length=300)
    size = models.PositiveIntegerField(default=0)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="feedback_trail_papers")
    added_to_meeting_at = models.DateTimeField(null=True, blank=True)
    # The meetings app's paper record, when the meetings app exposes a service for it.
    meeting_paper_ref = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class TrailState(models.Model):
    """One row: how often the feedback behind the trail has changed, and which change the summary counts.

    `data_version` is raised by database triggers (migration 00xx_trail_summary) on every statement that
    changes feedback, its themes, its links to decisions, decisions, events' groups reached, themes, groups
    reached or localities, whatever made it (a service, the admin, an import, a bulk load). The trail reads
    this row first: a different `summary_version` means the summary is rebuilt before it is read, and the
    version is part of the cache key of the rendered figures, so figures never outlive the rows.
    """

    data_version = models.BigIntegerField(default=1)
    summary_version = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32, blank=True, help_text="New on every rebuild (part of cache keys).")
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Trail data {self.data_version}, summary {self.summary_version}"


class TrailCount(models.Model):
    """The board's trail counts: feedback items (theme empty) and their theme links (theme set), by the
    month they were heard, locality (empty: county-wide) and status. Rebuilt from the rows by
    `engagement.summary`; never edited by hand."""

    month = models.DateField()
    locality = models.ForeignKey(Locality, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    status = models.CharField(max_length=12, choices=FeedbackItem.Status.choices)
    theme = models.ForeignKey(Theme, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.locality_id} {self.status} {self.theme_id}: {self.n}"


class FeedbackContact(models.Model):
    """How to reach the person who gave a feedback item, kept apart from what they said (which stays
    anonymised): only when they agreed to be told what changed. The address is encrypted at rest
    (`coproduction.crypto`) and is wiped when they stop the messages."""

    item = models.OneToOneField(FeedbackItem, on_delete=models.CASCADE, related_name="contact")
    may_contact = models.BooleanField("agreed to be told what changed", default=False)
    email_encrypted = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["email_encrypted"])

    def __str__(self) -> str:
        return f"Contact for feedback {self.item_id}"

    @property
    def reachable(self) -> bool:
        return self.may_contact and bool(self.email_encrypted) and self.stopped_at is None


class PersonTold(models.Model):
    """One message telling the person behind a feedback item what changed: a decision it informed moved on,
    or a "you said, we did" update it fed was published. Recorded once per reason (`key`)."""

    class Reason(models.TextChoices):
        DECISION = "decision", "A decision it informed changed"
        UPDATE = "update", "An update it fed was published"

    key = models.CharField(max_length=120, unique=True)
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="told")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    decision = models.ForeignKey("meetings.Decision", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    update = models.ForeignKey(Update, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.ForeignKey("coproduction.OutgoingEmail", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    told_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-told_at"]
        verbose_name_plural = "people told"

    def __str__(self) -> str:
        return f"Told about feedback {self.item_id} ({self.get_reason_display()})"
