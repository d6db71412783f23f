""""You said, we did" updates: checked for plain language before publishing; the public page shows only
published updates, to anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engagement import services
from engagement.language_check import CheckerUnavailable, check_update_text
from engagement.models import Update

from .factories import DecisionFactory, theme

pytestmark = pytest.mark.django_db

PLAIN = dict(title="Evening appointments", you_said="You told us daytime appointments made it hard to keep a job.",
             we_did="The board agreed to open clinics two evenings a week in every area.")


def _draft(manager, **changes) -> Update:
    return services.update_save(by=manager, theme=theme(), **(PLAIN | changes))


def test_a_plain_update_is_published_and_appears_on_the_public_page(client_for, manager, client):
    update = _draft(manager, decisions=[DecisionFactory()])
    response = client_for(manager).post(reverse("engagement:update_publish", args=[update.pk]))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == Update.Status.PUBLISHED and update.published_by == manager
    page = client.get(reverse("engagement:public_updates")).content.decode()  # not signed in
    assert "Evening appointments" in page and "two evenings a week" in page


def test_must_fix_findings_block_publishing_and_advice_is_shown(client_for, manager):
    update = _draft(manager, we_did="The ICB will fund the MDT pathway going forward.")
    check = check_update_text(update.full_text)
    assert check.blocks_publishing and any(f.text == "ICB" for f in check.must_fix)
    assert any(f.kind == "jargon" for f in check.advice)
    with pytest.raises(services.PublishingBlocked):
        services.update_publish(update=update, by=manager)

    client = client_for(manager)
    page = client.get(reverse("engagement:update_detail", args=[update.pk])).content.decode()
    assert "Fix these before publishing" in page and "Advice" in page and "Publish it" not in page
    client.post(reverse("engagement:update_publish", args=[update.pk]))
    update.refresh_from_db()
    assert update.status == Update.Status.DRAFT


def test_without_a_working_checker_nothing_is_published(monkeypatch, manager):
    def broken_checker(text, **kwargs):
        raise RuntimeError("the glossary file is unreadable")

    update = _draft(manager)
    monkeypatch.setattr("engagement.language_check.check_text", broken_checker)
    with pytest.raises(CheckerUnavailable, match="cannot be checked or published"):
        services.update_publish(update=update, by=manager)
    update.refresh_from_db()
    assert update.status == Update.Status.DRAFT


def test_the_public_page_lists_only_published_updates(client):
    Update.objects.create(title="Published one", you_said="a", we_did="b", status=Update.Status.PUBLISHED)
    Update.objects.create(title="A draft", you_said="a", we_did="b")
    Update.objects.create(title="Withdrawn one", you_said="a", we_did="b", status=Update.Status.WITHDRAWN)
    response = client.get(reverse("engagement:public_updates"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Published one" in page and "A draft" not in page and "Withdrawn one" not in page


def test_updates_refuse_personal_details(manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _draft(manager, you_said="Mrs Jones told us the bus stopped.")
