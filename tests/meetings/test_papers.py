"""Papers: checked by content and size, stored privately under server-made names, every upload a version,
a plain-words summary required, text written in the portal sanitised."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from meetings import services
from meetings.files import check_paper_file, clean_written_text
from meetings.models import Paper, PaperVersion
from tests.meetings.factories import minimal_docx, minimal_pdf, paper_with_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("content", "filename", "expected"), [
    (minimal_pdf(), "report.pdf", "pdf"),
    (minimal_pdf(), "report.txt", "pdf"),  # the bytes decide, not the name
    (minimal_docx(), "report.docx", "docx"),
    ("Plain words, with a pound sign: £5.".encode(), "notes.txt", "txt"),
    (b"# Heading\n\nSome *markdown*.", "notes.md", "md"),
])
def test_accepted_files(content, filename, expected):
    assert check_paper_file(content, filename).format == expected


@pytest.mark.parametrize(("content", "filename"), [
    (b"MZ\x90\x00\x03 executable", "paper.pdf"),
    (b"PK\x03\x04 not really a zip", "paper.docx"),
    (b"\x89PNG\r\n\x1a\n....", "picture.txt"),
    (b"\xff\xfe not utf-8 \x00", "notes.txt"),
    (b"<html><script>alert(1)</script></html>", "page.html"),
    (b"", "empty.txt"),
])
def test_refused_files(content, filename):
    with pytest.raises(ValidationError):
        check_paper_file(content, filename)


def test_a_zip_that_is_not_a_word_document_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError):
        check_paper_file(buffer.getvalue(), "paper.docx")


@override_settings(MEETINGS_MAX_PAPER_BYTES=100)
def test_files_over_the_size_limit_are_refused():
    with pytest.raises(ValidationError, match="too big"):
        check_paper_file(b"a" * 101, "big.txt")


def test_each_upload_is_a_new_version_stored_under_a_server_made_name(meeting, manager):
    paper, first = paper_with_text(meeting, by=manager, filename="../../etc/passwd.md")
    second = services.paper_version_add(paper=paper, by=manager, summary="Second go.", content=minimal_pdf(),
                                        filename="second.pdf")

    paper.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert paper.current_version == second and paper.summary == "Second go."
    assert first.original_filename == "passwd.md"
    assert first.storage_name.startswith(f"papers/{meeting.pk}/") and "passwd" not in first.storage_name
    assert default_storage.exists(first.storage_name) and default_storage.exists(second.storage_name)
    assert paper.history.count() >= 2 and PaperVersion.history.count() == 2


def test_a_summary_is_required(meeting, manager):
    paper = services.paper_create(meeting=meeting, title="No summary", by=manager)
    with pytest.raises(ValidationError, match="summary"):
        services.paper_version_add(paper=paper, by=manager, summary="  ", content=b"Text", filename="a.txt")


def test_text_written_in_the_portal_is_sanitised():
    assert clean_written_text('<p onclick="x()">Hello</p><script>alert(1)</script> <b>there</b>') == (
        "Helloalert(1) there")


def test_a_written_paper_is_stored_as_text(meeting, manager, leader, client_for):
    paper = services.paper_create(meeting=meeting, title="Written here", by=manager)
    version = services.paper_version_add(paper=paper, by=manager, summary="Short.",
                                         written_text="<img src=x onerror=alert(1)>Our plan.")
    assert version.format == "written"
    response = client_for(leader).get(reverse("meetings:paper_download", args=[paper.pk, version.pk]))
    assert b"".join(response.streaming_content) == b"Our plan."
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_the_manager_adds_a_paper_through_the_page(meeting, manager, client_for):
    upload = SimpleUploadedFile("plan.pdf", minimal_pdf(), content_type="application/pdf")
    response = client_for(manager).post(reverse("meetings:paper_add", args=[meeting.pk]), {
        "title": "Plan", "file": upload, "summary": "What we will do.", "author": "", "agenda_item": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    paper = Paper.objects.get(title="Plan")
    assert paper.current_version.format == "pdf"


def test_the_page_explains_a_wrong_file(meeting, manager, client_for):
    upload = SimpleUploadedFile("plan.pdf", b"not a pdf at all \x00", content_type="application/pdf")
    response = client_for(manager).post(reverse("meetings:paper_add", args=[meeting.pk]), {
        "title": "Plan", "file": upload, "summary": "What we will do.",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a paper" in page and "must be a PDF" in page
    assert not Paper.objects.filter(title="Plan").exists()


def test_an_author_adds_a_version_but_another_leader_cannot(meeting, manager, leader, other_leader, client_for):
    paper = services.paper_create(meeting=meeting, title="Leader's paper", by=manager, author=leader)
    url = reverse("meetings:paper_version_add", args=[paper.pk])

    assert client_for(other_leader).get(url).status_code == 404
    response = client_for(leader).post(url, {"written_text": "My words.", "summary": "In short."})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.current_version.uploaded_by == leader
