"""Factories for community listening tests (personas are in tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from coproduction.models import GovernanceGroup
from engagement.models import FeedbackItem, ListeningEvent, Theme
from meetings.models import Decision, Meeting
from tests.factories import GroupFactory, LocalityFactory


class BoardFactory(GroupFactory):
    name = factory.Sequence(lambda n: f"Board {n}")
    kind = GovernanceGroup.Kind.BOARD


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Board meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Fund evening clinics {n}")
    decision = "Fund evening clinics in every locality."
    decided_on = factory.LazyFunction(timezone.localdate)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListeningEvent

    title = factory.Sequence(lambda n: f"Drop-in {n}")
    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    locality = factory.SubFactory(LocalityFactory)
    format = ListeningEvent.Format.DROP_IN
    participants = 12


def theme(name: str = "Access and waiting") -> Theme:
    # Seeded by a migration; a browser test's flushed database may no longer hold it.
    return Theme.objects.get_or_create(name=name)[0]


class FeedbackFactory(factory.django.DjangoModelFactory):
    """A feedback item as the services would leave it (themes set after creation)."""

    class Meta:
        model = FeedbackItem
        skip_postgeneration_save = True

    heard_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=40))
    locality = factory.SubFactory(LocalityFactory)
    text = "I waited four months for a first appointment."
    consent = FeedbackItem.Consent.QUOTE

    @factory.post_generation
    def themes(self, create: bool, extracted: list[Theme] | None, **kwargs: object) -> None:
        self.themes.set(extracted if extracted is not None else [theme()])
        from engagement.services import refresh_search_document

        refresh_search_document(self)
