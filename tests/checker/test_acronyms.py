"""Spotting acronyms and deciding whether the paper explains them."""

from __future__ import annotations

from plain_language import MUST_FIX, GlossaryEntry, check_text, find_acronyms


def shorts(text: str) -> list[str]:
    return [short for short, _, _ in find_acronyms(text)]


def kinds(report, kind: str) -> list[str]:
    return [f.text for f in report.findings if f.kind == kind]


def test_finds_initialisms_mixed_case_and_letter_digit_forms() -> None:
    text = "The ICB, PCN, CMHT, SMI, VCSE and EbE leads discussed S117 and A&E."
    assert shorts(text) == ["ICB", "PCN", "CMHT", "SMI", "VCSE", "EbE", "S117", "A&E"]


def test_plurals_and_possessives_are_normalised() -> None:
    assert shorts("GPs and ICBs met. The ICB's plan and the GP's list.") == ["GP", "ICB", "ICB", "GP"]


def test_ordinary_words_are_not_acronyms() -> None:
    text = (
        "The meeting opened at 10am. I said A and E was busy, e.g. on Friday, i.e. payday. "
        "Part II and Section IV follow. Sam McDonald shared the PowerPoint at 2 PM."
    )
    assert shorts(text) == []


def test_headings_and_lines_in_capitals_are_not_acronyms() -> None:
    assert shorts("AGENDA") == []
    assert shorts("MINUTES OF THE MEETING") == []
    assert shorts("Please send comments. PLEASE NOTE THE CHANGE OF VENUE.") == []
    assert shorts("THE ICB BOARD MEETING") == ["ICB"]


def test_an_unexplained_acronym_is_a_must_fix_finding_with_the_glossary_meaning() -> None:
    report = check_text("The VCSE sector asked for three-year grants.")
    [finding] = [f for f in report.findings if f.kind == "acronym-undefined"]
    assert finding.text == "VCSE"
    assert finding.severity == MUST_FIX
    assert "Voluntary, Community and Social Enterprise (VCSE)" in finding.suggestion


def test_an_acronym_explained_at_first_use_is_fine() -> None:
    report = check_text("The Integrated Care Board (ICB) met. The ICB agreed the plan.")
    assert kinds(report, "acronym-undefined") == []
    [use] = report.acronyms
    assert (use.short, use.long, use.count) == ("ICB", "Integrated Care Board", 2)


def test_an_acronym_explained_only_after_first_use_is_defined_late() -> None:
    report = check_text(
        "Finance\n\nThe ICB agreed the budget.\n\nThe Integrated Care Board (ICB) meets monthly."
    )
    assert kinds(report, "acronym-defined-late") == ["ICB"]
    assert kinds(report, "acronym-undefined") == []
    [finding] = [f for f in report.findings if f.kind == "acronym-defined-late"]
    assert str(finding.location) == "Section 'Finance', paragraph 1"
    assert "paragraph 2" in finding.message


def test_an_acronym_explained_two_different_ways_is_flagged() -> None:
    report = check_text("The Local Authority (LA) agreed. Later, the Learning Academy (LA) disagreed.")
    assert kinds(report, "acronym-defined-twice") == ["LA"]


def test_the_same_explanation_twice_is_not_defined_twice() -> None:
    report = check_text("The Integrated Care Board (ICB) agreed. The integrated care board (ICB) paid.")
    assert kinds(report, "acronym-defined-twice") == []


def test_a_glossary_section_explains_acronyms_anywhere_in_the_paper() -> None:
    text = (
        "## Update\n\nThe ICB met every PCN in June.\n\n"
        "## Glossary\n\n- ICB - Integrated Care Board\n- PCN: Primary Care Network\n"
    )
    report = check_text(text, fmt="markdown")
    assert kinds(report, "acronym-undefined") == []
    assert kinds(report, "acronym-defined-late") == []
    assert {a.short: a.long for a in report.acronyms} == {
        "ICB": "Integrated Care Board",
        "PCN": "Primary Care Network",
    }


def test_a_glossary_table_counts_as_explanation() -> None:
    text = (
        "## Update\n\nSMI outcomes come first.\n\n## Abbreviations\n\n"
        "| Short | Meaning |\n|---|---|\n| SMI | Severe Mental Illness |\n"
    )
    report = check_text(text, fmt="markdown")
    assert kinds(report, "acronym-undefined") == []


def test_plain_text_glossary_lines_under_a_heading() -> None:
    text = (
        "Update\n\nThe ICS agreed.\n\nAcronyms\n\nICS - Integrated Care System\nSMI - Severe Mental Illness\n"
    )
    report = check_text(text)
    assert kinds(report, "acronym-undefined") == []


def test_allow_list_acronyms_need_no_explanation() -> None:
    report = check_text("The NHS and GPs in the UK are OK with COVID rules.")
    assert kinds(report, "acronym-undefined") == []


def test_caller_can_allow_more_acronyms() -> None:
    report = check_text("The ICB met.", allow=["ICB"])
    assert kinds(report, "acronym-undefined") == []


def test_a_custom_glossary_gives_the_suggestion() -> None:
    glossary = {"ZZT": GlossaryEntry("ZZT", "Zonal Transport Team", "A team.", "test")}
    report = check_text("The ZZT met.", glossary=glossary)
    [finding] = report.findings
    assert finding.suggestion == "Write 'Zonal Transport Team (ZZT)' the first time you use it."


def test_acronym_report_lists_first_use_and_definition_locations() -> None:
    report = check_text("Intro\n\nThe CQC visited.\n\nThe Care Quality Commission (CQC) rated us good.")
    [use] = report.acronyms
    assert str(use.first_used_at) == "Section 'Intro', paragraph 1"
    assert str(use.defined_at) == "Section 'Intro', paragraph 2"
    assert use.count == 2


def undefined(text: str) -> list[str]:
    return kinds(check_text(text), "acronym-undefined")


def test_a_postcode_is_not_an_acronym() -> None:
    assert shorts("Venue: County Hall, Preston PR1 8XJ. Birmingham B19 3SD.") == []


def test_surnames_written_in_capitals_in_an_attendance_list_are_not_acronyms() -> None:
    text = "Present:\n\nMargaret THOMSON (Chair)\n\nAlan REID, Vice Chair\n\nEwan McKENZIE\n\nFiona MACLEOD"
    assert undefined(text) == []


def test_an_acronym_after_a_place_name_is_still_an_acronym() -> None:
    assert undefined("Apologies:\n\nDr Graham Jones, East Leicestershire and Rutland CCG") == ["CCG"]


def test_honours_after_a_name_are_not_acronyms() -> None:
    assert undefined("Sarah Jones MBE, Chair, welcomed members. Cllr Tom Smith JP sent apologies.") == []


def test_paper_and_page_references_are_not_acronyms() -> None:
    text = "The report (P20) and paper HWB/2024/07 were noted; see enclosure E3 and page P12."
    assert undefined(text) == []


def test_codes_of_letters_and_digits_are_not_acronyms_but_section_numbers_are() -> None:
    text = "CO1: To provide a safe service. Paper WL1903 was noted. S117 aftercare is free."
    assert undefined(text) == ["S117"]


def test_file_sizes_are_not_acronyms() -> None:
    assert undefined("Minutes (340 KB) and the full report (12.06MB) are online.") == []


def test_parts_of_a_web_address_are_not_acronyms() -> None:
    assert undefined("See www.example.nhs.uk/BoardPapers/ICB2024 or https://oxon.cc/OJHOSC09062022.") == []


def test_month_and_day_names_in_capitals_are_not_acronyms() -> None:
    assert undefined("Minutes of 3 JULY 2023. The board next meets on MON 4 MAY.") == []


def test_roman_numerals_are_not_acronyms() -> None:
    assert undefined("Chapter XXIV and Schedule XII apply.") == []


def test_a_list_of_definitions_needs_no_glossary_heading() -> None:
    text = "The list below explains the abbreviations.\n\nCPA - Care Programme Approach\n\nCTO - Community Treatment Order\n\nThe CPA and the CTO are reviewed yearly."
    assert undefined(text) == []


def test_a_definition_between_commas_explains_an_acronym() -> None:
    assert undefined("The Care Quality Commission, CQC, inspected the ward. CQC rated it good.") == []


def test_a_place_name_in_capitals_is_not_an_acronym() -> None:
    assert undefined("Venue: Town Hall, LLANDUDNO\n\nThe meeting opened.") == []


def test_a_short_word_in_capitals_alone_on_its_line_is_a_heading() -> None:
    assert undefined("4. AIMS\n\nThe aims were agreed.") == []


def test_an_unexplained_acronym_alone_on_its_line_is_still_flagged() -> None:
    assert undefined("5. CAMHS\n\nWaits are long.") == ["CAMHS"]
