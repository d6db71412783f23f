"""How the definition finder reads the ways board papers explain abbreviations."""

from __future__ import annotations

from plain_language import find_definitions


def test_long_form_then_short_form_in_brackets() -> None:
    assert find_definitions("The Integrated Care Board (ICB) met on Tuesday.") == [
        ("ICB", "Integrated Care Board")
    ]


def test_short_form_then_long_form_in_brackets() -> None:
    assert find_definitions("The ICB (Integrated Care Board) met on Tuesday.") == [
        ("ICB", "Integrated Care Board")
    ]


def test_definition_introduced_in_words() -> None:
    text = "The Joint Strategic Needs Assessment, referred to as the JSNA, was published."
    assert find_definitions(text) == [("JSNA", "Joint Strategic Needs Assessment")]


def test_known_as() -> None:
    text = (
        "Our alliance of charities, known as the VCSE, meets monthly. The Health and "
        "Wellbeing Board, known as the HWB, agreed the plan."
    )
    assert ("HWB", "Health and Wellbeing Board") in find_definitions(text)


def test_stands_for_means_and_short_for() -> None:
    assert find_definitions("CMHT stands for Community Mental Health Team.") == [
        ("CMHT", "Community Mental Health Team")
    ]
    assert find_definitions("ICS means Integrated Care System.") == [("ICS", "Integrated Care System")]
    assert find_definitions("PCN is short for Primary Care Network.") == [("PCN", "Primary Care Network")]


def test_closing_quote_is_not_part_of_the_long_form() -> None:
    text = 'People with a "serious mental illness" (SMI) are offered checks.'
    assert find_definitions(text) == [("SMI", "serious mental illness")]


def test_latin_abbreviations_are_not_paired_with_a_phrase() -> None:
    text = "Some partners (e.g. housing) and others (i.e. schools) joined the event (etc.)."
    assert find_definitions(text) == []


def test_mixed_case_letters_and_digits_and_ampersand() -> None:
    text = (
        "Experts by Experience (EbE) leaders raised Section 117 (S117) aftercare and "
        "Accident and Emergency (A&E) waits."
    )
    assert find_definitions(text) == [
        ("EbE", "Experts by Experience"),
        ("S117", "Section 117"),
        ("A&E", "Accident and Emergency"),
    ]


def test_plural_short_form() -> None:
    assert find_definitions("Our Primary Care Networks (PCNs) hired staff.") == [
        ("PCNs", "Primary Care Networks")
    ]


def test_words_that_do_not_spell_the_short_form_are_not_a_definition() -> None:
    assert find_definitions("The meeting was held in the town hall (NHS).") == []


def test_a_bracketed_remark_is_not_a_short_form() -> None:
    assert find_definitions("The budget rose (as expected) by 4%.") == []
    assert find_definitions("The result (p = 0.03) was clear.") == []


def test_stopword_is_not_the_start_of_the_long_form() -> None:
    assert find_definitions("Accident and Emergency (A&E) attendances rose.") == [
        ("A&E", "Accident and Emergency")
    ]


def test_a_possessive_long_form_before_the_brackets() -> None:
    assert find_definitions("The Care Quality Commission\u2019s (CQC) report came out.") == [
        ("CQC", "Care Quality Commission")
    ]


def test_an_apostrophe_inside_the_long_form() -> None:
    text = "Children and Young People\u2019s Mental Health Services (CYPMHS) have long waits."
    assert find_definitions(text) == [("CYPMHS", "Children and Young People\u2019s Mental Health Services")]


def test_a_hyphenated_long_form() -> None:
    assert find_definitions("Referrals go to the Multi-Agency Safeguarding Hub (MASH).") == [
        ("MASH", "Multi-Agency Safeguarding Hub")
    ]


def test_a_possessive_short_form_in_the_brackets() -> None:
    assert find_definitions("The Integrated Care Board\u2019s (ICB\u2019s) plan was agreed.") == [
        ("ICB", "Integrated Care Board")
    ]


def test_an_organisation_name_whose_abbreviation_skips_some_words() -> None:
    text = "The service is run by Avon and Wiltshire Mental Health Partnership NHS Trust (AWP)."
    assert find_definitions(text) == [("AWP", "Avon and Wiltshire Mental Health Partnership NHS Trust")]


def test_letters_taken_from_a_word_in_capitals() -> None:
    assert find_definitions("NHS Greater Glasgow and Clyde (NHSGGC) replied.") == [
        ("NHSGGC", "NHS Greater Glasgow and Clyde")
    ]


def test_a_definition_a_few_words_before_the_brackets() -> None:
    assert find_definitions("We met the Integrated Care Board for our area (ICB) in May.") == [
        ("ICB", "Integrated Care Board")
    ]


def test_a_letter_and_number_explained_in_brackets_after_it() -> None:
    assert find_definitions("Referrals rose in Q3 (Quarter 3) again.") == [("Q3", "Quarter 3")]


def test_short_form_or_long_form() -> None:
    text = "Talking Therapies (previously called IAPT or Improving Access to Psychological Therapies) grew."
    assert ("IAPT", "Improving Access to Psychological Therapies") in find_definitions(text)


def test_long_form_or_short_form() -> None:
    assert find_definitions("Ask the Patient Advice and Liaison Service, or PALS, for help.") == [
        ("PALS", "Patient Advice and Liaison Service")
    ]


def test_long_form_then_short_form_between_commas() -> None:
    assert find_definitions("The Care Quality Commission, CQC, inspected the ward.") == [
        ("CQC", "Care Quality Commission")
    ]


def test_a_page_number_in_brackets_is_not_a_definition() -> None:
    assert find_definitions("The draft strategy was presented (P91) and agreed.") == []


def test_an_unrelated_word_before_or_is_not_a_definition() -> None:
    assert find_definitions("Speak to your nurse or GP about it.") == []


def test_a_short_form_with_or_the_or_for_short_in_its_brackets() -> None:
    for text in (
        "The Integrated Care Board (or ICB) met.",
        "The Integrated Care Board (the ICB) met.",
        "The Integrated Care Board (ICB for short) met.",
    ):
        assert find_definitions(text) == [("ICB", "Integrated Care Board")], text


def test_a_short_form_between_dashes() -> None:
    assert find_definitions("The Health and Wellbeing Board \u2013 HWB \u2013 met.") == [
        ("HWB", "Health and Wellbeing Board")
    ]
