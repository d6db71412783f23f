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


def test_a_diagnosis_used_as_a_noun_for_a_person_is_stigmatising() -> None:
    assert found("She was described as a bulimic.", "stigmatising") == ["bulimic"]
    assert found("Two epileptics and a paranoid schizophrenic were named.", "stigmatising") == [
        "epileptics",
        "schizophrenic",
    ]


def test_a_diagnosis_used_for_a_market_the_weather_or_a_mood_is_stigmatising() -> None:
    assert found("Investors say the market is schizophrenic.", "stigmatising") == ["schizophrenic"]
    assert found("It has been a week of bipolar weather.", "stigmatising") == ["bipolar"]
    assert found("I am a bit OCD about labels and my sister is so ADHD.", "stigmatising") == ["OCD", "ADHD"]
    assert found("Monday was a manic day.", "stigmatising") == ["manic"]


def test_a_diagnosis_with_a_clinical_word_after_it_is_not_a_label() -> None:
    text = "She had a psychotic episode, depressive symptoms and an epileptic seizure; alcoholic drinks were banned."
    assert found(text, "stigmatising") == []


def test_the_name_of_a_condition_after_with_or_of_is_respectful() -> None:
    text = "People with bipolar disorder, people affected by bipolar and children with ADHD were invited."
    assert found(text, "stigmatising") == []
    assert found("OCD is an anxiety disorder. Bipolar is common.", "stigmatising") == []


def test_names_of_organisations_are_not_labels() -> None:
    text = "Bipolar UK, Alcoholics Anonymous and the Manic Depression Fellowship spoke."
    assert found(text, "stigmatising") == []


def test_victim_framing_is_stigmatising() -> None:
    text = "A victim of dementia, she was stricken with anxiety; dementia sufferers and stroke victims came."
    assert found(text, "stigmatising") == ["victim of", "stricken with", "sufferers", "victims"]


def test_suffering_from_a_hardship_is_not_victim_framing() -> None:
    assert found("Services are suffering from delays and underfunding.", "stigmatising") == []
    assert found("Wards suffered from a lack of staff.", "stigmatising") == []


def test_suffering_from_a_condition_is_victim_framing() -> None:
    assert found("He suffers from a rare personality disorder.", "stigmatising") == ["suffers from"]


def test_a_victim_of_something_that_is_not_a_condition_is_not_flagged() -> None:
    assert found("She was a victim of crime and of abuse.", "stigmatising") == []


def test_casual_insults_and_sayings_about_madness_are_stigmatising() -> None:
    text = "The new rota drives me mad; the plan is bonkers and as mad as a hatter."
    assert found(text, "stigmatising") == ["mad", "bonkers", "as mad as"]


def test_service_labels_for_people_are_jargon() -> None:
    text = "Bed-blockers, revolving-door patients and frequent fliers were discussed."
    assert found(text, "jargon") == ["Bed-blockers", "revolving-door patients", "frequent fliers"]


def test_blocking_beds_is_bed_blocking_in_other_words() -> None:
    assert found("Over 200 patients were blocking acute beds.", "jargon") == ["blocking"]


def test_american_spellings_and_curly_apostrophes_match_too() -> None:
    assert found("We will utilize arm\u2019s length bodies.", "jargon") == ["utilize", "arm\u2019s length bodies"]


def test_empty_superlatives_are_jargon() -> None:
    assert found("A world-class, best-in-class service.", "jargon") == ["world-class", "best-in-class"]


def test_a_thing_suffering_from_a_fault_is_not_victim_framing() -> None:
    assert found("The report suffers from poor data.", "stigmatising") == []
    assert found("Many patients suffer from poor sleep.", "stigmatising") == ["suffer from"]


def test_the_name_of_a_condition_after_is_can_be_a_diagnosis() -> None:
    assert found("The most common diagnosis is OCD.", "stigmatising") == []


def test_a_block_of_beds_is_not_bed_blocking() -> None:
    assert found("We made a block booking of beds; blocks of flats were built.", "jargon") == []
