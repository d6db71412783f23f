"""The report's shape: what the management command and the pages will rely on."""

from __future__ import annotations

import json

from plain_language import FINDING_KINDS, Location, check_text


def test_to_dict_has_exactly_the_agreed_keys_and_is_json() -> None:
    report = check_text("The ICB met. We will leverage our assets.")
    data = report.to_dict(path="paper.md")
    assert list(data) == [
        "path",
        "words",
        "sentences",
        "flesch_reading_ease",
        "reading_age",
        "findings",
        "acronyms",
    ]
    assert data["path"] == "paper.md"
    assert list(data["findings"][0]) == ["kind", "text", "location", "message", "suggestion", "severity"]
    assert list(data["acronyms"][0]) == ["short", "long", "defined_at", "first_used_at", "count"]
    assert isinstance(data["findings"][0]["location"], str)
    json.dumps(data)


def test_location_reads_like_a_sentence() -> None:
    assert str(Location("Finance", 3, 2, "...")) == "Section 'Finance', paragraph 3 (page 2)"
    assert str(Location(None, 1)) == "paragraph 1"
    assert str(Location()) == "Start of the paper"


def test_every_finding_kind_has_a_known_name_and_severity() -> None:
    text = (
        "The ICB met. The plan was agreed. A man committed suicide. We leverage stakeholders. "
        "The elderly were there. " + "We " + "really " * 30 + "agree."
    )
    report = check_text(text)
    assert {f.kind for f in report.findings} <= set(FINDING_KINDS)
    severities = {f.kind: f.severity for f in report.findings}
    assert severities["acronym-undefined"] == "must-fix"
    assert severities["stigmatising"] == "must-fix"
    assert severities["jargon"] == severities["exclusionary"] == severities["passive"] == "advice"


def test_findings_are_in_document_order() -> None:
    report = check_text("First\n\nWe leverage it.\n\nSecond\n\nThe ICB met.")
    assert [f.location.section for f in report.findings] == ["First", "Second"]


def test_html_is_sanitised_and_scripts_are_not_checked() -> None:
    html = (
        "<h2>Finance</h2><p>We will <b>leverage</b> funds.</p>"
        "<script>var ICB = 'hard to reach';</script><p onclick='x()'>The PCN met.</p>"
    )
    report = check_text(html, fmt="html")
    assert [(f.kind, f.text) for f in report.findings] == [
        ("jargon", "leverage"),
        ("acronym-undefined", "PCN"),
    ]
    assert str(report.findings[0].location) == "Section 'Finance', paragraph 1"


def test_unknown_format_is_an_error() -> None:
    try:
        check_text("x", fmt="rtf")
    except ValueError as error:
        assert "rtf" in str(error)
    else:
        raise AssertionError("expected ValueError")


def test_empty_text_gives_an_empty_report() -> None:
    report = check_text("")
    assert (report.words, report.sentences, report.findings) == (0, 0, [])


def test_odd_input_never_crashes() -> None:
    import random

    rng = random.Random(7)
    alphabet = (
        "aZ IcB(PCN)[]{}.,;:!?-'\"$%&*#|\n\t 0123456789 e.g. (SF) <p></p>"
        "\u2013\u2014\u201c\u201d\u2018\u2019\u00a3\u00a0\u00e9\u0130\u00df\ufb01"
    )
    for fmt in ("text", "markdown", "html"):
        for _ in range(150):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
            report = check_text(text, fmt=fmt)
            report.to_dict()
            assert report.words >= 0
