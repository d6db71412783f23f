"""The paper handed back through the portal: a Word paper downloaded with each finding as a comment at its words,
and a written paper with the suggestions applied, reviewed change by change before it is saved as a new version."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse

from meetings import packs, services
from meetings.models import LatePaperRequest, PaperVersion
from tests.checker.test_handback import anchored_texts
from tests.meetings.factories import paper_with_text

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)  # the meeting is on 16 March 2027
WRITTEN = ("Crisis line\n\nThe PCN will pay for longer opening hours. We will utilise the budget "
           "to help people at weekends.\n")


def word_paper() -> bytes:
    document = docx.Document()
    document.add_heading("Crisis line", level=2)
    document.add_paragraph("The ICB asked us to look again at weekend opening.")
    document.add_paragraph("We will utilise the money in order to open on Sundays.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def anchored_words(document) -> list[str]:
    """The words each comment covers, in comment order."""
    texts = anchored_texts(document)
    return [texts[key] for key in sorted(texts, key=int)]


def commented_url(version) -> str:
    return reverse("meetings:paper_commented", args=[version.paper_id, version.pk])


def rewrite_url(version) -> str:
    return reverse("meetings:paper_rewrite", args=[version.paper_id, version.pk])


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_word_paper_downloads_with_one_comment_per_finding_at_its_words(meeting, manager, client_for):
    paper = services.paper_create(meeting=meeting, title="Crisis line", by=manager)
    version = services.paper_version_add(paper=paper, by=manager, summary="Weekend opening.",
                                         content=word_paper(), filename="crisis line.docx")

    response = client_for(manager).get(commented_url(version))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-with-comments.docx"')
    document = docx.Document(io.BytesIO(response.content))
    assert len(list(document.comments)) == version.findings.count() >= 3
    inline = sorted(f.text for f in version.findings.all() if f.start is not None)
    assert sorted(word for word in anchored_words(document) if word) == inline
    assert {"ICB", "utilise", "in order to"} <= set(inline)


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_downloaded_word_paper_keeps_its_text(meeting, manager, client_for):
    paper = services.paper_create(meeting=meeting, title="Crisis line", by=manager)
    version = services.paper_version_add(paper=paper, by=manager, summary="Weekend opening.",
                                         content=word_paper(), filename="paper.docx")

    response = client_for(manager).get(commented_url(version))

    before = [p.text for p in docx.Document(io.BytesIO(word_paper())).paragraphs]
    assert [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs] == before


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_check_page_offers_the_comments_only_for_a_word_paper(meeting, manager, client_for):
    paper = services.paper_create(meeting=meeting, title="Crisis line", by=manager)
    word = services.paper_version_add(paper=paper, by=manager, summary="Weekend opening.",
                                      content=word_paper(), filename="paper.docx")
    _, written = paper_with_text(meeting, title="Written", text=WRITTEN, by=manager)
    client = client_for(manager)

    word_page = client.get(reverse("meetings:paper_check", args=[paper.pk, word.pk])).content.decode()
    written_page = client.get(reverse("meetings:paper_check", args=[written.paper_id, written.pk])).content.decode()

    assert commented_url(word) in word_page and rewrite_url(word) not in word_page
    assert rewrite_url(written) in written_page and "with-comments.docx" not in written_page
    assert client.get(commented_url(written)).status_code == 404


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_apply_the_suggestions_shows_each_change_and_saves_nothing_yet(meeting, manager, client_for):
    paper, version = paper_with_text(meeting, text=WRITTEN, by=manager)

    page = client_for(manager).get(rewrite_url(version)).content.decode()

    assert "Primary Care Network (PCN)" in page
    assert re.search(r"<del[^>]*>.*utilise</del><ins[^>]*>.*use</ins>", page)
    assert paper.versions.count() == 1


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_saving_the_suggestions_makes_a_new_checked_version_with_them_applied(meeting, manager, client_for):
    paper, version = paper_with_text(meeting, text=WRITTEN, by=manager)
    client = client_for(manager)
    page = client.get(rewrite_url(version)).content.decode()
    proposal = re.search(r'name="proposal" value="([0-9a-f]+)"', page).group(1)

    response = client.post(rewrite_url(version), {"proposal": proposal})

    new = paper.versions.order_by("-number").first()
    assert new.number == 2 and response.status_code == 302
    assert response["Location"] == reverse("meetings:paper_check", args=[paper.pk, new.pk])
    with default_storage.open(new.storage_name, "rb") as handle:
        text = handle.read().decode()
    assert "The Primary Care Network (PCN) will pay" in text and "We will use the budget" in text
    assert text.startswith("Crisis line\n\n") and "to help people at weekends." in text
    assert new.format == PaperVersion.Format.MARKDOWN and new.uploaded_by == manager
    assert not new.findings.filter(kind__in=["acronym-undefined", "jargon"]).exists()
    paper.refresh_from_db()
    assert paper.current_version == new


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_paper_that_changed_since_the_author_looked_is_shown_again_not_saved(meeting, manager, client_for):
    paper, version = paper_with_text(meeting, text=WRITTEN, by=manager)

    response = client_for(manager).post(rewrite_url(version), {"proposal": "0" * 64}, follow=True)

    assert paper.versions.count() == 1
    assert "nothing has been saved yet" in response.content.decode()


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_paper_with_nothing_to_change_says_so(meeting, manager, client_for):
    _, version = paper_with_text(meeting, text="Crisis line\n\nWe will open on Sundays.\n", by=manager)

    page = client_for(manager).get(rewrite_url(version)).content.decode()

    assert "There is nothing we can change for you" in page and 'name="proposal"' not in page


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_after_the_pack_went_out_the_changes_wait_for_the_chair(meeting, manager, client_for):
    paper, version = paper_with_text(meeting, text=WRITTEN, by=manager)
    services.finding_acknowledge(finding=version.findings.get(kind="acronym-undefined"), by=manager,
                                 reason="Explained at the meeting.")
    packs.pack_send(meeting=meeting, by=manager)
    client = client_for(manager)
    proposal = re.search(r'name="proposal" value="([0-9a-f]+)"',
                         client.get(rewrite_url(version)).content.decode()).group(1)

    refused = client.post(rewrite_url(version), {"proposal": proposal})
    saved = client.post(rewrite_url(version), {"proposal": proposal, "late_reason": "Plainer words."})

    assert "Give the reason the paper is changing." in refused.content.decode()
    assert saved.status_code == 302
    new = paper.versions.order_by("-number").first()
    assert new.held and LatePaperRequest.objects.filter(paper_version=new, reason="Plainer words.").exists()


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_only_the_author_or_the_manager_may_apply_the_suggestions(meeting, manager, leader, client_for):
    paper, version = paper_with_text(meeting, text=WRITTEN, by=manager)

    assert client_for(leader).get(reverse("meetings:paper_check", args=[paper.pk, version.pk])).status_code == 200
    assert client_for(leader).get(rewrite_url(version)).status_code == 404
    assert client_for(leader).post(rewrite_url(version), {"proposal": "x"}).status_code == 404
    assert paper.versions.count() == 1
