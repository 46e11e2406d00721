"""The document commands as a user meets them: notice, letter, checklist, and documents in the flow."""

from __future__ import annotations

import hashlib
import io
import os
import re
import sqlite3
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from rich.console import Console

from leavemealone.cli.app import run
from leavemealone.flow.model import Offer
from leavemealone.guide import paperwork
from leavemealone.guide import session as guide
from leavemealone.store.case_store import SEALED_TABLES, DocumentRecord
from leavemealone.store.cases import open_case
from tests.scripted import ScriptedAsker

ROOT = Path(__file__).resolve().parents[2]
YOU = "Zoë Núñez-O'Brien"
THEM = "Sam Roe"
ANSWERS = f"""\
in_danger: false
feels_threatened: false
danger_signs: []
tech_signs: []
conduct: [repeated_harassment]
relationship: roommate
contact_channels: [text, at_home]
lives_with_them: true
at_work: true
at_school: true
state: CA
your_name: "{YOU}"
their_name: {THEM}
"""
NO_NAMES = ANSWERS.replace(f'your_name: "{YOU}"\n', "").replace(f"their_name: {THEM}\n", "")

# Each command, and words its document must contain whatever the format.
COMMANDS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "notice": (["notice"], (YOU, THEM, "I do not want any contact with you")),
    "notice-final-email": (["notice", "--final", "--channel", "email"], (THEM, "final warning")),
    "notice-text": (["notice", "--channel", "text"], (THEM, "Do not reply to this message")),
    "employer": (["letter", "employer"], (YOU, THEM)),
    "school": (["letter", "school"], (YOU, THEM)),
    "support": (["letter", "support"], (YOU, THEM)),
    "police": (["letter", "police"], (YOU, THEM, "Summary for the police")),
    "court": (["letter", "court"], ("protective order", "California")),
    "declaration": (["letter", "declaration"], (f"Declaration of {YOU}", THEM, "Signature:")),
    "exhibits": (["letter", "exhibits"], ("Exhibit list", "No evidence files")),
    "checklist": (["checklist"], ("My action checklist", "911", "Tell them clearly to stop")),
}
FORMATS = ("terminal", "md", "txt", "html", "pdf", "docx")


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as caught:
        run(list(args))
    return int(caught.value.code or 0)


def start_case(tmp_path: Path, text: str = ANSWERS, *extra: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    assert cli("start", "--answers", str(answers), "--no-input", *extra) == 0


@pytest.fixture(autouse=True)
def run_in_a_fresh_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents with no --output land in the current folder; keep each test's apart."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)


@pytest.fixture
def started(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A case walked to the end with --no-input (every step left for later)."""
    start_case(tmp_path)
    capsys.readouterr()
    return tmp_path


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def readable(path: Path) -> str:
    """A saved document's text, whatever its format (PDF through pypdf, docx through python-docx)."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".docx":
        return docx_text(path)
    return path.read_text(encoding="utf-8")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def recorded(case: str = "default") -> list[DocumentRecord]:
    with open_case(case) as store:
        return store.made_documents()


# --- every command, every format ---------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", list(COMMANDS))
def test_every_command_works_in_every_format(
    started: Path, capsys: pytest.CaptureFixture[str], which: str, fmt: str
) -> None:
    args, expected = COMMANDS[which]
    output = started / f"{which}.{'txt' if fmt == 'terminal' else fmt}"
    if fmt == "terminal":
        assert cli(*args) == 0
        text = capsys.readouterr().out
    else:
        assert cli(*args, "--format", fmt, "--output", str(output)) == 0
        said = capsys.readouterr().out
        assert f"to {output} ({fmt.upper()}; only you can open it)" in said
        assert mode(output) == 0o600
        text = readable(output)
    flat = " ".join(text.split())
    for words in expected:
        assert words in flat, f"{words!r} missing from {which} as {fmt}"
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
    if fmt == "pdf":
        assert output.read_bytes().startswith(b"%PDF")
    if fmt == "docx":
        assert output.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_text_formats_without_output_go_to_stdout_unrecorded(
    started: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert cli("letter", "support", "--format", fmt) == 0
    shown = capsys.readouterr()
    assert THEM in shown.out and "Saved" not in shown.out
    assert recorded() == []


def test_a_pdf_without_output_goes_to_the_current_folder_never_the_data_folder(
    started: Path,
    capsys: pytest.CaptureFixture[str],
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert cli("notice", "--format", "pdf") == 0
    saved = list(here.glob("notice-*.pdf"))
    assert len(saved) == 1
    assert f"Saved the no-contact notice to {saved[0]}" in capsys.readouterr().out
    assert mode(saved[0]) == 0o600
    assert not list(private_home.rglob("*.pdf"))


def test_html_escapes_user_text(started: Path) -> None:
    output = started / "notice.html"
    evil = "<script>alert('x')</script> {{ 7*7 }}"
    assert cli("notice", "--their-name", evil, "--reason", "<b>bold</b>", "--output", str(output)) == 0
    page = output.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "{{ 7*7 }}" in page and "49" not in page


def test_the_pdf_keeps_accented_names(started: Path) -> None:
    output = started / "employer.pdf"
    assert cli("letter", "employer", "--to", "Ms. Lee, HR", "--output", str(output)) == 0
    text = pdf_text(output)
    assert YOU in text and "Ms. Lee, HR" in text


def test_letter_list_shows_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("letter", "--list") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 10
    names = ("employer", "school", "support", "police", "court", "declaration", "exhibits", "safety-plan")
    for name in names:
        assert any(line.startswith(f"leavemealone letter {name} ") for line in lines)
    assert any(line.startswith("leavemealone notice ") for line in lines)
    assert any(line.startswith("leavemealone checklist ") for line in lines)


def test_letter_needs_a_known_name(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("letter") == 2
    assert "leavemealone letter --list" in capsys.readouterr().err
    assert cli("letter", "landlord") == 2
    assert "There is no document called 'landlord'" in capsys.readouterr().err


# --- formats, files, permissions -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"), [("a.pdf", b"%PDF"), ("a.html", b"<!DOCTYPE html>"), ("a.md", b"# Notice to stop")]
)
def test_the_format_follows_the_output_extension(started: Path, name: str, start: bytes) -> None:
    output = started / name
    assert cli("notice", "--output", str(output)) == 0
    assert output.read_bytes().startswith(start)
    assert mode(output) == 0o600


def test_a_format_that_contradicts_the_extension_and_unknown_extensions_are_refused(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = started / "notice.txt"
    assert cli("notice", "--format", "html", "--output", str(output)) == 2
    assert "--format html does not match the file name 'notice.txt'" in capsys.readouterr().err
    assert not output.exists()
    plain = started / "notice"
    assert cli("notice", "--format", "html", "--output", str(plain)) == 0
    assert plain.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("notice", "--format", "txt", "--output", str(started / "notice.docx")) == 2
    assert "--format txt does not match the file name 'notice.docx'" in capsys.readouterr().err
    assert not (started / "notice.docx").exists()
    assert cli("notice", "--output", str(started / "notice.odt")) == 2
    assert "cannot write a odt file such as 'notice.odt'" in capsys.readouterr().err
    assert cli("notice", "--output", str(started / "notice.bin")) == 2
    assert "Cannot tell the format from the file name 'notice.bin'" in capsys.readouterr().err


def test_output_files_are_private_even_with_a_loose_umask(started: Path) -> None:
    old = os.umask(0o022)
    try:
        output = started / "checklist.pdf"
        assert cli("checklist", "--output", str(output)) == 0
    finally:
        os.umask(old)
    assert mode(output) == 0o600


def test_an_output_folder_gets_the_usual_file_name(started: Path) -> None:
    folder = started / "papers"
    folder.mkdir()
    assert cli("letter", "court", "--format", "md", "--output", str(folder)) == 0
    assert [path.name.split("-")[0] for path in folder.iterdir()] == ["court"]


# --- missing values, --no-input, --save ---------------------------------------------------


def test_no_input_names_the_missing_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start_case(tmp_path, NO_NAMES)
    capsys.readouterr()
    assert cli("notice", "--no-input") == 1
    err = capsys.readouterr().err
    assert "--your-name" in err and "--their-name" in err and "Traceback" not in err
    assert cli("letter", "police", "--no-input", "--your-name", "Ana") == 1
    err = capsys.readouterr().err
    assert "--their-name" in err and "--your-name" not in err


def test_without_a_terminal_nothing_is_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # pytest's stdin is not a terminal: the command must not hang waiting for one.
    assert cli("notice") == 1
    assert "--your-name" in capsys.readouterr().err


def test_the_checklist_and_court_letter_need_no_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("checklist", "--no-input") == 0
    assert "My action checklist" in capsys.readouterr().out
    assert cli("letter", "court", "--no-input", "--format", "md") == 0


def test_names_given_as_options_are_used_once_unless_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start_case(tmp_path, NO_NAMES)
    assert cli("notice", "--your-name", "Ana Diaz", "--their-name", "Ben Cole", "-f", "md", "--no-input") == 0
    assert "Ana Diaz" in capsys.readouterr().out
    with open_case("default") as store:
        assert not store.answers().get("your_name")
    assert cli("notice", "--no-input", "-f", "md") == 1

    assert cli("notice", "--your-name", "Ana Diaz", "--their-name", "Ben Cole", "--save", "-f", "md") == 0
    assert "Saved your name and their name as your answers" in capsys.readouterr().err
    with open_case("default") as store:
        answers = store.answers()
    assert answers["your_name"] == "Ana Diaz" and answers["their_name"] == "Ben Cole"
    assert cli("notice", "--no-input", "-f", "md") == 0
    assert "Ben Cole" in capsys.readouterr().out


def test_an_option_wins_over_the_saved_answer_without_changing_it(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("notice", "--their-name", "Someone Else", "-f", "md") == 0
    assert "Someone Else" in capsys.readouterr().out
    with open_case("default") as store:
        assert store.answers()["their_name"] == THEM


def test_in_a_terminal_missing_names_are_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.ask import terminal as prompts

    start_case(tmp_path, NO_NAMES)
    typed = iter(["Ana Diaz", "Ben Cole"])
    asked: list[str] = []

    def fake_ask_line(prompt: str, *, plain: bool = False) -> str:
        asked.append(prompt)
        return next(typed)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(prompts, "ask_line", fake_ask_line)
    assert cli("notice", "-f", "md") == 0
    shown = capsys.readouterr()
    assert "Ana Diaz" in shown.out and "Ben Cole" in shown.out
    assert asked == [paperwork.FIELD_PROMPTS["your_name"], paperwork.FIELD_PROMPTS["their_name"]]
    assert "used for this document only; add --save" in shown.err
    with open_case("default") as store:
        assert not store.answers().get("their_name")


def test_plain_prompts_read_a_line_and_empty_means_none() -> None:
    from leavemealone.ask.terminal import ask_line

    assert ask_line("Your name", plain=True, read_line=lambda prompt: "  Ana  ") == "Ana"
    assert ask_line("Your name", plain=True, read_line=lambda prompt: "") is None


# --- printing ------------------------------------------------------------------------------


def fake_printer(folder: Path, name: str = "lp", *, fail: bool = False) -> Path:
    """A stand-in ``lp`` that keeps a copy of what it was sent (or refuses, like a CUPS without printers)."""
    folder.mkdir(exist_ok=True)
    received = folder / "received.pdf"
    script = folder / name
    body = (
        "sys.stderr.write('lp: Error - no default destination available.\\n'); sys.exit(1)"
        if fail
        else f"shutil.copy(sys.argv[-1], {str(received)!r})"
    )
    script.write_text(f"#!{sys.executable}\nimport shutil, sys\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return received


def test_print_without_a_print_system_says_so_and_keeps_the_file(
    started: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    empty = started / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert cli("checklist", "--print") == 1
    err = capsys.readouterr().err
    assert "Nothing was printed, because this computer has no print system (lp or lpr)." in err
    saved = list(Path.cwd().glob("checklist-*.pdf"))
    assert len(saved) == 1 and f"It is saved at {saved[0]}" in err
    assert [record.name for record in recorded()] == ["checklist"]


def test_print_sends_the_pdf_to_lp(
    started: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    received = fake_printer(started / "bin")
    monkeypatch.setenv("PATH", str(started / "bin"))
    output = started / "notice.pdf"
    assert cli("notice", "--print", "--output", str(output)) == 0
    assert "Sent it to your printer (with lp)." in capsys.readouterr().out
    assert received.read_bytes() == output.read_bytes()
    assert received.read_bytes().startswith(b"%PDF")


def test_print_falls_back_to_lpr(started: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    received = fake_printer(started / "bin", "lpr")
    monkeypatch.setenv("PATH", str(started / "bin"))
    assert cli("letter", "police", "--print") == 0
    assert received.read_bytes().startswith(b"%PDF")


def test_a_printer_that_refuses_is_one_sentence_and_the_file_stays(
    started: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_printer(started / "bin", fail=True)
    monkeypatch.setenv("PATH", str(started / "bin"))
    output = started / "notice.pdf"
    assert cli("notice", "--print", "--output", str(output)) == 1
    err = capsys.readouterr().err
    assert "Nothing was printed; the print system ('lp') said: lp: Error - no default destination" in err
    assert output.exists() and f"It is saved at {output}" in err


def test_print_needs_the_pdf_format(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("notice", "--print", "--format", "html") == 2
    assert "--print sends a PDF" in capsys.readouterr().err
    assert cli("notice", "--print", "--output", str(started / "n.md")) == 2


# --- user templates -------------------------------------------------------------------------


def test_a_templates_folder_overrides_a_shipped_letter(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = started / "mine"
    folder.mkdir()
    (folder / "notice.md.j2").write_text("# My own notice\n\nTo {{ their_name }}: stop.\n", encoding="utf-8")
    assert cli("notice", "--templates", str(folder), "-f", "md") == 0
    assert capsys.readouterr().out == f"# My own notice\n\nTo {THEM}: stop.\n"
    assert cli("letter", "employer", "--templates", str(folder), "-f", "md") == 0
    assert "# My own notice" not in capsys.readouterr().out


def test_the_data_folders_templates_override_by_default(
    started: Path, capsys: pytest.CaptureFixture[str], private_home: Path
) -> None:
    folder = private_home / "templates"
    folder.mkdir()
    (folder / "employer.md.j2").write_text("Dear boss, {{ your_name }} here.\n", encoding="utf-8")
    assert cli("letter", "employer", "-f", "md") == 0
    assert capsys.readouterr().out == f"Dear boss, {YOU} here.\n"


def test_a_missing_templates_folder_is_one_clear_error(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("notice", "--templates", str(started / "nowhere")) == 1
    assert "does not exist" in capsys.readouterr().err


# --- the store remembers what was made -------------------------------------------------------


def test_documents_made_are_recorded_with_their_sha256(started: Path) -> None:
    notice, court = started / "notice.pdf", started / "court.html"
    assert cli("notice", "--output", str(notice)) == 0
    assert cli("letter", "court", "--output", str(court)) == 0
    records = recorded()
    assert [record.name for record in records] == ["notice", "court"]
    for record, path in zip(records, (notice, court), strict=True):
        assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert record.path == path.resolve()
        assert record.created_at[:4].isdigit()


def test_the_document_record_is_one_sealed_column(started: Path, private_home: Path) -> None:
    assert SEALED_TABLES["documents"].column == "record"
    assert cli("checklist", "--output", str(started / "c.md")) == 0
    database = next(private_home.glob("cases/default/*.sqlite3"))
    with sqlite3.connect(database) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(documents)")]
        (kind,) = connection.execute("SELECT typeof(record) FROM documents").fetchone()
    assert columns == ["seq", "record"] and kind == "blob"


# --- what the documents know about the case -------------------------------------------------


def test_the_checklist_ticks_the_items_of_steps_that_are_done(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    asker = ScriptedAsker([], answers={"might_stop_alone": False, "checklist_how": "later"}, outcome="done")
    guide.start(
        "default", answers_file=answers, no_input=False, plain=False, restart=False,
        console=Console(file=io.StringIO()), asker=asker,
    )  # fmt: skip
    with open_case("default") as store:
        extras = paperwork.case_extras(store, store.answers())
    assert extras["steps"] and all(step["status"] == "done" for step in extras["steps"])
    assert all(item["done"] for step in extras["steps"] for item in step["items"])
    assert extras["routing"].state == "CA"
    assert extras["emergency_lines"][0].contacts[0] == ("phone", "911")


def test_before_a_start_the_checklist_says_how_to_begin(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("checklist", "-f", "md") == 0
    assert "Run `leavemealone start` to go through the steps" in capsys.readouterr().out


def test_a_threatened_users_checklist_has_nothing_face_to_face(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start_case(tmp_path, ANSWERS.replace("feels_threatened: false", "feels_threatened: true"))
    capsys.readouterr()
    assert cli("checklist", "-f", "md") == 0
    text = capsys.readouterr().out.lower()
    assert "911" in text
    for words in ("face to face", "in person", "tell them once"):
        assert words not in text


def test_steps_left_for_later_count_as_still_to_do(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("checklist", "-f", "md") == 0
    text = capsys.readouterr().out
    assert "(to do)" in text and "- [x]" not in text


def test_the_police_summary_counts_the_incident_log(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leavemealone.log.entries import add_incident

    with open_case("default") as store:
        add_incident(store, what="Waited outside my door", when="2024-04-01 20:15", channels=["at_home"])
        add_incident(store, what="Texted me ten times", when="2024-04-03 09:00", channels=["text"])
    assert cli("letter", "police", "-f", "md") == 0
    police = capsys.readouterr().out
    assert "My written log holds 2 incidents, from April 1, 2024 to April 3, 2024." in police
    assert "It started: April 1, 2024 (the first incident in my log)." in police
    assert "> Waited outside my door" in police and "> Texted me ten times" in police


# --- the notice as evidence -----------------------------------------------------------------


def test_delivered_on_records_the_notice_in_the_log(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leavemealone.log.entries import load_entries

    assert cli("notice", "--delivered-on", "2024-05-02", "--via", "letter") == 0
    out = capsys.readouterr().out
    assert "the notice reached them on 2024-05-02, by letter" in out
    with open_case("default") as store:
        entries = load_entries(store)
    assert [(entry.kind, entry.record["when"], entry.record["via"]) for entry in entries] == [
        ("notice", "2024-05-02", "letter")
    ]
    assert recorded() == []


def test_delivered_on_is_checked(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("notice", "--delivered-on", "2024-05-02") == 2
    assert "--delivered-on and --via go together" in capsys.readouterr().err
    assert cli("notice", "--delivered-on", "2024-05-02", "--via", "letter", "-o", "n.pdf") == 2
    assert "makes no document" in capsys.readouterr().err
    assert cli("notice", "--delivered-on", "2024-05-02", "--via", "pigeon") == 2
    assert "'pigeon' is not a known way of delivery" in capsys.readouterr().err


# --- documents in the guided flow -------------------------------------------------------------


class AcceptingAsker(ScriptedAsker):
    """Says yes to the document offers named in ``wanted``."""

    def __init__(self, wanted: set[str], **kwargs: Any) -> None:
        # The checklist offered at the end of the walk: not now (its own tests are in tests/guide).
        kwargs["answers"] = {"checklist_how": "later", **kwargs.get("answers", {})}
        super().__init__([], **kwargs)
        self.wanted = wanted

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool:
        self.events.append(("document", offer.name))
        return offer.name in self.wanted


def walk(tmp_path: Path, asker: ScriptedAsker, text: str = ANSWERS) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    guide.start(
        "default", answers_file=answers, no_input=False, plain=False, restart=False,
        console=Console(file=io.StringIO()), asker=asker,
    )  # fmt: skip


def test_the_flow_offers_documents_at_their_steps_and_writes_them(tmp_path: Path, private_home: Path) -> None:
    # Enter at the path question (None) keeps the default: the current folder.
    asker = AcceptingAsker({"notice", "support"}, answers={"might_stop_alone": False, "document_path": None})
    walk(tmp_path, asker)
    offered = [event[1] for event in asker.of("document")]
    assert offered == ["notice", "support", "employer", "school", "police", "court", "declaration"]
    saved = sorted(path.name.split("-")[0] for path in Path.cwd().iterdir())
    assert saved == ["notice", "support"]
    said = [event[1] for event in asker.of("say")]
    assert any(line.startswith("Saved the no-contact notice to ") for line in said)
    assert any(line.startswith("Saved the briefing for a trusted friend to ") for line in said)
    assert [record.name for record in recorded()] == ["notice", "support"]
    notice = next(Path.cwd().glob("notice-*.pdf"))
    assert THEM in pdf_text(notice) and mode(notice) == 0o600


def test_the_flow_writes_where_the_user_says_in_the_format_they_name(tmp_path: Path) -> None:
    target = tmp_path / "my-notice.html"
    asker = AcceptingAsker({"notice"}, answers={"might_stop_alone": False, "document_path": str(target)})
    walk(tmp_path, asker)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert recorded()[0].sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


def test_the_flow_asks_again_for_a_bad_path_then_gives_up(tmp_path: Path) -> None:
    asker = AcceptingAsker({"notice"}, answers={"might_stop_alone": False, "document_path": "notice.odt"})
    walk(tmp_path, asker)
    said = [event[1] for event in asker.of("say")]
    assert said.count("Please end the file name with .pdf, .docx, .html, .txt or .md.") == 3
    assert any(line.startswith("The no-contact notice was not made.") for line in said)
    assert recorded() == []


def test_the_flow_asks_for_missing_names_and_keeps_them(tmp_path: Path, private_home: Path) -> None:
    asker = AcceptingAsker(
        {"police"},
        answers={"might_stop_alone": False, "your_name": None, "their_name": None, "document_path": None},
    )
    typed = iter(["Ana Diaz", "Ben Cole"])
    plain_ask = asker.ask

    def ask(question: Any, default: Any) -> Any:
        if question.id in ("your_name", "their_name") and question.prompt in paperwork.FIELD_PROMPTS.values():
            return next(typed)
        return plain_ask(question, default)

    asker.ask = ask  # type: ignore[method-assign]
    walk(tmp_path, asker, NO_NAMES)
    with open_case("default") as store:
        answers = store.answers()
    assert answers["your_name"] == "Ana Diaz" and answers["their_name"] == "Ben Cole"
    police = next(Path.cwd().glob("police-*.pdf"))
    assert "Ben Cole" in pdf_text(police)


def test_no_input_runs_offer_no_documents(tmp_path: Path, private_home: Path) -> None:
    start_case(tmp_path)
    assert list(Path.cwd().iterdir()) == []
    assert recorded() == []


# --- help and README -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["notice"], ["letter"], ["checklist"]])
def test_each_command_has_a_summary_an_example_and_a_readme_row(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(*command, "--help") == 0
    text = capsys.readouterr().out
    assert f"Example: leavemealone {command[0]}" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{command[0]}" in readme


THREATENED_EX = """\
in_danger: false
feels_threatened: true
relationship: ex_partner
contact_channels: [following, text, at_home]
at_work: true
at_school: false
state: CA
your_name: Zoë Núñez-O'Brien
their_name: Sam Roe
"""


@pytest.mark.parametrize("command", [["checklist"], ["notice"], ["letter", "support"], ["letter", "police"]])
def test_what_a_threatened_user_is_handed_never_says_to_face_or_warn_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from tests.flow.test_escalation_content import UNSAFE_ADVICE

    answers = tmp_path / "threatened.yaml"
    answers.write_text(THREATENED_EX, encoding="utf-8")
    assert cli("start", "--answers", str(answers), "--no-input") == 0
    capsys.readouterr()
    assert cli(*command, "--format", "md") == 0
    document = " ".join(capsys.readouterr().out.split())
    found = {label: re.findall(pattern, document, re.IGNORECASE) for label, pattern in UNSAFE_ADVICE.items()}
    assert {label: hits for label, hits in found.items() if hits} == {}


def test_police_and_court_letters_use_the_logs_report_numbers_and_notice(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("notice", "--delivered-on", "2024-05-02", "--via", "letter") == 0
    assert cli("log", "add", "--when", "2024-05-03 10:00", "--what", "Waited at my door", "--police-report",
               "PR-77", "--no-input") == 0  # fmt: skip
    capsys.readouterr()
    assert cli("letter", "police", "--format", "md") == 0
    police = capsys.readouterr().out
    assert "my no-contact notice reached them on May 2, 2024, by letter." in police
    assert "Since then there has been 1 more incident." in police
    assert "- Report PR-77, about the incident of May 3, 2024" in police
    assert "I told them to stop on: ______________" not in police
    assert cli("letter", "court", "--format", "md") == 0
    court = capsys.readouterr().out
    assert "- [ ] Police report numbers: PR-77" in court
    assert "(it reached them on 2024-05-02, by letter)" in court


def test_the_court_letter_says_honestly_how_old_the_state_facts_are(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("letter", "court", "--format", "md") == 0
    court = capsys.readouterr().out
    assert "the oldest dated page among them is from" in court
    assert "compared with the stored copy of its source on 2026-12-01" in court
    assert "last checked" not in court
    assert "- **Source:** https://" in court


def test_a_notice_computes_none_of_the_case_facts_it_does_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from leavemealone.guide import paperwork, record

    start_case(tmp_path)

    def not_needed(*args: object) -> None:
        raise AssertionError("a notice reads no steps, routing, lines or incident log")

    for fact in ("step_overview", "routing_for", "urgent_lines"):
        monkeypatch.setattr(paperwork, fact, not_needed)
    monkeypatch.setattr(record, "log_extras", not_needed)
    assert cli("notice", "--format", "md") == 0
    assert THEM in capsys.readouterr().out


def test_the_checklist_counts_the_log_without_opening_an_incident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from leavemealone.log import timeline
    from leavemealone.log.entries import add_incident

    start_case(tmp_path)
    with open_case("default") as store:
        for day in ("2024-03-10", "2024-03-12", "2024-03-20"):
            add_incident(store, what="Waited outside my door.", when=day)

    def not_needed(*args: object) -> None:
        raise AssertionError("the checklist reads the log's counts, not its incidents")

    monkeypatch.setattr(timeline, "incidents_for", not_needed)
    assert cli("checklist", "--format", "md") == 0
    assert "Your incident log has 3 entries, the latest from 2024-03-20." in capsys.readouterr().out


def test_a_users_own_template_gets_every_fact_it_reads_even_through_an_include(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start_case(tmp_path)
    own = tmp_path / "mine"
    own.mkdir()
    (own / "notice.md.j2").write_text('Mine.\n{% include "facts.md.j2" %}\n', encoding="utf-8")
    (own / "facts.md.j2").write_text(
        "State: {{ routing.state_name }}\nNext: {{ next_items | length }} things\n"
        "First line: {{ emergency_lines[0].name }}\n",
        encoding="utf-8",
    )
    assert cli("notice", "--format", "md", "--templates", str(own)) == 0
    out = capsys.readouterr().out
    assert "State: California" in out
    assert "Next: 3 things" in out and "First line: Emergency services (911)" in out  # not the fallback


def test_what_a_template_reads_is_unknown_when_it_names_another_by_a_variable(tmp_path: Path) -> None:
    from leavemealone.documents.context import EXTRA_NAMES, extras_read
    from leavemealone.documents.templates import names_read

    (tmp_path / "notice.md.j2").write_text("{% include which %}\n", encoding="utf-8")
    assert names_read("notice", templates_dir=tmp_path) is None
    assert extras_read(None) == set(EXTRA_NAMES)
    (tmp_path / "notice.md.j2").write_text("{{ incidents.count }} {{ next_items }}\n", encoding="utf-8")
    assert extras_read(names_read("notice", templates_dir=tmp_path)) == {"incidents", "steps"}


@pytest.mark.parametrize(
    ("words", "hinted"),
    [
        (["notice", "pdf"], ["leavemealone notice --format pdf", "leavemealone notice --output notice.pdf"]),
        (["checklist", ".docx"], ["leavemealone checklist --format docx"]),
        (
            ["letter", "employer", "my letter.docx"],
            ['leavemealone letter employer --output "my letter.docx"'],
        ),
        (["notice", "now", "please"], ["leavemealone notice --help"]),
    ],
)
def test_a_stray_word_after_a_document_command_gets_the_option_it_meant(
    words: list[str],
    hinted: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(SystemExit) as done:
        run(words)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert f"'{' '.join(words[-1:] if words[0] == 'letter' else words[1:])}' is not something" in err
    for command in hinted:
        assert command in err
    assert "Got unexpected extra argument" not in err and not list(here.iterdir())  # nothing made
