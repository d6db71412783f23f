"""Meetings of a group, their agenda and papers, the pack sent to everyone invited, who attended, the
minutes and the decision log.

Deadlines are computed by `meetings.deadlines` from the group's `NoticeRule`; emails go through
`coproduction.mail.queue_email` so each message is recorded and sent once.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from coproduction.models import GovernanceGroup, OutgoingEmail
from coproduction.transitions import HistoryStep

from .deadlines import papers_deadline

DEFAULT_NOTICE_DAYS = 7


class NoticeRule(models.Model):
    """How much notice a group's papers need (set by an admin)."""

    class Kind(models.TextChoices):
        CALENDAR = "calendar", "Calendar days"
        WORKING = "working", "Working days (weekends and England and Wales bank holidays skipped)"

    group = models.OneToOneField(GovernanceGroup, on_delete=models.CASCADE, related_name="notice_rule")
    days = models.PositiveSmallIntegerField(default=7)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CALENDAR)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name"]

    def __str__(self) -> str:
        unit = "calendar" if self.kind == self.Kind.CALENDAR else "working"
        return f"{self.days} {unit} days"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        PAPERS_SENT = "papers_sent", "Papers sent"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey(GovernanceGroup, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True, help_text="Address or room, if it meets in person.")
    online_details = models.CharField(max_length=500, blank=True,
                                      help_text="How to join online, if it meets online.")
    accessibility = models.TextField(blank=True, help_text="For example: step-free access, a quiet room, captions.")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="meetings_chaired")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    # Rises every time the meeting's time, place or status changes, for calendar invites (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Meetings created together as a series share this value.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    # Set when the chair approves a late pack or a late paper; shown on the notice compliance report.
    late_papers = models.BooleanField(default=False)
    cancel_reason = models.CharField(max_length=300, blank=True)
    guests = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="meetings_as_guest",
                                    help_text="People invited who are not members of the group.")
    # On PostgreSQL, the title's words as a stored tsvector (GIN index), kept current by a trigger (migration
    # 0012), so decision search never parses meeting titles again; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(m2m_fields=[guests], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_ends_after_it_starts"),
        ]
        # The meetings pages list by date (coming up: ends after now; past: newest first) a page at a time.
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_at"),
                   models.Index(fields=["ends_at"], name="meeting_ends_at")]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    @property
    def local_date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @cached_property
    def deadline(self) -> dt.datetime:
        """When the papers must go out: the group's notice rule (7 calendar days if an admin has not set one),
        counted back from the start (`meetings.deadlines`). Select the group and its notice rule with the
        meeting to keep this free of queries."""
        try:
            rule = self.group.notice_rule
        except NoticeRule.DoesNotExist:
            return papers_deadline(self.starts_at, DEFAULT_NOTICE_DAYS, NoticeRule.Kind.CALENDAR)
        return papers_deadline(self.starts_at, rule.days, rule.kind)

    def is_chaired_by(self, user: object) -> bool:
        """Only the meeting's chair decides on late papers and lets a paper with must-fix findings go out."""
        return self.chair_id is not None and self.chair_id == getattr(user, "pk", None)


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    minutes_allowed = models.PositiveSmallIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        # Positions are 1, 2, 3 ... within a meeting (services.agenda_item_move and _remove keep them so).
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_position_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Paper(models.Model):
    """A paper for a meeting. A paper with no version yet is expected: its author gets reminders."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="papers")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="papers")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="papers_authored",
                               help_text="Who writes the paper. They get reminders before the deadline.")
    summary = models.TextField("summary in plain words", blank=True,
                               help_text="One short paragraph: what the paper is about and what it asks for.")
    # The newest version people may read (a late version waits for the chair's approval).
    current_version = models.ForeignKey("PaperVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "agenda_item__order", "title"]

    def __str__(self) -> str:
        return self.title


class PaperVersion(models.Model):
    """One upload (or one text written in the portal) of a paper. Versions are never changed or deleted."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        MARKDOWN = "md", "Markdown text"
        TEXT = "txt", "Plain text"
        WRITTEN = "written", "Written in the portal"

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=10, choices=Format.choices)
    original_filename = models.CharField(max_length=200, blank=True)
    storage_name = models.CharField(max_length=300)  # server-made name in default storage (private)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Waiting for the chair's approval (added or replaced after the pack went out): invitees do not see it.
    held = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # The plain-language check of this version (filled by plain_language once it is wired in).
    check_report = models.JSONField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [models.UniqueConstraint(fields=["paper", "number"], name="one_paper_version_number")]

    def __str__(self) -> str:
        return f"{self.paper} (version {self.number})"

    @property
    def extension(self) -> str:
        return {"pdf": "pdf", "docx": "docx", "md": "md", "txt": "txt", "written": "txt"}[self.format]

    @property
    def mimetype(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "md": "text/markdown; charset=utf-8",
            "txt": "text/plain; charset=utf-8",
            "written": "text/plain; charset=utf-8",
        }[self.format]

    @property
    def download_filename(self) -> str:
        return f"{slugify(self.paper.title)[:60] or 'paper'}-v{self.number}.{self.extension}"


class PackDispatch(models.Model):
    """One sending of a meeting's pack (or an update, late papers, or a cancellation) to everyone invited."""

    class Kind(models.TextChoices):
        PACK = "pack", "Agenda and papers"
        LATE_PAPERS = "late_papers", "Late or changed papers"
        UPDATE = "update", "Changed time or place"
        CANCELLATION = "cancellation", "Cancellation"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="dispatches")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PACK)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # the meeting's SEQUENCE when this was sent
    deadline = models.DateTimeField(null=True, blank=True)  # the papers deadline at the time
    on_time = models.BooleanField(default=True)
    late_request = models.ForeignKey("LatePaperRequest", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="dispatches")
    paper_versions = models.ManyToManyField(PaperVersion, blank=True, related_name="dispatches")
    # A worker preparing the emails holds the dispatch until `lease_until`; `enqueue_error` says the background
    # service could not be asked to start (the portal tries again by itself).
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueue_error = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["lease_until", "enqueue_error"])

    class Meta:
        ordering = ["-requested_at"]
        verbose_name_plural = "pack dispatches"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.meeting}"


class PackRecipient(models.Model):
    """One person's copy of a dispatch: its email (sent / failed with reason) and whether they read it."""

    dispatch = models.ForeignKey(PackDispatch, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="packs")
    email = models.ForeignKey(OutgoingEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attached = models.BooleanField(default=True)  # papers attached (False: linked, as they were too large)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dispatch", "person"], name="one_pack_per_person")]

    def __str__(self) -> str:
        return f"{self.dispatch} to {self.person}"


class LatePaperRequest(models.Model):
    """A late pack, or a paper added or replaced after the pack went out: needs a reason and the chair's yes."""

    class Kind(models.TextChoices):
        LATE_PACK = "late_pack", "Sending the pack after the deadline"
        LATE_PAPER = "late_paper", "Adding or replacing a paper after the pack went out"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the chair"
        APPROVED = "approved", "Approved by the chair"
        REFUSED = "refused", "Not approved"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="late_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    paper_version = models.ForeignKey(PaperVersion, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="late_requests")
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.meeting}"


class AccessibleFormatRequest(models.Model):
    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        AUDIO = "audio", "Audio"
        PAPER = "paper", "Paper copies by post"
        BRIEFING = "briefing", "A briefing before the meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="format_requests")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="format_requests")
    format = models.CharField(max_length=20, choices=Format.choices)
    note = models.CharField("anything else we should know", max_length=500, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    # When it must be ready (easy read made from a person's recorded needs: the papers deadline).
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person", "format"],
                                               name="one_format_request_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} for {self.person}"

    @property
    def is_late(self) -> bool:
        """Not done by when it was due (only requests with a due time can be late)."""
        return self.due_at is not None and (self.done_at or timezone.now()) > self.due_at


class CalendarFeedToken(models.Model):
    """A private calendar subscription link. Only a hash of the secret is kept; revoking ends it at once."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar link of {self.person}"


class Attendance(models.Model):
    """Who attended a meeting. Attendance by a leader can become a payable activity (payments app)."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


class Minutes(models.Model):
    """A meeting's minutes: a draft, then with the leaders who attended, then with everyone who attended (for
    comments, `meetings.minutes`), then sent to the group, until the next meeting approves them."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        WITH_LEADERS = "with_leaders", "With the leaders who attended, for comments"
        WITH_ATTENDEES = "with_attendees", "With everyone who attended, for comments"
        CIRCULATED = "circulated", "Sent to the group"
        APPROVED = "approved", "Approved"

    # Comments are taken in these states; the text may still change (the chair accepts a comment).
    OPEN_FOR_COMMENTS = (Status.WITH_LEADERS, Status.WITH_ATTENDEES)

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_at_meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="minutes_approved_here")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(bases=[HistoryStep])

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_open_for_comments(self) -> bool:
        return self.status in self.OPEN_FOR_COMMENTS

    @property
    def group_may_read(self) -> bool:
        """Everyone invited reads the minutes once they are sent to the group; before, only the attendees."""
        return self.status in (self.Status.CIRCULATED, self.Status.APPROVED)


class Decision(models.Model):
    """The decision log: what was decided, by which meeting, why, and who carries it out."""

    class Status(models.TextChoices):
        AGREED = "agreed", "Agreed"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        STOPPED = "stopped", "Stopped"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="decisions")
    title = models.CharField(max_length=200)
    decision = models.TextField("what was decided")
    rationale = models.TextField("why", blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="decisions_owned")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AGREED, db_index=True)
    decided_on = models.DateField()
    # On PostgreSQL, the weighted words of title, decision and rationale (selectors.DECISION_TEXT) as a stored
    # tsvector (GIN index), kept current by a trigger (migration 0012); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-decided_on", "title"]
        indexes = [models.Index(fields=["-decided_on", "title"], name="decision_newest_first")]

    def __str__(self) -> str:
        return self.title


# --- The plain-language check (plain_language) ---------------------------------------------------------

class GlossaryEntry(models.Model):
    """An abbreviation with its plain expansion: the wording the checker suggests when a paper does not
    explain it. Seeded from plain_language/data/glossary.csv; admins may add and change entries."""

    short = models.CharField(max_length=30, unique=True, help_text="As written, for example ICB or A&E.")
    long = models.CharField("in full", max_length=200)
    explanation = models.TextField("plain explanation", blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the wording came from.")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["short"]
        verbose_name = "glossary entry"
        verbose_name_plural = "glossary"

    def __str__(self) -> str:
        return f"{self.short}: {self.long}"


class AllowedAcronym(models.Model):
    """An abbreviation this audience knows without explanation (for example NHS, GP)."""

    short = models.CharField(max_length=30, unique=True)
    reason = models.CharField(max_length=300, help_text="Why it needs no explanation.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["short"]
        verbose_name = "allowed abbreviation"

    def __str__(self) -> str:
        return self.short


class PaperFinding(models.Model):
    """One thing the check found in one paper version. `key` is stable within the version (made from the
    kind, the words and the place), so an acknowledgement always points at the same finding."""

    class Severity(models.TextChoices):
        MUST_FIX = "must-fix", "Must fix"
        ADVICE = "advice", "Advice"

    version = models.ForeignKey(PaperVersion, on_delete=models.CASCADE, related_name="findings")
    key = models.CharField(max_length=20)
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=30)
    severity = models.CharField(max_length=10, choices=Severity.choices, db_index=True)
    text = models.CharField(max_length=300)
    location = models.CharField(max_length=300)
    snippet = models.CharField(max_length=300, blank=True)
    message = models.TextField()
    suggestion = models.TextField(blank=True)
    # Where it is in the checked text (check_report["blocks"]): the block, and the span in it if known.
    block = models.IntegerField(null=True, blank=True)
    start = models.IntegerField(null=True, blank=True)
    end = models.IntegerField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledge_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_finding_per_key")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"

    @property
    def is_must_fix(self) -> bool:
        return self.severity == self.Severity.MUST_FIX

    @property
    def anchor(self) -> str:
        return f"finding-{self.key}"


class CheckOverride(models.Model):
    """The chair lets a paper version go out although it still has must-fix findings, with a reason."""

    version = models.OneToOneField(PaperVersion, on_delete=models.PROTECT, related_name="check_override")
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Chair's override for {self.version}"


# Models kept in their own modules, imported here so Django finds them.
from .format_models import CommunicationNeeds, FormatDelivery, FormatFile  # noqa: E402, F401
from .minutes_models import MinutesComment  # noqa: E402, F401
