"""Bulk entry from CSV and XLSX: a preview with row-level errors, nothing imported until the preview is
accepted, and then all rows or none."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from coproduction.transitions import steps
from engagement.models import FeedbackImport, FeedbackItem
from tests.factories import LocalityFactory

from .factories import FeedbackFactory

pytestmark = pytest.mark.django_db

HEADINGS = ["date", "what was said", "summary", "consent", "themes", "locality", "reference"]
GOOD_ROWS = [
    ["01/03/2026", "I waited four months and nobody rang.", "", "quote publicly", "access and waiting", "Mendip", "r1"],
    ["2026-03-02", "", "Worried about benefits if they work.", "summary only", "money; employment", "county-wide", "r2"],
    ["03/03/2026", "The crisis line rang out at night.", "", "use internally", "Crisis support", "", "r3"],
]


def _csv(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return out.getvalue().encode()


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, name: str, content: bytes):
    return client.post(reverse("engagement:import_upload"), {"file": SimpleUploadedFile(name, content), "event": ""})


@pytest.fixture
def mendip(db):
    return LocalityFactory(name="Mendip")


@pytest.mark.parametrize(("name", "build"), [("feedback.csv", _csv), ("feedback.xlsx", _xlsx)])
def test_a_good_spreadsheet_is_previewed_then_imported_in_full(client_for, leader, mendip, name, build):
    client = client_for(leader)
    response = _upload(client, name, build(GOOD_ROWS))
    feedback_import = FeedbackImport.objects.get()
    assert response["Location"] == reverse("engagement:import_preview", args=[feedback_import.pk])
    assert FeedbackItem.objects.count() == 0  # nothing until the preview is accepted

    page = client.get(response["Location"]).content.decode()
    assert "I waited four months and nobody rang." in page and "Import 3 items" in page

    client.post(response["Location"], {"accept": "1"})
    assert FeedbackItem.objects.count() == 3
    first, second, third = FeedbackItem.objects.order_by("reference")
    assert first.locality == mendip and first.consent == "quote" and first.logged_by == leader
    assert second.text == "" and second.summary.startswith("Worried") and second.locality is None
    assert sorted(second.themes.values_list("name", flat=True)) == ["Employment", "Money"]
    assert third.consent == "internal"
    assert [[step.to_state for step in steps(item)] for item in (first, second, third)] == [["heard"]] * 3
    feedback_import.refresh_from_db()
    assert feedback_import.status == FeedbackImport.Status.ACCEPTED and feedback_import.created_count == 3

    client.post(response["Location"], {"accept": "1"})  # a second accept imports nothing more
    assert FeedbackItem.objects.count() == 3


@pytest.mark.parametrize(("name", "build"), [("feedback.csv", _csv), ("feedback.xlsx", _xlsx)])
def test_row_errors_are_shown_per_row_and_nothing_is_imported(client_for, leader, mendip, name, build):
    rows = [
        GOOD_ROWS[0],
        ["31/02/2026", "Fine words.", "", "quote publicly", "housing", "Mendip", ""],
        ["01/03/2026", "Ring me on 07700 900123.", "", "quote publicly", "housing", "Mendip", ""],
        ["01/03/2026", "Fine words.", "", "maybe", "gardening", "Atlantis", ""],
        ["01/03/2026", "", "", "summary only", "money", "", ""],
    ]
    client = client_for(leader)
    response = _upload(client, name, build(rows))
    feedback_import = FeedbackImport.objects.get()
    errors = {entry["row"]: " ".join(entry["messages"]) for entry in feedback_import.errors}
    assert sorted(errors) == [3, 4, 5, 6]
    assert "'31/02/2026' is not a date" in errors[3]
    assert "a phone number" in errors[4]
    assert "Consent must be" in errors[5] and "'gardening' is not one of the themes" in errors[5]
    assert "'Atlantis' is not one of the localities" in errors[5]
    assert "write a summary" in errors[6]

    page = client.get(response["Location"]).content.decode()
    assert "<title>Error: " in page and "4 rows need fixing" in page
    assert "Row 4:" in page and "Import " not in page

    client.post(response["Location"], {"accept": "1"})  # refused: the rows have problems
    assert FeedbackItem.objects.count() == 0
    client.post(response["Location"], {"discard": "1"})
    feedback_import.refresh_from_db()
    assert feedback_import.status == FeedbackImport.Status.DISCARDED and FeedbackItem.objects.count() == 0


def test_accepting_is_all_or_nothing(client_for, leader, mendip):
    client = client_for(leader)
    response = _upload(client, "feedback.csv", _csv(GOOD_ROWS))
    # Between the preview and the accept, someone else imports feedback with the third row's reference.
    FeedbackFactory(reference="r3")
    client.post(response["Location"], {"accept": "1"}, follow=True)
    assert FeedbackItem.objects.count() == 1  # only the other one: rows 1 and 2 were rolled back
    assert FeedbackImport.objects.get().status == FeedbackImport.Status.PREVIEW


def test_files_are_checked_by_content(client_for, leader):
    client = client_for(leader)
    page = _upload(client, "feedback.xlsx", b"not really a spreadsheet").content.decode()
    assert "not a spreadsheet we can read" in page
    page = _upload(client, "feedback.csv", b"name,age\nx,1\n").content.decode()
    assert "The heading row needs these columns" in page
    page = _upload(client, "feedback.csv", b"\x00\x01binary").content.decode()
    assert "not a spreadsheet we can read" in page
    assert FeedbackImport.objects.count() == 0


def test_duplicate_and_already_imported_references_are_row_errors(client_for, leader, mendip):
    FeedbackFactory(reference="r1")
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], [*GOOD_ROWS[2][:6], "r2"]]
    _upload(client_for(leader), "feedback.csv", _csv(rows))
    errors = {entry["row"]: " ".join(entry["messages"]) for entry in FeedbackImport.objects.get().errors}
    assert "imported before" in errors[2]
    assert "used twice" in errors[4]


def test_a_failure_part_way_through_the_accept_rolls_back_every_row(client_for, leader, mendip):
    from engagement.models import Theme

    client = client_for(leader)
    response = _upload(client, "feedback.csv", _csv(GOOD_ROWS))
    Theme.objects.filter(name="Crisis support").delete()  # used by the third row only
    page = client.post(response["Location"], {"accept": "1"}, follow=True).content.decode()
    assert "Row 4 could not be imported, so nothing was" in page
    assert FeedbackItem.objects.count() == 0
