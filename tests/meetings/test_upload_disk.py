"""A full or read-only disk: the person gets a plain message, and no partial file is left behind.

The disk is real: a 64 KB tmpfs mounted for the test (needs root, as CI and these machines have), then
remounted read-only.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from meetings import services
from meetings.models import PaperVersion

pytestmark = pytest.mark.django_db


def mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def tiny_disk():
    where = Path(tempfile.mkdtemp(prefix="portal-tiny-disk-"))
    result = mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)) if os.geteuid() == 0 else None
    if result is None or result.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"could not mount a small tmpfs: {result.stderr if result else 'not root'}")
        pytest.skip("Needs root to mount a small tmpfs (CI runs as root).")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                            "OPTIONS": {"location": str(where)}},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    try:
        with override_settings(STORAGES=storages):
            yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)
        where.rmdir()


def files_in(where: Path) -> list[Path]:
    return [path for path in where.rglob("*") if path.is_file()]


def upload(client, paper, content: bytes):
    return client.post(reverse("meetings:paper_version_add", args=[paper.pk]), {
        "file": SimpleUploadedFile("plan.pdf", content, content_type="application/pdf"),
        "summary": "What we will do."})


def test_a_full_disk_gives_a_plain_message_and_leaves_no_partial_file(tiny_disk, meeting, manager, client_for):
    paper = services.paper_create(meeting=meeting, title="Plan", by=manager, author=manager)
    big = b"%PDF-1.4\n" + b"0" * 200_000  # more than the 64 KB disk holds

    response = upload(client_for(manager), paper, big)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The portal has no room to save files just now, so nothing was saved." in page
    assert files_in(tiny_disk) == []  # the part written before the disk filled is gone
    assert not PaperVersion.objects.filter(paper=paper).exists()


def test_a_read_only_disk_gives_a_plain_message(tiny_disk, meeting, manager, client_for):
    paper = services.paper_create(meeting=meeting, title="Plan", by=manager, author=manager)
    assert mount("-o", "remount,ro", str(tiny_disk)).returncode == 0

    response = upload(client_for(manager), paper, b"%PDF-1.4\nsmall")

    page = response.content.decode()
    assert response.status_code == 200
    assert "The portal cannot save files just now, so nothing was saved." in page
    assert not PaperVersion.objects.filter(paper=paper).exists()
