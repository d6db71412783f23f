"""The adapter between "you said, we did" updates and the plain-language checker (`plain_language`).

Must-fix findings block publishing; advice is shown beside the draft. If the checker itself fails, the update
is not published: an unchecked update never reaches the public page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plain_language import MUST_FIX, Finding, check_text


class CheckerUnavailable(RuntimeError):
    """The plain-language check could not run, so nothing can be published."""


@dataclass
class UpdateCheck:
    must_fix: list[Finding] = field(default_factory=list)
    advice: list[Finding] = field(default_factory=list)

    @property
    def blocks_publishing(self) -> bool:
        return bool(self.must_fix)


def check_update_text(text: str) -> UpdateCheck:
    """Run the checker on an update's words; must-fix findings block publishing, advice is shown."""
    try:
        report = check_text(text)
    except Exception as error:
        raise CheckerUnavailable(
            f"The plain-language check did not work, so updates cannot be checked or published: {error}"
        ) from error
    result = UpdateCheck()
    for finding in report.findings:
        (result.must_fix if finding.severity == MUST_FIX else result.advice).append(finding)
    return result
