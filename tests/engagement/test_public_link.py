"""A signed-out visitor finds the public "you said, we did" page from the pages they can see: the welcome page,
the sign-in page and the open roles (the list and each role), and follows the link to the updates without
signing in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from engagement.models import Update
from tests.recruitment.factories import open_vacancy

pytestmark = pytest.mark.django_db


def _links_to_updates(page: str) -> list[str]:
    """The text of every link on the page to the public updates (a real <a href>, not just the words)."""
    tree = lxml_html.fromstring(page)
    target = reverse("engagement:public_updates")
    return [" ".join(link.text_content().split()) for link in tree.xpath("//a[@href]") if link.get("href") == target]


@pytest.mark.parametrize("where", ["home", "account_login", "recruitment_vacancy_list", "recruitment_vacancy_detail"])
def test_a_signed_out_visitor_finds_you_said_we_did_on_every_public_page(where):
    kwargs = {"pk": open_vacancy().pk} if where == "recruitment_vacancy_detail" else {}
    visitor = Client()
    response = visitor.get(reverse(where, kwargs=kwargs))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert _links_to_updates(response.content.decode()) == ["you said, we did"]
    tree = lxml_html.fromstring(response.content.decode())
    assert tree.xpath("//aside//h2[@id='you-said-we-did-heading']/text()") == ["What changed because people spoke up"]


def test_the_link_leads_to_the_published_updates_without_signing_in():
    Update.objects.create(title="Evening appointments", you_said="Daytime is hard with a job.",
                          we_did="Clinics open two evenings a week.", status=Update.Status.PUBLISHED)
    visitor = Client()
    sign_in_page = visitor.get(reverse("account_login")).content.decode()
    tree = lxml_html.fromstring(sign_in_page)
    [href] = tree.xpath("//a[normalize-space(.)='you said, we did']/@href")
    response = visitor.get(href)
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content.decode())
    assert page.xpath("//h1/text()") == ["You said, we did"]
    assert page.xpath("//h2[normalize-space(.)='Evening appointments']")
