"""Papers in the format each person needs, without anyone acting: needs recorded once; when the pack goes
out each person gets large print, a web version and audio made on the server; printed copies are listed for
posting, due early enough for the post; easy read is a task due by the papers deadline; the notice report
counts a pack on time only when everyone's formats were. The formats are read back: the PDF's font sizes,
line spacing and alignment from the PDF itself, the audio's format and length from the file."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import shutil
import subprocess

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTFigure, LTImage, LTTextContainer, LTTextLine
from pypdf import PdfReader

from coproduction.models import OutgoingEmail
from meetings import formats, packs, reports, services
from meetings.format_models import CommunicationNeeds, FormatDelivery, FormatFile
from meetings.models import AccessibleFormatRequest, PackDispatch
from tests.factories import UserFactory
from tests.meetings.factories import add_member, london, paper_with_text

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_DEADLINE = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)  # the meeting is on Tuesday 16 March 2027
PAPER = """# Opening the crisis line at weekends

## What we ask

We ask the group to agree that the crisis line opens on Saturdays and Sundays from May. People told us that
weekends are the hardest time to find help, and that the line closing on Friday evening leaves them with
nowhere to turn until Monday morning, which is a long time to wait when things are bad.

- Open from 10am to 10pm on Saturdays and Sundays
- Two more staff on each shift

## What it costs

The cost is met from the money already agreed for the crisis line this year.
"""

needs_audio = pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("ffprobe")),
                                 reason="needs espeak-ng and ffmpeg (apt-get install espeak-ng ffmpeg)")


def read_file(item: FormatFile) -> bytes:
    with default_storage.open(item.storage_name, "rb") as handle:
        return handle.read()


def pdf_lines(content: bytes) -> list[tuple[float, float, list[float], str]]:
    """Every text line of the PDF: (left edge, baseline, the sizes of its characters, its text)."""
    lines = []
    for page in extract_pages(io.BytesIO(content)):
        for element in page:
            assert not isinstance(element, LTImage | LTFigure), "large print has no images"
            if isinstance(element, LTTextContainer):
                for line in element:
                    if isinstance(line, LTTextLine):
                        sizes = [char.size for char in line if isinstance(char, LTChar)]
                        lines.append((line.x0, line.y0, sizes, line.get_text().strip()))
    return lines


@pytest.fixture
def people(meeting, leader, other_leader, manager):
    """The leader needs large print, a web version and audio; Kwame needs nothing; Pat needs a printed copy."""
    add_member(meeting.group, other_leader)
    pat = UserFactory(full_name="Pat Reid", email="pat@example.org")
    add_member(meeting.group, pat)
    formats.needs_save(person=leader, by=leader, large_print=True, web_version=True, audio=True)
    formats.needs_save(person=pat, by=pat, printed_by_post=True, postal_address="4 Mill Lane\nNorthtown NT1 2AB")
    return {"leader": leader, "other": other_leader, "pat": pat}


@needs_audio
@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_each_person_gets_their_formats_when_the_pack_goes_out(meeting, manager, people):
    services.agenda_item_add(meeting=meeting, title="Weekend opening", purpose="decision")
    paper_with_text(meeting, title="Crisis line at weekends", text=PAPER, by=manager)

    dispatch = packs.pack_send(meeting=meeting, by=manager)

    files = {(f.version_id is None, f.kind): f for f in FormatFile.objects.filter(dispatch=dispatch)}
    assert set(files) == {(agenda, kind) for agenda in (True, False) for kind in ("large_print", "web", "audio")}

    # Large print, read back from the PDF: every character at least 16 point, body text 18, generous line
    # spacing, every line starting at the left margin (lists indented a little), no images.
    lines = pdf_lines(read_file(files[(False, "large_print")]))
    sizes = [size for _x, _y, line_sizes, _t in lines for size in line_sizes]
    assert round(min(sizes), 2) >= 16 and round(max(set(sizes), key=sizes.count)) == 18  # PDF sizes are floats
    body = [(x, y) for x, y, s, _t in lines if s and round(s[0]) == 18]
    margin = min(x for x, _y in body)
    assert all(x - margin < 40 for x, _y in body)  # left aligned: nothing centred or pushed right
    gaps = [round(a[1] - b[1], 1) for a, b in itertools.pairwise(body) if 0 < a[1] - b[1] < 60]
    assert gaps and min(gaps) >= 18 * 1.5  # line spacing at least 1.5 times the type size
    assert "leaves them with nowhere to turn" in " ".join(text for *_rest, text in lines)
    assert not any(page.images for page in PdfReader(io.BytesIO(read_file(files[(False, "large_print")]))).pages)

    # Audio of the agenda and the paper: MP3, mono, and as long as the words take to say.
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=format_name,duration:stream=codec_name,channels",
         "-of", "json", default_storage.path(files[(False, "audio")].storage_name)],
        check=True, capture_output=True, text=True).stdout)
    assert probe["format"]["format_name"] == "mp3"
    assert probe["streams"][0]["codec_name"] == "mp3" and probe["streams"][0]["channels"] == 1
    seconds = float(probe["format"]["duration"])
    assert 40 < seconds < 200  # about 150 words at 150 a minute
    assert abs(seconds - files[(False, "audio")].seconds) <= 2
    assert files[(True, "audio")].seconds > 3

    # The web version: one document with a language, a title, landmarks and the paper's structure.
    page = read_file(files[(False, "web")]).decode()
    assert '<html lang="en-GB">' in page and "<main>" in page and "<h1>Crisis line at weekends</h1>" in page
    assert "<h2>Opening the crisis line at weekends</h2>" in page and "<li>Two more staff on each shift</li>" in page

    # The leader's email has their formats (large print and web attached, audio linked); Kwame gets none.
    [sent] = [m for m in mail.outbox if "formats you asked for" in m.subject]
    assert sent.to == ["jo@example.org"]
    assert sorted(a[0] for a in sent.attachments) == [
        "agenda:-crisis-support-working-group-large-print.pdf", "agenda:-crisis-support-working-group-web.html",
        "crisis-line-at-weekends-large-print.pdf", "crisis-line-at-weekends-web.html"]
    assert reverse("meetings:format_file", args=[files[(False, "audio")].pk]) in sent.body
    deliveries = {(d.person.full_name, d.kind): d for d in FormatDelivery.objects.filter(dispatch=dispatch)}
    assert set(deliveries) == {("Jo Bennett", "large_print"), ("Jo Bennett", "web"), ("Jo Bennett", "audio"),
                               ("Pat Reid", "post")}
    assert all(deliveries[("Jo Bennett", kind)].on_time for kind in ("large_print", "web", "audio"))

    # Pat's printed copy: to post two working days before the deadline (Tuesday 9 March, 5pm): Friday 5 March.
    post = deliveries[("Pat Reid", "post")]
    assert post.due_at == london(2027, 3, 5, 17) and post.done_at is None
    [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert (row.packs_sent, row.on_time, row.formats_late) == (1, 0, 1)  # not posted yet
    formats.post_done(delivery=post, by=manager)
    [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert (row.packs_sent, row.on_time, row.formats_late) == (1, 1, 0)

    # Running the task again makes nothing twice and emails nobody again.
    before = (FormatFile.objects.count(), OutgoingEmail.objects.count())
    formats.dispatch_formats_run(dispatch_id=dispatch.pk)
    assert (FormatFile.objects.count(), OutgoingEmail.objects.count()) == before


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_printed_copy_posted_too_late_for_the_post_makes_the_pack_late(meeting, manager, people, client_for):
    paper_with_text(meeting, title="Crisis line at weekends", text=PAPER, by=manager)
    dispatch = packs.pack_send(meeting=meeting, by=manager)
    post = FormatDelivery.objects.get(dispatch=dispatch, kind="post")
    page = client_for(manager).get(reverse("meetings:format_requests")).content.decode()
    assert "Pat Reid" in page and "Northtown NT1 2AB" in page and "Friday 5 March 2027" in page
    with time_machine.travel(dt.datetime(2027, 3, 8, 10, 0, tzinfo=dt.UTC), tick=False):  # after Friday's post
        client_for(manager).post(reverse("meetings:post_done", args=[post.pk]))
        post.refresh_from_db()
        assert post.done_at is not None and not post.on_time
        page = client_for(manager).get(reverse("meetings:dispatch_detail", args=[meeting.pk, dispatch.pk]))
    assert "1 format did not go out on time" in page.content.decode()
    [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert (row.on_time, row.formats_late) == (0, 1)


def test_easy_read_is_a_task_for_the_manager_due_by_the_papers_deadline(meeting, manager, leader, client_for):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        formats.needs_save(person=leader, by=leader, easy_read=True)
        task = AccessibleFormatRequest.objects.get(person=leader, format="easy_read")
        assert task.meeting == meeting and task.due_at == meeting.deadline == london(2027, 3, 9, 17)
        assert "Needed by Tuesday 9 March 2027" in client_for(manager).get(
            reverse("meetings:format_requests")).content.decode()
        dispatch = packs.pack_send(meeting=meeting, by=manager)
        assert AccessibleFormatRequest.objects.filter(format="easy_read").count() == 1  # not made twice
    with time_machine.travel(dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client_for(manager).get(reverse("meetings:dispatch_detail", args=[meeting.pk, dispatch.pk]))
        html = page.content.decode()
        assert "Easy read (made by the team)" in html and "Late" in html
        [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
        assert (row.packs_sent, row.on_time) == (1, 0)


def test_easy_read_done_in_time_keeps_the_pack_on_time(meeting, manager, leader):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        formats.needs_save(person=leader, by=leader, easy_read=True)
        services.format_request_done(request=AccessibleFormatRequest.objects.get(), by=manager)
        packs.pack_send(meeting=meeting, by=manager)
    [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert (row.packs_sent, row.on_time, row.formats_late) == (1, 1, 0)


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_scanned_paper_cannot_be_made_into_formats_and_the_manager_sees_why(meeting, manager, leader):
    formats.needs_save(person=leader, by=leader, large_print=True)
    paper = services.paper_create(meeting=meeting, title="Scanned letter", by=manager)
    services.paper_version_add(paper=paper, by=manager, summary="A letter.", content=b"%PDF-1.4\n%%EOF\n",
                               filename="scan.pdf")
    dispatch = packs.pack_send(meeting=meeting, by=manager)
    delivery = FormatDelivery.objects.get(dispatch=dispatch, person=leader)
    assert delivery.done_at is None and "Scanned letter" in delivery.problem
    [sent] = [m for m in mail.outbox if "formats you asked for" in m.subject]
    assert "Scanned letter: we could not make this one by computer" in sent.body


def test_needs_are_for_the_person_and_staff_with_the_capability(meeting, leader, other_leader, manager,
                                                               board_member, client_for):
    response = client_for(leader).post(reverse("meetings:needs_edit"), {
        "large_print": "on", "interpreter": "Arabic", "printed_by_post": "on"})
    assert "Give the address the printed copies go to." in response.content.decode()
    response = client_for(leader).post(reverse("meetings:needs_edit"), {
        "large_print": "on", "interpreter": "Arabic"})
    assert response.status_code == 302
    needs = CommunicationNeeds.objects.get(person=leader)
    assert needs.large_print and needs.interpreter == "Arabic"
    assert needs.history.first().history_user == leader
    assert 'checked' in client_for(leader).get(reverse("meetings:needs_edit")).content.decode()

    # Someone else's page shows them their own needs, never the leader's.
    assert "Arabic" not in client_for(other_leader).get(reverse("meetings:needs_edit")).content.decode()
    assert client_for(board_member).get(reverse("meetings:needs_list")).status_code == 403
    assert "Arabic" in client_for(manager).get(reverse("meetings:needs_list")).content.decode()

    # The chair (here a leader) sees the interpreter only once the leader agrees to share it.
    meeting.chair = other_leader
    meeting.save()
    add_member(meeting.group, other_leader)
    detail = reverse("meetings:meeting_detail", args=[meeting.pk])
    assert "support-at-meeting" not in client_for(other_leader).get(detail).content.decode()
    formats.needs_save(person=leader, by=leader, share_with_chairs=True)
    assert "Jo Bennett: an interpreter (Arabic)" in client_for(other_leader).get(detail).content.decode()


@needs_audio
@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_format_files_are_for_the_people_who_see_the_meeting(meeting, manager, leader, outsider, client_for):
    formats.needs_save(person=leader, by=leader, web_version=True, audio=True)
    paper_with_text(meeting, title="Crisis line at weekends", text=PAPER, by=manager)
    dispatch = packs.pack_send(meeting=meeting, by=manager)
    web = FormatFile.objects.get(dispatch=dispatch, kind="web", version__isnull=False)
    audio = FormatFile.objects.get(dispatch=dispatch, kind="audio", version__isnull=False)
    response = client_for(leader).get(reverse("meetings:format_file", args=[web.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/html"
    csp = response["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert '<style nonce="' in response.content.decode()
    response = client_for(leader).get(reverse("meetings:format_file", args=[audio.pk]))
    assert response["Content-Type"] == "audio/mpeg" and b"".join(response.streaming_content)[:3] in (b"ID3", b"\xff\xfb")
    assert client_for(outsider).get(reverse("meetings:format_file", args=[web.pk])).status_code == 404
    assert PackDispatch.objects.count() == 1


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_formats_whose_email_could_not_be_sent_did_not_go_out(meeting, manager, leader, client_for):
    formats.needs_save(person=leader, by=leader, web_version=True)
    paper_with_text(meeting, title="Crisis line at weekends", text=PAPER, by=manager)
    dispatch = packs.pack_send(meeting=meeting, by=manager)
    [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert row.on_time == 1
    delivery = FormatDelivery.objects.get(dispatch=dispatch, person=leader)
    OutgoingEmail.objects.filter(pk=delivery.email_id).update(status=OutgoingEmail.Status.FAILED)
    [row] = reports.notice_compliance(start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert (row.on_time, row.formats_late) == (0, 1)


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_manager_is_told_on_the_home_page_what_to_post(meeting, manager, people, client_for):
    packs.pack_send(meeting=meeting, by=manager)
    page = client_for(manager).get(reverse("home")).content.decode()
    assert "1 printed copy of papers to post" in page


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_formats_never_started_are_made_by_the_schedule(meeting, manager, leader):
    paper_with_text(meeting, title="Crisis line at weekends", text=PAPER, by=manager)
    packs.pack_send(meeting=meeting, by=manager)  # nobody needed formats when it went out
    formats.needs_save(person=leader, by=leader, large_print=True)
    assert FormatDelivery.objects.count() == 0

    assert formats.formats_recover() == 1
    assert FormatDelivery.objects.get().person == leader
    assert formats.formats_recover() == 0  # nothing left to do
