"""The dependency audit fails CI on any known vulnerability, and never calls an unaudited run a pass."""

from __future__ import annotations

from tools.audit_dependencies import evaluate


def test_a_known_vulnerability_fails_the_audit():
    report = {"dependencies": [
        {"name": "django", "version": "6.1.0", "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["6.1.1"]}]},
        {"name": "bleach", "version": "6.4.0", "vulns": []},
    ]}

    code, lines = evaluate(report)

    assert code == 1
    assert "VULNERABLE: django 6.1.0: PYSEC-2026-1" in lines


def test_a_clean_audit_passes():
    code, lines = evaluate({"dependencies": [{"name": "bleach", "version": "6.4.0", "vulns": []}]})

    assert code == 0
    assert lines == ["pip-audit: 1 locked packages, 1 audited, 0 known vulnerabilities."]


def test_packages_that_could_not_be_audited_are_reported_as_not_audited():
    code, lines = evaluate({"dependencies": [{"name": "bleach", "version": "6.4.0", "skip_reason": "not found"}]})

    assert code == 0
    assert any(line.startswith("NOT AUDITED") for line in lines)
