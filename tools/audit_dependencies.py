"""Audit the locked requirements with pip-audit; fail on any known vulnerability.

pip-audit asks a vulnerability service (PyPI's JSON API or OSV). Where the machine cannot reach one, every
package comes back "could not be audited": that is reported loudly, and is not counted as a pass of the audit
(exit 0 only so that an offline CI run can finish; the message says the audit did not happen).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "lock.txt"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--no-deps", "--disable-pip",
                   "--vulnerability-service", "pypi", "--progress-spinner", "off", "--format", "json",
                   "-o", str(report_path)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
        if not report_path.exists():
            print(result.stdout, result.stderr, sep="\n")
            print("pip-audit did not produce a report: failing.")
            return 1
        report = json.loads(report_path.read_text())
    code, lines = evaluate(report)
    print("\n".join(lines))
    return code


def evaluate(report: dict) -> tuple[int, list[str]]:
    """Exit code and message lines for a pip-audit JSON report."""
    dependencies = report["dependencies"]
    vulnerable = [(dep["name"], dep["version"], vuln["id"]) for dep in dependencies for vuln in dep.get("vulns", [])]
    skipped = [dep["name"] for dep in dependencies if dep.get("skip_reason")]
    lines = [f"VULNERABLE: {name} {version}: {vuln_id}" for name, version, vuln_id in vulnerable]
    lines.append(f"pip-audit: {len(dependencies)} locked packages, {len(dependencies) - len(skipped)} audited, "
                 f"{len(vulnerable)} known vulnerabilities.")
    if vulnerable:
        return 1, lines
    if skipped:
        lines.append(f"NOT AUDITED: the vulnerability service could not be reached for {len(skipped)} packages "
                     "(no network to PyPI's JSON API here). Run this again where it can be reached.")
    return 0, lines


if __name__ == "__main__":
    raise SystemExit(main())
