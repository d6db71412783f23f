"""The plain-language check on papers: saved per version, must-fix findings block the pack until they are
acknowledged with a reason or the chair overrides, the check page marks the findings, and only people who may
see a paper see its check."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from meetings import packs, services
from meetings.models import AllowedAcronym, CheckOverride, GlossaryEntry, PackDispatch, PaperFinding
from meetings.packs import MustFixFindings
from plain_language.files import NO_TEXT_PDF
from tests.checker.test_files import PAPER, as_markdown, write_docx, write_pdf
from tests.meetings.factories import paper_with_text

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)  # the meeting is on 16 March 2027
UNEXPLAINED = "# Crisis line\n\nThe PCN will pay for longer opening hours.\n"
EXPLAINED = "# Crisis line\n\nThe Primary Care Network (PCN) will pay for longer opening hours.\n"


def check_url(version) -> str:
    return reverse("meetings:paper_check", args=[version.paper_id, version.pk])


def test_the_glossary_and_allow_list_are_seeded_and_editable(manager, meeting, admin_user, client_for):
    assert GlossaryEntry.objects.count() >= 300 and AllowedAcronym.objects.filter(short="NHS").exists()
    entry = GlossaryEntry.objects.get(short="PCN")
    assert entry.long == "Primary Care Network" and entry.source

    entry.long = "Primary Care Network (local GP practices working together)"
    entry.save()
    _, version = paper_with_text(meeting, text=UNEXPLAINED, by=manager)
    finding = version.findings.get(kind="acronym-undefined")
    assert "local GP practices working together" in finding.suggestion

    AllowedAcronym.objects.create(short="PCN", reason="Everyone in this alliance knows it.")
    _, allowed = paper_with_text(meeting, title="Second", text=UNEXPLAINED, by=manager)
    assert not allowed.findings.filter(kind="acronym-undefined").exists()

    call_command("load_glossary", stdout=io.StringIO())  # idempotent: keeps the admin's change
    assert GlossaryEntry.objects.get(short="PCN").long.startswith("Primary Care Network (local")
    assert GlossaryEntry.objects.filter(short="PCN").count() == 1
    call_command("load_glossary", "--reset", stdout=io.StringIO())
    assert GlossaryEntry.objects.get(short="PCN").long == "Primary Care Network"
    assert GlossaryEntry.history.filter(short="PCN").count() >= 2  # every change is recorded

    admin = client_for(admin_user)
    assert admin.get("/admin/meetings/glossaryentry/").status_code == 200
    assert admin.get("/admin/meetings/allowedacronym/").status_code == 200


def test_results_are_saved_per_version_with_counts_and_findings(manager, meeting):
    _, version = paper_with_text(meeting, text=UNEXPLAINED + "\nWe will help the mentally ill.\n", by=manager)
    report = version.check_report
    assert version.checked_at is not None and report["error"] == ""
    assert report["counts"]["acronym-undefined"] == 1 and report["counts"]["stigmatising"] == 1
    assert report["must_fix"] == 2 and report["words"] > 10 and "reading_age" in report
    findings = list(version.findings.order_by("order"))
    assert [(f.kind, f.text, f.severity) for f in findings if f.is_must_fix] == [
        ("acronym-undefined", "PCN", "must-fix"), ("stigmatising", "the mentally ill", "must-fix")]
    pcn = findings[0]
    assert pcn.location == "Section 'Crisis line', paragraph 1" and "Primary Care Network (PCN)" in pcn.suggestion
    assert report["blocks"][pcn.block]["text"][pcn.start:pcn.end] == "PCN"
    assert len({f.key for f in findings}) == len(findings)
    # checking the same version again keeps the keys, so acknowledgements stay with their finding
    services.finding_acknowledge(finding=pcn, by=manager, reason="Explained at the meeting.")
    services.paper_version_check(version=version)
    again = version.findings.get(key=pcn.key)
    assert again.acknowledged_at is not None and again.acknowledge_reason == "Explained at the meeting."


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_an_unexplained_acronym_blocks_the_pack_with_a_clear_message(manager, meeting, client_for):
    _paper, version = paper_with_text(meeting, text=UNEXPLAINED, by=manager)
    paper_with_text(meeting, title="Clean paper", text=EXPLAINED, by=manager)

    with pytest.raises(MustFixFindings) as error:
        packs.pack_send(meeting=meeting, by=manager)
    assert "1 paper has 1 thing that must be fixed" in str(error.value) and "Crisis line proposal" in str(error.value)
    assert [v.pk for v in error.value.blockers] == [version.pk]

    client = client_for(manager)
    url = reverse("meetings:pack_send", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "The pack cannot go out yet" in page
    assert re.search(r"Crisis line proposal: 1 thing must be fixed\. <a class=\"govuk-link\" href=\"" +
                     re.escape(check_url(version)), page)
    assert "Send the pack to" not in page  # no send button while blocked
    response = client.post(url, {"action": "send"}, follow=True)
    assert "must be fixed before the papers go out" in response.content.decode()
    assert not PackDispatch.objects.exists()

    detail = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert check_url(version) in detail and "1 to fix" in detail


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_acknowledging_with_a_reason_unblocks_the_pack(manager, leader, meeting, client_for):
    _paper, version = paper_with_text(meeting, text=UNEXPLAINED, by=manager, author=leader)
    finding = version.findings.get(kind="acronym-undefined")
    client = client_for(leader)  # the author

    response = client.post(check_url(version), {"action": "acknowledge", "finding": finding.key,
                                                f"ack-{finding.key}-reason": "  "})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Plain-language check" in page
    assert f'href="#id_ack-{finding.key}-reason"' in page and "Say why this is fine as it is." in page

    response = client.post(check_url(version), {"action": "acknowledge", "finding": finding.key,
                                                f"ack-{finding.key}-reason": "The chair explains it aloud."})
    assert response.status_code == 302 and response.url.endswith(f"#finding-{finding.key}")
    finding.refresh_from_db()
    assert finding.acknowledged_by == leader and finding.acknowledge_reason == "The chair explains it aloud."
    recorded = finding.history.latest()  # the acknowledgement is in the history (who, when, why)
    assert recorded.history_user == leader and recorded.acknowledge_reason == "The chair explains it aloud."
    page = client.get(check_url(version)).content.decode()
    assert "Acknowledged</strong> by" in page and "The chair explains it aloud." in page

    dispatch = packs.pack_send(meeting=meeting, by=manager)
    assert list(dispatch.paper_versions.all()) == [version]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_chair_can_override_with_a_reason_and_it_is_recorded(manager, leader, meeting, client_for):
    _paper, version = paper_with_text(meeting, text=UNEXPLAINED, by=manager, author=leader)

    with pytest.raises(PermissionDenied):
        services.check_override(version=version, by=leader, reason="I say so.")
    assert client_for(leader).post(check_url(version), {"action": "override",
                                                        "override-reason": "I say so."}).status_code == 403
    assert "let it go out as it is" not in client_for(leader).get(check_url(version)).content.decode()

    chair = client_for(manager)  # the manager chairs this meeting
    page = chair.get(check_url(version)).content.decode()
    assert "As the chair: let it go out as it is" in page
    response = chair.post(check_url(version), {"action": "override", "override-reason": ""})
    assert "Give the reason the paper can go out as it is." in response.content.decode()
    response = chair.post(check_url(version), {"action": "override",
                                               "override-reason": "The vote is today; we explain it aloud."})
    assert response.status_code == 302
    override = CheckOverride.objects.get(version=version)
    assert override.decided_by == manager and override.reason == "The vote is today; we explain it aloud."
    assert override.history.count() == 1
    assert "agreed on" in chair.get(check_url(version)).content.decode()

    packs.pack_send(meeting=meeting, by=manager)
    assert PackDispatch.objects.filter(meeting=meeting).count() == 1


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_new_version_gets_a_fresh_check(manager, meeting):
    paper, first = paper_with_text(meeting, text=UNEXPLAINED, by=manager)
    services.finding_acknowledge(finding=first.findings.get(kind="acronym-undefined"), by=manager,
                                 reason="Explained aloud.")
    assert services.selectors.must_fix_blockers(meeting) == []

    second = services.paper_version_add(paper=paper, by=manager, summary="Again.",
                                        content=UNEXPLAINED.encode(), filename="paper.md")
    assert second.findings.get(kind="acronym-undefined").acknowledged_at is None  # fresh, not carried over
    assert [v.pk for v in services.selectors.must_fix_blockers(meeting)] == [second.pk]

    third = services.paper_version_add(paper=paper, by=manager, summary="Fixed.", content=EXPLAINED.encode(),
                                       filename="paper.md")
    assert not third.findings.filter(severity="must-fix").exists()
    assert services.selectors.must_fix_blockers(meeting) == []
    packs.pack_send(meeting=meeting, by=manager)


def test_the_check_page_marks_findings_and_shows_suggestions(manager, meeting, client_for):
    text = UNEXPLAINED + "\nGoing forward, we will help the mentally ill.\n\n- Open later\n- Text people\n"
    _paper, version = paper_with_text(meeting, text=text, by=manager)
    page = client_for(manager).get(check_url(version)).content.decode()
    pcn = version.findings.get(kind="acronym-undefined")
    stigma = version.findings.get(kind="stigmatising")

    assert f'<mark id="text-{pcn.key}" class="app-finding-mark">' in page
    assert re.search(r"<mark id=\"text-" + pcn.key + r"\"[^>]*><span class=\"govuk-visually-hidden\">Finding 1 "
                     r"\(must fix\) starts: </span>PCN<span class=\"govuk-visually-hidden\">. Finding ends.</span>"
                     r"</mark><sup><a class=\"govuk-link\" href=\"#finding-" + pcn.key, page)
    assert f'<li id="finding-{pcn.key}"' in page and f'href="#text-{pcn.key}"' in page
    assert f'id="text-{stigma.key}"' in page and "the mentally ill</span>" not in page
    assert "Write &#x27;Primary Care Network (PCN)&#x27; the first time you use it." in page
    assert "people with mental health problems" in page
    assert "Abbreviation not explained" in page and "Stigmatising words" in page  # counts by kind
    assert "Reading age" in page and "Reading ease" in page and "2 things must be fixed" in page
    assert '<ul class="govuk-list govuk-list--bullet"><li>Open later' in page
    assert page.index(f'id="finding-{pcn.key}"') < page.index(f'id="finding-{stigma.key}"')
    assert " style=" not in page and "<script>" not in page  # the CSP allows no inline styles or scripts


def test_only_people_who_may_see_the_paper_see_its_check(manager, leader, other_leader, outsider, meeting,
                                                         client_for):
    paper, version = paper_with_text(meeting, text=UNEXPLAINED, by=manager)
    assert client_for(leader).get(check_url(version)).status_code == 200  # invited
    for person in (other_leader, outsider):
        response = client_for(person).get(check_url(version))
        assert response.status_code == 404 and "Page not found" in response.content.decode()
    wrong_paper = reverse("meetings:paper_check", args=[paper.pk + 100, version.pk])
    assert client_for(manager).get(wrong_paper).status_code == 404
    assert client_for(leader).post(check_url(version), {
        "action": "acknowledge", "finding": version.findings.first().key,
        f"ack-{version.findings.first().key}-reason": "Fine."}).status_code == 403  # not the author
    anonymous = Client().get(check_url(version))
    assert anonymous.status_code == 302 and "login" in anonymous.url


def test_late_paper_with_must_fix_findings_cannot_be_approved_until_cleared(manager, leader, meeting,
                                                                             client_for):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        paper, _ = paper_with_text(meeting, text=EXPLAINED, by=manager, author=leader)
        packs.pack_send(meeting=meeting, by=manager)
        late = services.paper_version_add(paper=paper, by=leader, summary="Changed.", content=UNEXPLAINED.encode(),
                                          filename="paper.md", late_reason="New figures.")
        request = late.late_requests.get()
        # the author (not invited to see held versions otherwise) and the chair can see its check
        assert client_for(leader).get(check_url(late)).status_code == 200
        with pytest.raises(MustFixFindings):
            services.late_request_decide(request=request, by=manager, approve=True)
        page = client_for(manager).get(reverse("meetings:late_request_decide", args=[request.pk])).content.decode()
        assert "It cannot be approved until they are fixed or acknowledged" in page
        services.finding_acknowledge(finding=late.findings.get(kind="acronym-undefined"), by=leader,
                                     reason="Explained in the covering email.")
        services.late_request_decide(request=request, by=manager, approve=True)
        request.refresh_from_db()
        assert request.status == "approved"


def test_an_unreadable_paper_gets_the_checkers_message_and_does_not_block(manager, meeting, client_for, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.rect(100, 100, 300, 400, fill=1)
    drawing.showPage()
    drawing.save()
    paper, _version = paper_with_text(meeting, by=manager)
    scan = services.paper_version_add(paper=paper, by=manager, summary="Scanned.", content=path.read_bytes(),
                                      filename="scan.pdf")
    assert scan.check_report["error"] == NO_TEXT_PDF and not scan.findings.exists()
    page = client_for(manager).get(check_url(scan)).content.decode()
    assert "We could not check this paper." in page and "It may be a scanned image." in page
    send_page = client_for(manager).get(reverse("meetings:pack_send", args=[meeting.pk])).content.decode()
    assert "We could not check" in send_page and "The pack cannot go out yet" not in send_page


def test_upload_through_the_page_shows_the_check(manager, meeting, client_for):
    paper = services.paper_create(meeting=meeting, title="Plan", by=manager)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(manager).post(reverse("meetings:paper_version_add", args=[paper.pk]), {
        "file": SimpleUploadedFile("plan.md", UNEXPLAINED.encode(), content_type="text/markdown"),
        "summary": "What we plan."})
    paper.refresh_from_db()
    assert response.status_code == 302 and response.url == check_url(paper.current_version)


def saved_findings(version) -> list[tuple[str, str]]:
    return list(PaperFinding.objects.filter(version=version).order_by("order").values_list("kind", "text"))


def test_docx_and_pdf_uploads_give_the_same_findings_as_markdown(manager, meeting, tmp_path: Path):
    paper = services.paper_create(meeting=meeting, title="Finance", by=manager)
    as_md = services.paper_version_add(paper=paper, by=manager, summary="Finance.", filename="finance.md",
                                       content=as_markdown(PAPER, glossary_as_table=True).encode())
    docx_path, pdf_path = tmp_path / "finance.docx", tmp_path / "finance.pdf"
    write_docx(docx_path, PAPER)
    write_pdf(pdf_path, PAPER)
    as_docx = services.paper_version_add(paper=paper, by=manager, summary="Finance.", filename="finance.docx",
                                         content=docx_path.read_bytes())
    as_pdf = services.paper_version_add(paper=paper, by=manager, summary="Finance.", filename="finance.pdf",
                                        content=pdf_path.read_bytes())
    expected = saved_findings(as_md)
    assert ("acronym-undefined", "VCSE") in expected and ("stigmatising", "suffer from") in expected
    assert saved_findings(as_docx) == expected
    md_plain = services.paper_version_add(paper=paper, by=manager, summary="Finance.", filename="finance.md",
                                          content=as_markdown(PAPER, glossary_as_table=False).encode())
    assert saved_findings(as_pdf) == saved_findings(md_plain)
    assert as_docx.check_report["must_fix"] == as_md.check_report["must_fix"] == 4
