"""Every POST view is reached by at least one test that saves through it successfully (the list is in
tests/security/saving_tests.py, beside the URL access matrix), so a new form without a saving test fails here."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from django.urls import resolve

from tests.security.saving_tests import NOT_YET, SAVED_BY
from tests.security.test_url_access import project_url_names

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {"int": "1", "slug": "x", "str": "x", "uuid": "12345678-1234-5678-1234-567812345678"}


def post_views() -> set[str]:
    """URL names whose view reads a POST: decorated with require_POST, reading request.POST or FILES, or asking
    first on its GET and acting on its POST."""
    found = set()
    for name, route in project_url_names().items():
        path = "/" + re.sub(r"<(\w+):\w+>", lambda m: SAMPLE[m.group(1)], route)
        view = inspect.unwrap(resolve(path).func)
        source = inspect.getsource(view)
        if any(mark in source for mark in ("require_POST", "request.POST", 'request.method == "POST"',
                                           'request.method != "POST"',
                                           "request.FILES")):
            found.add(name)
    return found


def test_every_post_view_has_a_test_that_saves_through_it():
    views = post_views()
    assert len(views) >= 60
    missing = sorted(views - set(SAVED_BY) - set(NOT_YET))
    assert not missing, f"Add a test that saves through each of these, and name it in saving_tests.py: {missing}"
    assert not (set(SAVED_BY) | set(NOT_YET)) - views, "saving_tests.py names views that take no POST"
    assert not set(SAVED_BY) & set(NOT_YET)


def test_each_named_saving_test_exists_and_names_its_url():
    wrong, routes = [], project_url_names()
    for url_name, test_id in SAVED_BY.items():
        path, function = test_id.split("::")
        source = (ROOT / path).read_text() if (ROOT / path).exists() else ""
        body = re.search(rf"\ndef {function}\(.*?(?=\n(?:@|def |class )|\Z)", source, re.S)
        if body is None:
            wrong.append(f"{test_id}: no such test")
            continue
        # The test names its URL itself, or through a helper of its module, or follows a link to it from an email.
        route = "/" + routes[url_name].split("<")[0]
        if f'"{url_name}"' not in source and (len(route) < 3 or route not in body.group(0)):
            wrong.append(f"{test_id}: never names {url_name}")
        if ".post(" not in source and "click(" not in source:
            wrong.append(f"{test_id}: never posts")
    assert not wrong, "\n".join(wrong)
