"""The portal's `date` filter writes the same text as Django's, quicker, for every format the portal uses."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from coproduction.templatetags.portal import date as portal_date

FORMATS = ["l j F Y", "j F Y", "F Y", "j M Y", "l j F", "D d/m/Y", "n-j-Y", "d.m.Y", "j F Y, P", "N jS", ""]


def _moments() -> list[dt.date | dt.datetime]:
    rng = random.Random(18)
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 3_000)) for _ in range(300)]
    # Around both clock changes of 2026, where the day in London differs from the day in UTC.
    edges = [dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC) + dt.timedelta(minutes=30 * i) for i in range(8)]
    edges += [dt.datetime(2026, 10, 24, 22, 30, tzinfo=dt.UTC) + dt.timedelta(minutes=30 * i) for i in range(8)]
    return [*days, *edges, dt.datetime(2027, 3, 17, 9, 5)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_text_as_djangos_filter(fmt):
    with translation.override("en-gb"):
        for moment in _moments():
            if "P" in fmt and not isinstance(moment, dt.datetime):
                continue  # a time of day: for moments only
            local = timezone.localtime(moment) if isinstance(moment, dt.datetime) and timezone.is_aware(moment) else moment
            assert portal_date(local, fmt) == django_date(local, fmt), (moment, fmt)


def test_templates_use_it_with_the_time_in_london():
    engine = Engine(builtins=["coproduction.templatetags.portal"])
    rendered = engine.from_string('{{ when|date:"l j F Y" }}').render(
        Context({"when": dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)}))
    assert rendered == "Sunday 25 October 2026"  # 00:30 in London, on British Summer Time


def test_nothing_and_text_are_left_to_djangos_filter():
    assert portal_date(None, "j F Y") == ""
    assert portal_date("", "j F Y") == ""
    assert portal_date("not a date", "j F Y") == ""


def test_other_languages_go_to_djangos_filter():
    with translation.override("cy"):
        moment = dt.datetime(2026, 5, 4, 10, tzinfo=ZoneInfo("Europe/London"))
        assert portal_date(moment, "l j F Y") == django_date(moment, "l j F Y")
