"""Factories for meetings tests (personas come from tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from coproduction.models import Membership
from meetings import services
from meetings.deadlines import LONDON
from meetings.models import AgendaItem, Meeting, NoticeRule, Paper, PaperVersion
from tests.factories import GroupFactory, MembershipFactory, UserFactory


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


class NoticeRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeRule
        django_get_or_create = ("group",)

    group = factory.SubFactory(GroupFactory)
    days = 7
    kind = NoticeRule.Kind.CALENDAR


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Room 1, Town Hall"
    online_details = "Video call link sent on the day"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


def add_member(group, person=None, *, started_on: dt.date | None = None, **kwargs) -> Membership:
    return MembershipFactory(group=group, person=person or UserFactory(),
                             started_on=started_on or dt.date(2020, 1, 1), **kwargs)


def paper_with_text(meeting: Meeting, *, title: str = "Crisis line proposal", text: str = "The paper text.",
                    by=None, author=None, agenda_item=None, filename: str = "paper.md") -> tuple[Paper, PaperVersion]:
    paper = services.paper_create(meeting=meeting, title=title, by=by, author=author, agenda_item=agenda_item)
    version = services.paper_version_add(paper=paper, by=by, summary="What we plan and what we ask you to agree.",
                                         content=text.encode("utf-8"), filename=filename)
    paper.refresh_from_db()
    return paper, version


def minimal_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def minimal_docx() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
