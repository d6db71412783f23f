"""A new leader's checklist, seen by them and the manager; and their development record (training, goals,
certificates), which no other leader can see."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruitment import onboarding, services
from recruitment.models import Certificate, DevelopmentGoal, OnboardingChecklist, TrainingRecord

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
from tests.factories import png_bytes  # noqa: E402

PNG = png_bytes()


@pytest.fixture
def checklist(leader):
    return services.onboarding_start(person=leader)


def test_the_leader_sees_their_checklist_with_what_is_not_done_yet(client_for, leader, checklist):
    response = client_for(leader).get(reverse("my_role"))

    assert b"Your first steps" in response.content
    assert b"Payment preference recorded" in response.content
    assert response.content.count(b"Not yet") == 5


def test_the_leader_ticks_their_payment_preference_and_it_records_who_and_when(client_for, leader, checklist):
    client_for(leader).post(reverse("onboarding_tick", args=[leader.pk, "payment"]))

    checklist.refresh_from_db()
    assert checklist.payment_done_by == leader
    assert checklist.payment_done_at is not None
    assert checklist.history.first().history_user == leader


def test_a_leader_cannot_tick_a_step_that_is_the_managers(client_for, leader, checklist):
    response = client_for(leader).post(reverse("onboarding_tick", args=[leader.pk, "induction"]))

    assert response.status_code == 404
    checklist.refresh_from_db()
    assert checklist.induction_done_at is None


def test_a_leader_cannot_tick_another_leaders_checklist(client_for, other_leader, leader, checklist):
    response = client_for(other_leader).post(reverse("onboarding_tick", args=[leader.pk, "payment"]))

    assert response.status_code == 404


def test_the_manager_ticks_induction_and_can_undo_it(client_for, manager, leader, checklist):
    client = client_for(manager)

    client.post(reverse("onboarding_tick", args=[leader.pk, "induction"]))
    checklist.refresh_from_db()
    ticked_by = checklist.induction_done_by
    client.post(reverse("onboarding_tick", args=[leader.pk, "induction"]), {"undo": "1"})
    checklist.refresh_from_db()

    assert ticked_by == manager
    assert checklist.induction_done_at is None


def test_choosing_the_first_meeting_records_which(client_for, leader, checklist):
    client_for(leader).post(reverse("onboarding_tick", args=[leader.pk, "first_meeting"]),
                            {"note": "Operational Group, 3 March"})

    checklist.refresh_from_db()
    assert checklist.first_meeting_note == "Operational Group, 3 March"


@pytest.mark.parametrize(("answer", "taken", "shown"), [
    ("yes", True, "Taken up"), ("no", False, "Not wanted (their choice)"), ("later", None, "Not decided yet")])
def test_the_manager_records_that_benefits_advice_was_offered_and_whether_it_was_taken(
        client_for, manager, leader, checklist, answer, taken, shown):
    client = client_for(manager)
    page = client.get(reverse("onboarding_tick", args=[leader.pk, "benefits"])).content.decode()
    assert "Never write down anything about their benefits" in page
    response = client.post(reverse("onboarding_tick", args=[leader.pk, "benefits"]), {"taken": answer})
    assert response.status_code == 302
    checklist.refresh_from_db()
    assert (checklist.benefits_done_by, checklist.benefits_advice_taken) == (manager, taken)
    assert checklist.benefits_done_at is not None
    own = client_for(leader).get(reverse("my_role")).content.decode()
    assert shown in own and "Independent benefits advice offered (before the first paid role)" in own
    # only offered and taken are recorded: the checklist holds no other field about benefits
    names = {f.name for f in checklist._meta.get_fields()}
    assert {n for n in names if "benefit" in n} == {"benefits_done_at", "benefits_done_by", "benefits_advice_taken"}


def test_a_leader_cannot_record_the_benefits_advice_step_themselves(client_for, leader, checklist):
    response = client_for(leader).post(reverse("onboarding_tick", args=[leader.pk, "benefits"]), {"taken": "yes"})
    assert response.status_code == 404
    checklist.refresh_from_db()
    assert checklist.benefits_done_at is None


def test_the_manager_sees_who_is_stuck_where(client_for, manager, leader, other_leader):
    services.onboarding_start(person=leader)
    second = services.onboarding_start(person=other_leader)
    for step in OnboardingChecklist.STEPS:
        onboarding.onboarding_tick(checklist=second, step=step, by=manager)
    version = onboarding.agreement_publish(text="We listen.", by=manager)
    onboarding.agreement_sign(person=other_leader, version=version, typed_name="Kwame Mensah")

    response = client_for(manager).get(reverse("onboarding_overview"))

    text = response.content.decode()
    jo_row = text[text.index("Jo Bennett"):text.index("</tr>", text.index("Jo Bennett"))]
    kwame_row = text[text.index("Kwame Mensah"):text.index("</tr>", text.index("Kwame Mensah"))]
    assert "Group agreement signed" in jo_row and "0 of 5" in jo_row
    assert "All done" in kwame_row and "5 of 5" in kwame_row


def test_the_leaders_home_page_asks_for_their_payment_preference(client_for, leader, checklist):
    response = client_for(leader).get(reverse("home"))

    assert b"Choose your payment preference" in response.content


# --- Development record ---------------------------------------------------------------------------------------


def test_the_manager_offers_training_and_the_leader_marks_it_completed(client_for, manager, leader):
    client_for(manager).post(reverse("training_new", args=[leader.pk]),
                             {"title": "Chairing meetings", "detail": "", "offered_on": "2026-01-10"})
    training = TrainingRecord.objects.get(person=leader)

    client_for(leader).post(reverse("training_complete", args=[training.pk]))

    training.refresh_from_db()
    assert training.added_by == manager
    assert training.completed_on is not None


def test_a_leader_records_a_goal_of_their_choosing(client_for, leader):
    client_for(leader).post(reverse("goal_new"), {"goal": "Co-chair a working group", "steps": ""})

    assert DevelopmentGoal.objects.get(person=leader).goal == "Co-chair a working group"


def test_a_leader_cannot_see_another_leaders_development_record(client_for, leader, other_leader):
    onboarding.goal_add(person=other_leader, goal="Learn about budgets")

    response = client_for(leader).get(reverse("development_person", args=[other_leader.pk]))

    assert response.status_code == 404
    assert b"budgets" not in response.content


def test_the_manager_can_read_a_leaders_development_record(client_for, manager, leader):
    onboarding.goal_add(person=leader, goal="Learn about budgets")

    response = client_for(manager).get(reverse("development_person", args=[leader.pk]))

    assert b"Learn about budgets" in response.content


def test_a_leader_cannot_mark_another_leaders_goal_achieved(client_for, leader, other_leader):
    goal = onboarding.goal_add(person=other_leader, goal="Learn about budgets")

    response = client_for(leader).post(reverse("goal_achieved", args=[goal.pk]))

    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.achieved_on is None


def test_a_pdf_certificate_is_stored_under_a_server_made_name(client_for, leader):
    upload = SimpleUploadedFile("../../evil name.exe", PDF, content_type="application/x-msdownload")

    client_for(leader).post(reverse("certificate_new", args=[leader.pk]),
                            {"title": "First aid", "file": upload})

    certificate = Certificate.objects.get(person=leader)
    assert certificate.mimetype == "application/pdf"
    assert certificate.filename == "First aid.pdf"
    assert "evil" not in certificate.storage_name
    assert default_storage.exists(certificate.storage_name)


def test_a_file_that_is_not_a_pdf_or_image_is_refused_whatever_its_name(client_for, leader):
    upload = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 not really a pdf", content_type="application/pdf")

    response = client_for(leader).post(reverse("certificate_new", args=[leader.pk]),
                                       {"title": "First aid", "file": upload})

    assert b"The certificate must be a PDF, PNG or JPEG file." in response.content
    assert not Certificate.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(leader):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")

    with pytest.raises(onboarding.UploadRefused, match="smaller than 10 MB"):
        onboarding.certificate_upload(person=leader, upload=big, title="Big", by=leader)


def test_a_certificate_downloads_as_an_attachment_with_nosniff(client_for, leader):
    certificate = onboarding.certificate_upload(person=leader, upload=SimpleUploadedFile("x.png", PNG),
                                                title="Induction", by=leader)

    response = client_for(leader).get(reverse("certificate_download", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_another_leader_cannot_download_a_certificate(client_for, leader, other_leader):
    certificate = onboarding.certificate_upload(person=leader, upload=SimpleUploadedFile("x.png", PNG),
                                                title="Induction", by=leader)

    response = client_for(other_leader).get(reverse("certificate_download", args=[certificate.pk]))

    assert response.status_code == 404


def test_a_leader_cannot_upload_to_another_leaders_record(client_for, leader, other_leader):
    response = client_for(leader).post(reverse("certificate_new", args=[other_leader.pk]),
                                       {"title": "x", "file": SimpleUploadedFile("x.pdf", PDF)})

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_a_certificate_is_known_by_its_content_not_its_name(leader, manager):
    picture = SimpleUploadedFile("scan.pdf", png_bytes(), content_type="application/pdf")
    certificate = onboarding.certificate_upload(person=leader, upload=picture, title="First aid", by=manager)
    assert (certificate.mimetype, certificate.filename) == ("image/png", "First aid.png")
    with pytest.raises(onboarding.UploadRefused):
        onboarding.certificate_upload(person=leader, upload=SimpleUploadedFile("x.pdf", b"GIF89a" + b"0" * 64),
                                      title="Not a PDF", by=manager)
