"""The portal's own words pass its own plain-language checker, including the words that come from code and data:
every choice label, status, benefit rule, audit label, form label, hint and error message, and the pages of the
roles the meetings check does not cover (finance, board, admin, and a leader's payments pages)."""

from __future__ import annotations

import copy

import pytest
from django.apps import apps
from django.urls import reverse

from coproduction.formtools import specific_messages
from coproduction.models import AuditEvent
from meetings.language_check import checker_inputs
from payments.limits import rules
from plain_language import MUST_FIX, check_text
from tests.journeys.test_form_messages import _project_forms
from tests.meetings.test_page_text import must_fix_on

pytestmark = pytest.mark.django_db
APPS = {"coproduction", "meetings", "payments", "recruitment", "engagement"}


def _must_fix(texts: dict[str, str]) -> list[str]:
    glossary, allow = checker_inputs()
    found = []
    for where, text in texts.items():
        report = check_text(text, fmt="text", glossary=glossary, allow=allow)
        found += [f"{where}: {f.kind} '{f.text}' in “{text}”" for f in report.findings if f.severity == MUST_FIX]
    return found


def test_every_label_from_code_and_data_passes_the_checker():
    texts: dict[str, str] = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.fields:
            for value, label in field.flatchoices or []:
                texts[f"{model.__name__}.{field.name}={value}"] = str(label)
    for enum in (rules.Rule, rules.BenefitRule, rules.PermittedWork):
        for value, label in enum.choices():
            texts[f"{enum.__name__}={value}"] = label
    for action, label in AuditEvent.LABELS.items():
        texts[f"audit {action}"] = label
    for cls in _project_forms():
        for name, field in cls.base_fields.items():
            where = f"{cls.__name__}.{name}"
            texts[where + " label"] = str(field.label or "")
            texts[where + " hint"] = str(field.help_text or "")
            for code, message in specific_messages(copy.deepcopy(field), name).items():
                texts[f"{where} {code}"] = message.replace("%(limit_value)s", "5").replace("%(limit_value)d", "5")
    assert len(texts) > 500
    found = _must_fix({where: text for where, text in texts.items() if text})
    assert not found, "\n".join(found)


def test_finance_board_admin_and_a_leaders_payments_pages_pass_the_checker(leader, finance, board_member,
                                                                          admin_user, client_for, rates):
    inputs = checker_inputs()
    problems = []
    for person, names in ((leader, ["payments:index", "payments:benefits", "payments:statements",
                                    "payments:payment_details", "payments:activity_add"]),
                          (finance, ["payments:index", "payments:runs", "payments:budgets", "payments:review_list"]),
                          (board_member, ["home", "meetings:decision_list"]),
                          (admin_user, ["home", "settings_index", "audit_list", "meetings:notice_rules"])):
        client = client_for(person)
        for name in names:
            problems += must_fix_on(client, reverse(name), inputs)
    assert not problems, "\n".join(problems)
