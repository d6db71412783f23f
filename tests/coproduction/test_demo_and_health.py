"""The demo alliance, the health check and the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from coproduction.models import GovernanceGroup, Locality, Membership, PrimaryCareNetwork, User
from coproduction.roles import Role

pytestmark = pytest.mark.django_db
DEMO_APPS = ["coproduction"]  # the `demo` fixture (tests/conftest.py): the demo's people and groups
ROOT = Path(__file__).resolve().parents[2]


def alliance_counts() -> dict[str, int]:
    return {
        "localities": Locality.objects.count(),
        "networks": PrimaryCareNetwork.objects.count(),
        "groups": GovernanceGroup.objects.count(),
        "people": User.objects.count(),
        "memberships": Membership.objects.count(),
        "leaders": User.objects.filter(groups__name=Role.LEADER.value).count(),
    }


def test_the_demo_creates_a_realistic_alliance(demo):
    counts = alliance_counts()
    assert counts["localities"] == 4
    assert counts["networks"] == 13
    assert counts["leaders"] == 10
    assert set(GovernanceGroup.objects.values_list("kind", flat=True)) == {"board", "operational", "working"}
    assert User.objects.filter(groups__name=Role.BOARD.value).count() == 2
    assert User.objects.filter(groups__name=Role.MANAGER.value).count() == 1
    assert User.objects.filter(groups__name=Role.FINANCE.value).count() == 1


def test_a_demo_leader_can_sign_in_with_the_printed_password(demo, client):
    from coproduction.management.commands.demo import DEMO_PASSWORD

    response = client.post(reverse("account_login"),
                           {"login": "jo.bennett@demo.example.org", "password": DEMO_PASSWORD}, follow=True)
    assert b"Hello, Jo" in response.content


def test_healthz_answers_json_after_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_production_settings_pass_the_deployment_check():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coproduction.settings",
           "SECRET_KEY": "x7!Kq2@vN9#pLm4$Rt8^Wz1&Yb6*Hc3(Jd5)Fg0-Se2+Ua7=Ei9_Oo4", "ALLOWED_HOSTS": "portal.example.org"}
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)

    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coproduction.settings"}
    for name in ("SECRET_KEY", "DEBUG"):
        env.pop(name, None)

    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
