"""The portal's own pages pass the plain-language checker: no unexplained abbreviations and no stigmatising
words in what people see (public pages signed out; a leader's and the manager's pages signed in)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.language_check import checker_inputs
from plain_language import MUST_FIX, check_text
from tests.meetings.factories import AgendaItemFactory, paper_with_text

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)  # before the meeting's papers deadline
BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "dt", "dd", "label",
              "legend", "summary", "caption", "title", "button", "option", "br", "section", "header", "footer",
              "nav", "ul", "ol", "table", "form", "fieldset", "hr", "main", "a", "span"}
SKIP_TAGS = {"script", "style", "template", "noscript", "svg"}


class VisibleText(HTMLParser):
    """The text a person sees: every tag stripped, scripts and styles dropped, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        if tag in BLOCK_TAGS and tag not in ("a", "span"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        if tag in BLOCK_TAGS and tag not in ("a", "span"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)

    def text(self, html: str) -> str:
        self.feed(html)
        self.close()
        self._flush()
        return "\n\n".join(self.lines)


def must_fix_on(client: Client, url: str, inputs) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, f"{url} gave {response.status_code}"
    text = VisibleText().text(response.content.decode())
    report = check_text(text, fmt="text", glossary=inputs[0], allow=inputs[1])
    return [f"{url}: {finding.kind} '{finding.text}' in “{finding.location.snippet}”"
            for finding in report.findings if finding.severity == MUST_FIX]


@time_machine.travel(NOW, tick=False)
def test_the_portals_own_page_text_passes_the_checker(meeting, leader, manager, client_for):
    item = AgendaItemFactory(meeting=meeting, title="Crisis line hours", purpose="decision", lead=leader)
    paper, version = paper_with_text(meeting, text="# Crisis line\n\nWe propose longer hours.", by=manager,
                                     author=leader, agenda_item=item)
    decision = services.decision_create(meeting=meeting, title="Extend crisis line hours",
                                        decision="Keep the line open until midnight.", owner=leader)
    services.format_request_create(meeting=meeting, person=leader, format="large_print")
    inputs = checker_inputs()
    problems: list[str] = []

    anonymous = Client()
    for url in [reverse("account_login"), reverse("recruitment_vacancy_list")]:
        problems += must_fix_on(anonymous, url, inputs)

    leader_pages = [
        reverse("home"), reverse("meetings:meeting_list"), reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:paper_check", args=[paper.pk, version.pk]),
        reverse("meetings:paper_version_add", args=[paper.pk]), reverse("meetings:format_request", args=[meeting.pk]),
        reverse("meetings:decision_list"), reverse("meetings:decision_detail", args=[decision.pk]),
        reverse("meetings:calendar_settings"), reverse("profile_edit"),
    ]
    client = client_for(leader)
    for url in leader_pages:
        problems += must_fix_on(client, url, inputs)

    manager_pages = [
        reverse("home"), reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:pack_send", args=[meeting.pk]), reverse("meetings:meeting_create"),
        reverse("meetings:paper_add", args=[meeting.pk]), reverse("meetings:agenda_item_add", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk]), reverse("meetings:minutes_edit", args=[meeting.pk]),
        reverse("meetings:decision_add", args=[meeting.pk]), reverse("meetings:format_requests"),
        reverse("meetings:compliance_report"), reverse("meetings:meeting_history", args=[meeting.pk]),
        reverse("person_list"), reverse("group_list"), reverse("meetings:agenda_manage", args=[meeting.pk]),
        reverse("meetings:agenda_item_edit", args=[meeting.pk, item.pk]),
        reverse("meetings:agenda_item_remove", args=[meeting.pk, item.pk]),
    ]
    client = client_for(manager)
    for url in manager_pages:
        problems += must_fix_on(client, url, inputs)

    assert problems == []


def test_the_text_extractor_sees_what_people_see():
    html = ("<html><head><title>Papers</title><style>p{}</style></head><body><p>The <abbr>PCN</abbr> met."
            "</p><script>var ICB = 1;</script><ul><li>One</li><li>Two</li></ul></body></html>")
    text = VisibleText().text(html)
    assert text.split("\n\n") == ["Papers", "The PCN met.", "One", "Two"]
    findings = check_text(text, fmt="text").must_fix()
    assert [(f.kind, f.text) for f in findings] == [("acronym-undefined", "PCN")]  # and the test can fail
