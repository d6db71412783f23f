"""A list's labels and links are worked out once, and say exactly what Django's own would."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix
from django.urls.resolvers import URLPattern, URLResolver

from coproduction import rowtools
from payments.models import Claim


def test_every_choice_label_of_every_model_is_django_s() -> None:
    from django.utils.encoding import force_str
    from django.utils.hashable import make_hashable

    checked = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value, _label in [*field.flatchoices, ("not-a-choice", None)]:
                instance = model(**{field.attname: value})
                expected = force_str(dict(make_hashable(field.flatchoices)).get(value, value), strings_only=True)
                assert getattr(instance, f"get_{field.name}_display")() == expected
                checked += 1
    assert checked > 100  # the portal's statuses, kinds and consents, and their history models'


def test_a_claim_shows_its_status_label() -> None:
    assert Claim(status=Claim.Status.SUBMITTED).get_status_display() == Claim.Status.SUBMITTED.label


def test_changed_choices_are_read_again() -> None:
    field = Claim._meta.get_field("status")
    original = field.choices
    try:
        field.choices = [(value, f"{label}!") for value, label in original]
        assert Claim(status=Claim.Status.SUBMITTED).get_status_display() == f"{Claim.Status.SUBMITTED.label}!"
    finally:
        field.choices = original
    assert Claim(status=Claim.Status.SUBMITTED).get_status_display() == Claim.Status.SUBMITTED.label


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _named_patterns(entry, inner)
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
    return found


def test_every_link_with_ids_is_the_same_as_reverse() -> None:
    patterns = _named_patterns(get_resolver())
    checked = 0
    for name, pattern in patterns:
        count = len(pattern.pattern.converters)
        for ids in ([7] * count, list(range(1, count + 1)), [0] * count, [123456789] * count):
            try:
                expected = reverse(name, args=ids)
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    rowtools.path_for(name, ids)
                continue
            assert rowtools.path_for(name, ids) == expected, name
            checked += 1
    assert checked > 150


def test_each_link_name_has_one_pattern() -> None:
    """path_for cuts the one pattern a name has; a name with two could reverse to either."""
    names = [name for name, _pattern in _named_patterns(get_resolver())]

    assert len(names) == len(set(names))


def test_links_by_keyword_text_and_negative_numbers_are_reversed_as_django_does() -> None:
    assert rowtools.path_for("payments:claim_detail", kwargs={"pk": 5}) == reverse("payments:claim_detail", args=[5])
    with pytest.raises(NoReverseMatch):
        rowtools.path_for("payments:claim_detail", [-5])
    assert rowtools.path_for("payments:claim_detail", ["5"]) == reverse("payments:claim_detail", args=["5"])
    with pytest.raises(NoReverseMatch):
        rowtools.path_for("payments:claim_detail", [True])


def test_links_follow_the_script_prefix() -> None:
    before = rowtools.path_for("payments:claim_detail", [3])
    set_script_prefix("/portal/")
    try:
        assert rowtools.path_for("payments:claim_detail", [3]) == "/portal" + before
    finally:
        set_script_prefix("/")
    assert rowtools.path_for("payments:claim_detail", [3]) == before


@override_settings(ROOT_URLCONF="tests.coproduction.urls_with_a_year")
def test_a_pattern_the_markers_do_not_fit_is_reversed_each_time() -> None:
    assert rowtools.path_for("report", [2026]) == "/reports/2026/"
    with pytest.raises(NoReverseMatch):
        rowtools.path_for("report", [99])


def test_the_url_tag_writes_what_django_s_writes() -> None:
    request = RequestFactory().get("/")
    page = Template("{% url 'payments:claim_detail' pk %}|{% url 'home' %}|{% url 'payments:claim_detail' pk as to %}"
                    "{{ to }}|{% url 'no-such-page' as nothing %}[{{ nothing }}]")

    html = page.render(Context({"pk": 42, "request": request}))

    claim = reverse("payments:claim_detail", args=[42])
    assert html == f"{claim}|{reverse('home')}|{claim}|[]"


def test_the_url_tag_still_refuses_an_unknown_page() -> None:
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' %}").render(Context({}))


def test_a_list_of_rows_reverses_its_link_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reversed_names = []
    real_reverse = rowtools.reverse
    monkeypatch.setattr(rowtools, "reverse", lambda name, **kw: reversed_names.append(name) or real_reverse(name, **kw))
    monkeypatch.setattr(rowtools, "_shapes", {})

    links = [rowtools.path_for("payments:claim_detail", [pk]) for pk in range(1, 51)]

    assert reversed_names == ["payments:claim_detail"]
    assert links == [real_reverse("payments:claim_detail", args=[pk]) for pk in range(1, 51)]
