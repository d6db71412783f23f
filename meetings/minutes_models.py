"""Comments on draft minutes: who wrote each one, in which round, and the chair's answer (`meetings.minutes`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coproduction.transitions import HistoryStep


class MinutesComment(models.Model):
    """One attendee's comment on draft minutes. The chair accepts it (and changes the minutes) or answers it;
    the minutes go to the group only when every comment has one or the other."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the chair"
        ACCEPTED = "accepted", "Accepted: the minutes are changed"
        ANSWERED = "answered", "Answered by the chair"

    minutes = models.ForeignKey("meetings.Minutes", on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="minutes_comments")
    # The state of the minutes when the comment was made (with the leaders, or with everyone who attended).
    round = models.CharField(max_length=20)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryStep])

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.minutes}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
