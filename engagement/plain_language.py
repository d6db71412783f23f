"""The plain-language check for "you said, we did" updates, through the meetings app's checker.

The checker is imported when first used, so this app loads even where the checker is not installed; a
check then fails with a clear error rather than letting an unchecked update be published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class CheckerUnavailable(RuntimeError):
    """The plain-language checker (meetings.checker) cannot be imported, so nothing can be published."""


@dataclass
class UpdateCheck:
    must_fix: list[Any] = field(default_factory=list)
    advice: list[Any] = field(default_factory=list)

    @property
    def blocks_publishing(self) -> bool:
        return bool(self.must_fix)


def check_update_text(text: str) -> UpdateCheck:
    """Run the checker on an update's words; must-fix findings block publishing, advice is shown."""
    try:
        from meetings.checker import check_text
    except ImportError as error:
        raise CheckerUnavailable(
            "The plain-language checker (meetings.checker) is not available, so updates cannot be "
            f"checked or published: {error}"
        ) from error
    report = check_text(text)
    result = UpdateCheck()
    for finding in report.findings:
        (result.must_fix if finding.severity == "must-fix" else result.advice).append(finding)
    return result
