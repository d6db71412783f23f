"""Each person's communication needs (recorded once, NHS Accessible Information Standard) and the formats made
for them when a pack goes out (`meetings.formats`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class CommunicationNeeds(models.Model):
    """What a person needs to read the papers and take part, recorded once for every meeting. Seen by the
    person (their own page) and by staff with VIEW_COMMUNICATION_NEEDS; chairs of their meetings see the
    support they need at meetings only if the person agrees."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="communication_needs")
    large_print = models.BooleanField("large print", default=False)
    web_version = models.BooleanField("an accessible web version", default=False)
    audio = models.BooleanField("audio", default=False)
    printed_by_post = models.BooleanField("a printed copy by post", default=False)
    easy_read = models.BooleanField("easy read", default=False)
    interpreter = models.CharField("an interpreter at meetings (which language)", max_length=100, blank=True,
                                   help_text="For example, British Sign Language, or Polish.")
    supporter = models.BooleanField("a supporter with me at meetings", default=False)
    postal_address = models.TextField("address for printed copies", blank=True)
    note = models.CharField("anything else we should know", max_length=500, blank=True)
    share_with_chairs = models.BooleanField(
        "the chairs of my meetings may see the support I need at meetings", default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "communication needs"

    def __str__(self) -> str:
        return f"Communication needs of {self.person}"

    @property
    def automatic_formats(self) -> list[str]:
        """Formats the portal makes by itself for each pack."""
        wanted = [(self.large_print, FormatDelivery.Kind.LARGE_PRINT), (self.web_version, FormatDelivery.Kind.WEB),
                  (self.audio, FormatDelivery.Kind.AUDIO)]
        return [kind for on, kind in wanted if on]

    @property
    def at_meetings(self) -> list[str]:
        support = [f"an interpreter ({self.interpreter})"] if self.interpreter else []
        return support + (["a supporter"] if self.supporter else [])

    @property
    def any(self) -> bool:
        return bool(self.automatic_formats or self.printed_by_post or self.easy_read or self.at_meetings)


class FormatFile(models.Model):
    """One file made for a dispatch: the agenda (no version) or a paper version, as large print, an
    accessible web page or audio. Made once and shared by everyone who asked for that format."""

    class Kind(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print (PDF)"
        WEB = "web", "Accessible web version"
        AUDIO = "audio", "Audio"

    key = models.CharField(max_length=80, unique=True)  # "<dispatch>:<version or agenda>:<kind>"
    dispatch = models.ForeignKey("meetings.PackDispatch", on_delete=models.CASCADE, related_name="format_files")
    version = models.ForeignKey("meetings.PaperVersion", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="format_files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    storage_name = models.CharField(max_length=300)
    mimetype = models.CharField(max_length=60)
    size = models.PositiveIntegerField(default=0)
    seconds = models.PositiveIntegerField(null=True, blank=True)  # audio length
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dispatch", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def extension(self) -> str:
        return {"large_print": "pdf", "web": "html", "audio": "mp3"}[self.kind]


class FormatDelivery(models.Model):
    """One person's format for one dispatch, and whether it went out by the papers deadline (for post: by the
    deadline less the postal days). Made and sent by the portal, or (post) posted by the manager. Easy read is
    the manager's task before the pack (an `AccessibleFormatRequest` due by the papers deadline)."""

    class Kind(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print"
        WEB = "web", "Accessible web version"
        AUDIO = "audio", "Audio"
        POST = "post", "Printed copy by post"

    dispatch = models.ForeignKey("meetings.PackDispatch", on_delete=models.CASCADE, related_name="format_deliveries")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="format_deliveries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)  # sent (made formats) or posted
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    problem = models.CharField(max_length=300, blank=True)  # why it could not be made
    email = models.ForeignKey("coproduction.OutgoingEmail", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["dispatch", "person__full_name", "kind"]
        constraints = [models.UniqueConstraint(fields=["dispatch", "person", "kind"],
                                               name="one_format_delivery_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"

    @property
    def on_time(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_at

    def is_late(self, now: object = None) -> bool:
        """Not done by when it was due (or done after)."""
        now = now or timezone.now()
        return (self.done_at or now) > self.due_at
