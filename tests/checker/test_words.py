"""Jargon, exclusionary and stigmatising language."""

from __future__ import annotations

from plain_language import ADVICE, MUST_FIX, check_text


def found(text: str, kind: str | None = None) -> list[str]:
    return [
        f.text
        for f in check_text(text).findings
        if f.kind in ("jargon", "exclusionary", "stigmatising") and (kind is None or f.kind == kind)
    ]


def test_jargon_is_advice_with_a_plainer_alternative() -> None:
    [finding] = [f for f in check_text("We will utilise the money.").findings if f.kind == "jargon"]
    assert finding.text == "utilise"
    assert finding.severity == ADVICE
    assert "use" in finding.suggestion


def test_matching_ignores_case_and_finds_whole_words_only() -> None:
    assert found("Going Forward we talk to STAKEHOLDERS.") == ["Going Forward", "STAKEHOLDERS"]
    assert found("The keyboard and the monkey were robustly built.") == []


def test_inflections_listed_in_the_data_are_found() -> None:
    assert found("She suffered from anxiety. He is suffering from depression.", "stigmatising") == [
        "suffered from",
        "suffering from",
    ]
    assert found("We facilitated the session and are facilitating another.") == [
        "facilitated",
        "facilitating",
    ]


def test_hyphen_or_space_between_words_both_match() -> None:
    assert found("They are hard-to-reach. They are hard to reach.", "exclusionary") == [
        "hard-to-reach",
        "hard to reach",
    ]


def test_stigmatising_language_is_must_fix_with_the_preferred_words() -> None:
    report = check_text("A man committed suicide after years as a mental patient.")
    findings = [f for f in report.findings if f.kind == "stigmatising"]
    assert [f.text for f in findings] == ["committed suicide", "mental patient"]
    assert all(f.severity == MUST_FIX for f in findings)
    assert "died by suicide" in findings[0].suggestion


def test_person_first_language_for_diagnoses_and_substance_use() -> None:
    text = "A schizophrenic, two addicts and an alcoholic joined. The mentally ill deserve better."
    assert found(text, "stigmatising") == ["schizophrenic", "addicts", "alcoholic", "The mentally ill"]


def test_words_that_only_count_in_some_contexts() -> None:
    assert found("Our key worker helped. Key risks are listed.") == ["Key"]
    assert found("We will drive improvement.") == ["drive"]
    assert found("We will drive to the hospital.") == []
    assert found("Alcoholic drinks were not served.") == []
    assert found("The homeless charity and the homeless were both there.", "stigmatising") == ["the homeless"]


def test_schizophrenia_itself_is_not_flagged() -> None:
    assert found("A person with a diagnosis of schizophrenia spoke about schizophrenic symptoms.") == []


def test_the_location_points_at_the_paragraph() -> None:
    report = check_text("Budget\n\nAll fine.\n\nWe must leverage our assets.")
    [finding] = [f for f in report.findings if f.kind == "jargon"]
    assert str(finding.location) == "Section 'Budget', paragraph 2"
    assert "leverage" in finding.location.snippet


def test_headings_are_checked_for_stigmatising_language_too() -> None:
    report = check_text("# Support for the mentally ill\n\nWe met.", fmt="markdown")
    [finding] = report.findings
    assert (finding.kind, finding.text, str(finding.location)) == (
        "stigmatising",
        "the mentally ill",
        "Section 'Support for the mentally ill'",
    )
