"""`python manage.py check_paper`: text and JSON output, exit codes 0/1/2, and no database writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from meetings import language_check

pytestmark = pytest.mark.django_db

JSON_KEYS = {"path", "words", "sentences", "flesch_reading_ease", "reading_age", "findings", "acronyms"}
FINDING_KEYS = {"kind", "text", "location", "message", "suggestion", "severity"}
ACRONYM_KEYS = {"short", "long", "defined_at", "first_used_at", "count"}


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_paper", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def papers(tmp_path: Path) -> dict[str, Path]:
    clean = tmp_path / "clean.md"
    clean.write_text("# Crisis line\n\nThe Integrated Care Board (ICB) will pay. The ICB meets in May.\n",
                     encoding="utf-8")
    stigma = tmp_path / "stigma.txt"
    stigma.write_text("We want to help the mentally ill find work.\n", encoding="utf-8")
    binary = tmp_path / "report.docx"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    return {"clean": clean, "stigma": stigma, "binary": binary, "empty": empty}


def test_a_clean_paper_exits_0_and_prints_the_json_shape(papers):
    with CaptureQueriesContext(connection) as queries:
        code, out, err = run(str(papers["clean"]), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == JSON_KEYS and data["path"] == str(papers["clean"])
    assert not [f for f in data["findings"] if f["severity"] == "must-fix"]
    assert data["acronyms"] == [{"short": "ICB", "long": "Integrated Care Board",
                                 "defined_at": "Section 'Crisis line', paragraph 1",
                                 "first_used_at": "Section 'Crisis line', paragraph 1", "count": 2}]
    assert set(data["acronyms"][0]) == ACRONYM_KEYS
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []  # reads the glossary, writes nothing


def test_stigmatising_language_exits_1_with_text_and_json(papers):
    code, out, _ = run(str(papers["stigma"]))
    assert code == 1
    assert "[must-fix] Stigmatising words (stigmatising): \"the mentally ill\" at paragraph 1" in out
    assert "Suggestion: Try: people with mental health problems" in out

    code, out, _ = run(str(papers["stigma"]), "--format", "json")
    finding = json.loads(out)["findings"][0]
    assert code == 1 and set(finding) == FINDING_KEYS
    assert (finding["kind"], finding["text"], finding["severity"]) == ("stigmatising", "the mentally ill",
                                                                       "must-fix")


@pytest.mark.parametrize(("name", "words"), [("binary", "not a document we can read"), ("empty", "is empty")])
def test_unreadable_input_exits_2_with_a_clear_message(papers, name, words):
    code, _out, err = run(str(papers[name]))
    assert code == 2 and words in err and str(papers[name]) in err and "Traceback" not in err


def test_several_paths_print_one_json_object_per_line_and_the_worst_exit_code(papers):
    code, out, err = run(str(papers["clean"]), str(papers["stigma"]), "--format", "json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [line["path"] for line in lines] == [str(papers["clean"]), str(papers["stigma"])]

    code, out, err = run(str(papers["stigma"]), str(papers["empty"]), "--format", "json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and lines[1] == {"path": str(papers["empty"]), "error": err.split(": ", 1)[1].strip()}


def test_without_a_migrated_database_it_uses_the_data_files(papers, monkeypatch, tmp_path):
    def no_tables():
        raise OperationalError("no such table: meetings_glossaryentry")

    monkeypatch.setattr(language_check, "checker_inputs", no_tables)
    acronym = tmp_path / "pcn.md"
    acronym.write_text("The PCN will pay.\n", encoding="utf-8")
    code, out, _ = run(str(acronym), "--format", "json")
    finding = json.loads(out)["findings"][0]
    assert code == 1 and "Primary Care Network (PCN)" in finding["suggestion"]  # from glossary.csv
