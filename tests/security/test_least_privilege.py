"""Least privilege: the Admin role is not a superuser, its Django admin permissions are exactly the README's
table (settings, rates, limits, glossary, audit, erasure), every other admin page refuses it, roles change only
on the recorded Roles page, and the README's roles table says what `coproduction/roles.py` does."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from coproduction.models import AuditEvent, User
from coproduction.roles import ADMIN_SITE, MATRIX, STAFF_ROLES, Role, admin_site_codenames, roles_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
COLUMNS = [Role.LEADER, Role.MANAGER, Role.FINANCE, Role.BOARD, Role.ADMIN]


def table_after(heading: str) -> list[list[str]]:
    """The rows (cells) of the first Markdown table after a line starting with `heading`."""
    lines = README.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows, in_table = [], False
    for line in lines[start + 1:]:
        if line.startswith("|"):
            in_table = True
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif in_table:
            break
    return rows[1:]  # without the header


def test_the_readme_roles_table_and_the_capability_matrix_agree():
    rows = table_after("## Roles and what each may do")
    found = {}
    for cells in rows:
        ticked = {role for role, cell in zip(COLUMNS, cells[1:], strict=True) if cell == "✓"}
        capability = next((c for c in MATRIX if cells[0].lower().startswith(c.value)), None)
        if capability is not None:
            found[capability] = ticked
        elif cells[0].startswith("Second factor"):
            assert ticked == STAFF_ROLES
        else:
            assert cells[0].startswith("See a claim and its receipts before it is sent"), cells[0]
            assert ticked == {Role.LEADER}  # drafts: tests/security/test_drafts_are_private.py
    assert found == {capability: set(roles) for capability, roles in MATRIX.items()}


def test_the_readme_admin_table_the_code_and_the_admin_groups_permissions_agree(admin_user):
    rows = table_after("### The Django admin")
    readme = {cells[0].strip("`"): (cells[1], frozenset(re.findall(r"\b(view|add|change|delete)\b", cells[2])))
              for cells in rows}
    assert readme == ADMIN_SITE
    assert {purpose for purpose, _ in ADMIN_SITE.values()} == {"settings", "rates", "limits", "glossary", "audit",
                                                               "erasure"}
    group = Group.objects.get(name=Role.ADMIN.value)
    assert {(p.content_type.app_label, p.codename) for p in group.permissions.all()} == admin_site_codenames()
    assert not admin_user.is_superuser and admin_user.is_staff
    expected = {f"{app}.{codename}" for app, codename in admin_site_codenames()}
    assert User.objects.get(pk=admin_user.pk).get_all_permissions() == expected


def test_every_django_admin_page_outside_the_table_refuses_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    wrong = []
    for model in admin.site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        status = client.get(url).status_code
        expected = 200 if label in ADMIN_SITE else 403
        if status != expected:
            wrong.append(f"{label}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    for out_of_reach in ("payments.claim", "payments.ledgerentry", "engagement.feedbackitem",
                         "coproduction.outgoingemail", "auth.group"):
        assert out_of_reach not in ADMIN_SITE


def test_the_admin_cannot_give_itself_a_role_in_the_django_admin(client_for, admin_user):
    finance = Group.objects.get_or_create(name=Role.FINANCE.value)[0]
    url = reverse("admin:coproduction_user_change", args=[admin_user.pk])

    response = client_for(admin_user).post(url, {"email": admin_user.email, "full_name": admin_user.full_name,
                                                 "groups": [finance.pk], "is_superuser": "on", "is_active": "on"})

    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert Role.FINANCE not in roles_of(admin_user) and not admin_user.is_superuser


def test_even_a_superuser_sees_roles_read_only_in_the_django_admin(client_for, leader):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True, totp=True)

    html = client_for(root).get(reverse("admin:coproduction_user_change", args=[leader.pk])).content.decode()

    assert 'name="groups"' not in html and 'name="is_superuser"' not in html


def test_roles_change_on_the_recorded_roles_page_and_never_your_own(client_for, admin_user, leader, manager):
    client = client_for(admin_user)
    url = reverse("person_roles", args=[leader.pk])

    response = client.post(url, {"roles": [Role.LEADER.value, Role.FINANCE.value], "reason": "Joined the panel."})

    assert response.status_code == 302
    leader.refresh_from_db()
    assert roles_of(leader) == {Role.LEADER, Role.FINANCE}
    event = AuditEvent.objects.get(action="roles_changed")
    assert event.actor_id == admin_user.pk
    assert event.detail == f"person {leader.pk}: added Finance approver; removed none; why: Joined the panel."

    own = client.post(reverse("person_roles", args=[admin_user.pk]),
                      {"roles": [Role.ADMIN.value, Role.FINANCE.value], "reason": "Mine."})
    assert own.status_code == 200 and "cannot change your own roles" in own.content.decode()
    assert Role.FINANCE not in roles_of(User.objects.get(pk=admin_user.pk))
    assert client_for(manager).post(url, {"roles": [Role.ADMIN.value], "reason": "x"}).status_code == 403

    client.post(url, {"roles": [Role.ADMIN.value], "reason": "Runs the settings now."})
    promoted = User.objects.get(pk=leader.pk)
    assert promoted.is_staff and not promoted.is_superuser  # admin access follows the role, never superuser


def test_the_migration_takes_superuser_away_from_existing_admins():
    migration = importlib.import_module("coproduction.migrations.0009_the_admin_role_is_not_a_superuser")
    admin_person = UserFactory(roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    break_glass = UserFactory(is_staff=True, is_superuser=True)

    migration.forwards(django_apps, None)

    admin_person.refresh_from_db()
    break_glass.refresh_from_db()
    assert admin_person.is_staff and not admin_person.is_superuser
    assert break_glass.is_superuser  # a superuser without the Admin role (createsuperuser) is left
