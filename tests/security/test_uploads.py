"""Uploads that attack the portal are refused with a clear message; accepted files get server-made names and
come back only as attachments that the browser will not sniff."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services as meetings_services
from payments.services import ClaimError, validate_receipt
from recruitment.onboarding import UploadRefused, certificate_upload
from tests.factories import png_bytes
from tests.security import access_rules, rules_meetings  # noqa: F401 - access_rules first: it loads the app rules

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def png(width: int, height: int) -> bytes:
    return png_bytes(width, height, mode="1")


def bomb() -> bytes:
    """A few kilobytes that declare a 20,000 by 20,000 picture (400 million pixels)."""
    return png(20_000, 20_000)


ATTACKS = {
    "a renamed program": ("receipt.pdf", ELF),
    "an HTML page": ("receipt.html", HTML),
    "an SVG picture with script": ("receipt.svg", SVG),
    "a decompression bomb": ("receipt.png", None),
    "an empty file": ("receipt.pdf", b""),
}


def attack(name: str) -> tuple[str, bytes]:
    filename, content = ATTACKS[name]
    return filename, bomb() if content is None else content


@pytest.mark.parametrize("name", ATTACKS)
def test_receipts_refuse_attacks_with_a_clear_message(name):
    filename, content = attack(name)

    with pytest.raises(ClaimError) as refused:
        validate_receipt(SimpleUploadedFile(filename, content))
    assert str(refused.value).startswith(("The receipt", "This picture"))


def test_an_oversize_receipt_is_refused_before_it_is_read():
    with pytest.raises(ClaimError, match="smaller than 5 MB"):
        validate_receipt(SimpleUploadedFile("receipt.pdf", PDF + b"0" * (5 * 1024 * 1024)))


def test_a_real_photo_receipt_is_accepted():
    assert validate_receipt(SimpleUploadedFile("receipt.png", png(800, 600))) == ("image/png", "png")


@pytest.mark.parametrize("name", ATTACKS)
def test_certificates_refuse_attacks_with_a_clear_message(leader, name):
    filename, content = attack(name)

    with pytest.raises(UploadRefused) as refused:
        certificate_upload(person=leader, upload=SimpleUploadedFile(filename, content), title="First aid", by=leader)
    assert str(refused.value)


def test_an_oversize_certificate_is_refused(leader):
    with pytest.raises(UploadRefused, match="smaller than 10 MB"):
        certificate_upload(person=leader, upload=SimpleUploadedFile("c.pdf", PDF + b"0" * (10 * 1024 * 1024)),
                           title="First aid", by=leader)


def test_a_path_in_a_certificates_name_is_ignored(leader):
    certificate = certificate_upload(person=leader, upload=SimpleUploadedFile("../../../etc/passwd.pdf", PDF),
                                     title="../../etc/passwd", by=leader)

    assert ".." not in certificate.storage_name
    assert "passwd" not in certificate.storage_name
    assert certificate.storage_name.startswith(f"certificates/{leader.pk}/")


@pytest.fixture
def paper(leader, manager):
    _meeting, paper, _version = rules_meetings._meeting({"leader": leader, "manager": manager})
    return paper


@pytest.mark.parametrize(("filename", "content"), [
    ("paper.pdf", ELF), ("paper.html", HTML), ("paper.svg", SVG), ("paper.md", b"\xff\xfe\x00binary\x00"),
    ("paper.docx", b"PK\x03\x04 not really a Word document"), ("paper.pdf", b""),
])
def test_papers_refuse_files_that_are_not_what_they_claim(paper, manager, filename, content):
    with pytest.raises(ValidationError):
        meetings_services.paper_version_add(paper=paper, by=manager, summary="A summary.", content=content,
                                            filename=filename)


def test_an_oversize_paper_is_refused(paper, manager, settings):
    settings.MEETINGS_MAX_PAPER_BYTES = 1024

    with pytest.raises(ValidationError, match="too big"):
        meetings_services.paper_version_add(paper=paper, by=manager, summary="A summary.",
                                            content=PDF + b"0" * 2048, filename="paper.pdf")


def test_a_paper_is_stored_under_a_server_made_name(paper, manager):
    version = meetings_services.paper_version_add(paper=paper, by=manager, summary="A summary.", content=PDF,
                                                  filename="../../../../etc/passwd.pdf")

    assert ".." not in version.storage_name
    assert "passwd" not in version.storage_name


def test_papers_come_back_as_attachments_the_browser_will_not_sniff(client_for, leader, manager):
    kwargs = rules_meetings.download_kwargs({"leader": leader, "manager": manager})

    response = client_for(leader).get(reverse("meetings:paper_download", kwargs=kwargs))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_certificates_come_back_as_attachments_the_browser_will_not_sniff(client_for, leader):
    certificate = certificate_upload(person=leader, upload=SimpleUploadedFile("c.pdf", PDF), title="First aid",
                                     by=leader)

    response = client_for(leader).get(reverse("certificate_download", args=[certificate.pk]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
