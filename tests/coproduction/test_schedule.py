"""Periodic work is on the schedule that `manage.py crontask` runs."""

from __future__ import annotations

import importlib

from crontask import scheduler


def scheduled_jobs() -> dict[str, str]:
    for app in ("coproduction", "recruitment", "meetings", "payments", "engagement"):
        try:
            importlib.import_module(f"{app}.tasks")
        except ModuleNotFoundError:
            continue
    return {job.name: str(job.trigger) for job in scheduler.get_jobs()}


def test_expired_applications_are_purged_every_night():
    jobs = scheduled_jobs()

    assert "purge_expired_applications" in jobs
    assert "hour='2'" in jobs["purge_expired_applications"]


def test_paper_authors_are_reminded_every_morning():
    jobs = scheduled_jobs()

    assert "send_paper_reminders" in jobs
    assert "hour='8'" in jobs["send_paper_reminders"]


def test_erased_peoples_expired_payment_records_are_removed_every_night():
    jobs = scheduled_jobs()

    assert "purge_expired_payment_records" in jobs
    assert "hour='3'" in jobs["purge_expired_payment_records"]
    assert "minute='0'" in jobs["purge_expired_payment_records"]


def test_the_trail_summary_is_kept_fresh_every_ten_minutes():
    jobs = scheduled_jobs()

    assert "refresh_trail_summary" in jobs
    assert "minute='*/10'" in jobs["refresh_trail_summary"]
