"""The board's feedback trail: its figures, constant query count, CSV, the PDF board paper and adding it to a
meeting."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement import reports, services, summary
from engagement.models import BoardPaperExport, FeedbackItem
from engagement.selectors import TrailFilters, feedback_trail
from tests.factories import LocalityFactory

from .factories import DecisionFactory, EventFactory, FeedbackFactory, MeetingFactory, theme

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _story(manager, *, items_per_locality: int = 6) -> dict:
    """Mendip: 6 items about access, 5 linked to a decision, all 5 told back. Sedgemoor: 6 waiting items on
    housing and one item not taken forward."""
    mendip, sedgemoor = LocalityFactory(name="Mendip"), LocalityFactory(name="Sedgemoor")
    decision = DecisionFactory(title="Fund evening clinics", decided_on=TODAY - dt.timedelta(days=20),
                               status="in_progress")
    heard = TODAY - dt.timedelta(days=50)
    access = [FeedbackFactory(locality=mendip, heard_on=heard, themes=[theme()]) for _ in range(items_per_locality)]
    for item in access[:5]:
        services.feedback_link_decision(item=item, decision=decision, how_it_shaped="It made the case.", by=manager)
        services.feedback_change_status(item=item, by=manager, to_status="told_back", note="At the drop-in.")
    housing = [FeedbackFactory(locality=sedgemoor, heard_on=heard - dt.timedelta(days=i), themes=[theme("Housing")],
                               text=f"Damp flat number {i}.") for i in range(items_per_locality)]
    refused = FeedbackFactory(locality=sedgemoor, heard_on=heard, themes=[theme("Housing")])
    services.feedback_change_status(item=refused, by=manager, to_status="not_taken", note="Council matter.")
    return {"mendip": mendip, "sedgemoor": sedgemoor, "decision": decision, "housing": housing}


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_trail_figures(manager):
    story = _story(manager)
    trail = feedback_trail(TrailFilters(date_from=TODAY - dt.timedelta(days=365), date_to=TODAY))
    assert trail.total == 13 and trail.informed == 5 and trail.told_back == 5 and trail.not_taken == 1
    assert trail.closed == 6 and trail.open == 7
    assert trail.median_days_to_decision == 30  # heard 50 days ago, decided 20 days ago
    assert trail.median_days_to_told_back == 50
    assert {row["name"]: (row["total"], row["closed"]) for row in trail.localities} == {
        "Mendip": (6, 5), "Sedgemoor": (7, 1)}
    chain = {row["theme__name"]: row for row in trail.chain}
    assert chain["Access and waiting"]["heard"] == 6 and chain["Access and waiting"]["decisions"] == 1
    assert chain["Access and waiting"]["decisions_moving"] == 1 and chain["Access and waiting"]["decisions_done"] == 0
    assert chain["Housing"]["not_taken"] == 1
    assert [item.pk for item in trail.waiting[:5]] == [i.pk for i in reversed(story["housing"][1:])]
    assert trail.decisions[0]["decision__title"] == "Fund evening clinics" and trail.decisions[0]["items"] == 5

    only_sedgemoor = feedback_trail(TrailFilters(date_from=TODAY - dt.timedelta(days=365), date_to=TODAY,
                                                 locality=story["sedgemoor"]))
    assert only_sedgemoor.total == 7
    only_access = feedback_trail(TrailFilters(date_from=TODAY - dt.timedelta(days=365), date_to=TODAY,
                                              theme=theme()))
    assert only_access.total == 6 and [row["theme"] for row in only_access.themes_over_time] == ["Access and waiting"]


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_trail_and_its_charts_run_the_same_queries_whatever_the_volume(manager, django_assert_num_queries):
    filters = TrailFilters(date_from=TODAY - dt.timedelta(days=365), date_to=TODAY)
    _story(manager)
    # The summary is rebuilt once after a change (its own fixed cost); then: 1 the summary's version,
    # 2-3 the summary (items; theme links), 4-7 the two months the period cuts, from the rows (items; links),
    # 8-9 locality and theme names, 10 groups reached, 11 medians, 12 decisions per theme, 13 decisions shaped,
    # 14 open items waiting longest, 15 their themes (prefetch).
    summary.current_state()
    with django_assert_num_queries(15):
        reports.trail_view_model(feedback_trail(filters), today=TODAY)
    _story_more(manager)
    summary.current_state()
    with django_assert_num_queries(15):
        model = reports.trail_view_model(feedback_trail(filters), today=TODAY)
    assert model["headline"][0] == ("Feedback heard", "73")
    assert [count for _, count in model["audiences"]] == ["60", "60", "60"]  # every item of the event, once each


def _story_more(manager) -> None:
    event = EventFactory(held_on=TODAY - dt.timedelta(days=10))
    event.audiences.set(list(event.audiences.model.objects.all()[:3]))
    decision = DecisionFactory(decided_on=TODAY - dt.timedelta(days=3))
    for index in range(60):
        item = FeedbackFactory(event=event, locality=event.locality, heard_on=TODAY - dt.timedelta(days=index * 5),
                               themes=[theme(), theme("Money")] if index % 2 else [theme("Carers")])
        if index % 3 == 0:
            services.feedback_link_decision(item=item, decision=decision, how_it_shaped="Shaped it.", by=manager)


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_trail_page_runs_the_same_number_of_queries_with_more_feedback(client_for, board_member, manager):
    _story(manager)
    client = client_for(board_member)
    client.get(reverse("engagement:trail"))  # first request of the session settles session bookkeeping
    FeedbackFactory()  # a change: the next page rebuilds the summary and renders the figures again
    with CaptureQueriesContext(connection) as small:
        first = client.get(reverse("engagement:trail"))
    _story_more(manager)
    with CaptureQueriesContext(connection) as large:
        second = client.get(reverse("engagement:trail"))
    assert first.status_code == second.status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
    page = second.content.decode()
    assert page.count('role="img"') == 2 and "<title id=\"chart-themes-title\">" in page
    assert " style=" not in page


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_csv_export_has_the_same_figures(client_for, board_member, manager):
    _story(manager)
    response = client_for(board_member).get(reverse("engagement:trail_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "Feedback heard,13" in text
    assert "Mendip,6,5,5,83%" in text
    assert "Sedgemoor,7,0,fewer than 5,not shown (fewer than 5)" in text


def _pdf_text(content: bytes) -> str | None:
    if shutil.which("pdftotext"):
        result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
        return result.stdout.decode()
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_pdf_board_paper_has_the_figures(client_for, board_member, manager):
    _story(manager)
    response = client_for(board_member).get(reverse("engagement:trail_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    if text is None:
        pytest.skip("No PDF text tool (pdftotext or pypdf) to read the paper back.")
    assert "Feedback trail: All localities" in text
    assert "Feedback heard 13" in " ".join(text.split())
    assert "Fund evening clinics" in text
    assert "fewer than 5" in text


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_board_paper_is_added_to_a_meeting_in_one_click(client_for, board_member, manager):
    from coproduction.models import Membership

    _story(manager)
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    Membership.objects.create(group=meeting.group, person=board_member, role_in_group="partner",
                              started_on=TODAY - dt.timedelta(days=100))
    other_meeting = MeetingFactory()  # a board the member does not sit on
    client = client_for(board_member)
    page = client.get(reverse("engagement:trail")).content.decode()
    assert meeting.title in page and other_meeting.title not in page

    refused = client.post(reverse("engagement:trail_add_to_meeting"), {"meeting": other_meeting.pk})
    assert refused.status_code == 302 and BoardPaperExport.objects.count() == 0

    response = client.post(reverse("engagement:trail_add_to_meeting"), {"meeting": meeting.pk})
    paper = BoardPaperExport.objects.get()
    assert response["Location"] == reverse("engagement:paper_detail", args=[paper.pk])
    assert paper.meeting == meeting and paper.added_to_meeting_at is not None and paper.created_by == board_member
    download = client.get(reverse("engagement:paper_download", args=[paper.pk]))
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert paper.history.count() >= 2
    # ... and it is one of the meeting's papers in the meetings app, its PDF the first version.
    meeting_paper = meeting.papers.get()
    assert str(meeting_paper.pk) == paper.meeting_paper_ref and meeting_paper.title == paper.title
    assert meeting_paper.current_version.format == "pdf" and meeting_paper.current_version.number == 1


def test_invalid_filters_show_an_error_not_a_trail(client_for, board_member):
    page = client_for(board_member).get(reverse("engagement:trail"), {
        "date_from": "31/12/2026", "date_to": "01/01/2026", "locality": "", "theme": ""}).content.decode()
    assert "<title>Error: " in page and "The end date must be on or after the start date." in page
    assert FeedbackItem.objects.count() == 0


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_trail_can_be_narrowed_to_county_wide_feedback_on_one_theme(client_for, board_member, manager):
    _story(manager)
    for _ in range(5):
        FeedbackFactory(locality=None, heard_on=TODAY - dt.timedelta(days=3), themes=[theme("Carers")],
                        text="Nobody asked the carer.")
    response = client_for(board_member).get(reverse("engagement:trail"), {
        "date_from": "01/01/2026", "date_to": "15/06/2026", "locality": "county", "theme": theme("Carers").pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "County-wide feedback, Carers" in page
    assert '<th scope="row" class="govuk-table__header">Feedback heard</th><td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in page


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_trail_reads_only_the_meetings_its_list_shows_however_many_are_to_come(client_for, manager):
    from django.db.models.signals import post_init

    from coproduction.pickers import PICKER_SIZE
    from meetings.models import Meeting

    _story(manager)
    for days in range(PICKER_SIZE + 15):
        MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=days + 1))
    made = []

    def count(sender, **kwargs):
        made.append(sender)

    post_init.connect(count, sender=Meeting)
    try:
        page = client_for(manager).get(reverse("engagement:trail")).content.decode()
    finally:
        post_init.disconnect(count, sender=Meeting)
    assert "Add the board paper to the meeting" in page
    assert len(made) <= PICKER_SIZE + 1


@pytest.fixture
def picker_kept_a_minute(settings):
    settings.PICKER_CACHE_SECONDS = 60


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_meeting_list_is_drawn_once_for_many_visits(picker_kept_a_minute, client_for, manager):
    _story(manager)
    MeetingFactory(title="Board in July", starts_at=timezone.now() + dt.timedelta(days=10))
    client = client_for(manager)
    assert "Board in July" in client.get(reverse("engagement:trail")).content.decode()

    with CaptureQueriesContext(connection) as again:
        page = client.get(reverse("engagement:trail")).content.decode()

    assert "Board in July" in page
    assert not [q for q in again.captured_queries if "meetings_meeting" in q["sql"]]


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_persons_own_change_redraws_the_meeting_list(picker_kept_a_minute, client_for, manager):
    from coproduction import keeping

    _story(manager)
    client = client_for(manager)
    client.get(reverse("engagement:trail"))
    from coproduction.models import GovernanceGroup

    MeetingFactory(title="Board in August", starts_at=timezone.now() + dt.timedelta(days=40),
                   group=GovernanceGroup.objects.first())  # a board already listed: the same groups are seen
    assert "Board in August" not in client.get(reverse("engagement:trail")).content.decode()  # kept

    session = client.session
    keeping.note_change(session)  # what any form the person sends does
    session.save()

    assert "Board in August" in client.get(reverse("engagement:trail")).content.decode()


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_a_board_member_never_sees_a_kept_list_of_meetings_of_boards_they_do_not_sit_on(picker_kept_a_minute,
                                                                                      client_for, manager,
                                                                                      board_member):
    _story(manager)
    MeetingFactory(title="Board in July", starts_at=timezone.now() + dt.timedelta(days=10))
    assert "Board in July" in client_for(manager).get(reverse("engagement:trail")).content.decode()  # kept for every group

    page = client_for(board_member).get(reverse("engagement:trail")).content.decode()

    assert "Board in July" not in page
