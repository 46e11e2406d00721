"""The hearing packet, and the safe-output rules every document command keeps (--force, --paper)."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from leavemealone.documents.catalogue import CATALOGUE
from leavemealone.guide.packet import MANIFEST
from tests.cli.test_document_commands import ANSWERS, cli, start_case
from tests.documents.test_case_papers import five_incidents

NAMES = ("--your-name", "Maria Alvarez", "--their-name", "Daniel Reyes")


@pytest.fixture
def case(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A started case whose log holds five incidents, a notice, a police report and two files."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    start_case(tmp_path, ANSWERS)
    five_incidents(tmp_path)
    capsys.readouterr()
    return tmp_path


def check_with_hashlib(folder: Path) -> list[str]:
    """What ``sha256sum -c`` does, in Python: the names whose content no longer matches."""
    changed = []
    for line in (folder / MANIFEST).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            changed.append(name)
    return changed


def test_the_packet_holds_every_paper_and_exhibit_and_a_manifest_that_checks(case: Path) -> None:
    folder = case / "hearing"
    assert cli("packet", "--output", str(folder), "--no-input", *NAMES) == 0
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted([
        "Declaration.pdf", "Declaration.docx", "Exhibit-list.pdf", "Incident-log.pdf",
        "Exhibit-A-texts.png", "Exhibit-B-voicemail.m4a", "HOW-TO-CHECK.txt", MANIFEST,
    ])  # fmt: skip
    assert (folder / "Exhibit-A-texts.png").read_bytes() == b"a screenshot of 14 texts"
    listed = [line.split("  ", 1)[1] for line in (folder / MANIFEST).read_text().splitlines()]
    assert sorted(listed) == sorted(name for name in names if name != MANIFEST)
    assert check_with_hashlib(folder) == []
    exhibits = " ".join(page.extract_text() for page in PdfReader(str(folder / "Exhibit-list.pdf")).pages)
    assert "Who captured it" in exhibits and "On what device" in exhibits
    check = (folder / "HOW-TO-CHECK.txt").read_text()
    for words in ("Linux", "macOS", "Windows", "sha256sum -c SHA256SUMS", "shasum -a 256 -c", "Get-FileHash"):
        assert words in check
    # A changed exhibit is caught.
    (folder / "Exhibit-B-voicemail.m4a").write_bytes(b"a different voicemail")
    assert check_with_hashlib(folder) == ["Exhibit-B-voicemail.m4a"]


def test_the_real_sha256sum_passes_inside_the_packet_and_fails_on_a_changed_exhibit(case: Path) -> None:
    folder = case / "hearing"
    assert cli("packet", "--output", str(folder), "--no-input", *NAMES) == 0
    checked = subprocess.run(["sha256sum", "-c", MANIFEST], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == 7
    (folder / "Exhibit-A-texts.png").write_bytes(b"edited")
    checked = subprocess.run(["sha256sum", "-c", MANIFEST], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 1 and "Exhibit-A-texts.png: FAILED" in checked.stdout


def test_a_zip_packet_unpacks_into_one_folder_that_checks(case: Path) -> None:
    target = case / "hearing.zip"
    assert cli("packet", "--output", str(target), "--no-input", *NAMES) == 0
    with zipfile.ZipFile(target) as archive:
        assert all(name.startswith("hearing/") for name in archive.namelist())
        archive.extractall(case / "unpacked")
    assert check_with_hashlib(case / "unpacked" / "hearing") == []


def test_the_packet_never_holds_a_private_paper(case: Path) -> None:
    from leavemealone.guide.packet import PAPERS

    assert all(not CATALOGUE[name].private for name, _, _ in PAPERS)
    folder = case / "hearing"
    assert cli("packet", "--output", str(folder), "--no-input", *NAMES) == 0
    for path in folder.iterdir():
        text = path.read_bytes()
        if path.suffix == ".pdf":
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(text)).pages).encode()
        assert b"safety plan" not in text.lower()


def test_an_existing_packet_or_document_is_not_replaced_without_force(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = case / "hearing"
    assert cli("packet", "--output", str(folder), "--no-input", *NAMES) == 0
    capsys.readouterr()
    assert cli("packet", "--output", str(folder), "--no-input", *NAMES) == 1
    assert "is already there, so nothing was written" in capsys.readouterr().err
    assert cli("packet", "--output", str(folder), "--no-input", "--force", *NAMES) == 0
    notice = case / "notice.txt"
    notice.write_text("my own notes", encoding="utf-8")
    assert cli("notice", "--output", str(notice)) == 1
    err = capsys.readouterr().err
    assert "is already there, so nothing was written" in err and "add --force" in err
    assert notice.read_text(encoding="utf-8") == "my own notes"
    assert cli("notice", "--output", str(notice), "--force") == 0
    assert "Notice to stop all contact" in notice.read_text(encoding="utf-8")


def test_a_folder_of_the_users_own_files_is_never_written_into_even_with_force(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = case / "Documents"
    documents.mkdir()
    documents.chmod(0o755)
    (documents / "taxes.txt").write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert cli("packet", "--output", str(documents), "--no-input", "--force", *NAMES) == 1
    assert "already holds files that are not a hearing packet" in capsys.readouterr().err
    assert [path.name for path in documents.iterdir()] == ["taxes.txt"]
    assert documents.stat().st_mode & 0o777 == 0o755, "the folder's permissions are left alone"


def test_a_packet_replaced_with_force_keeps_no_file_of_the_old_one(case: Path) -> None:
    folder = case / "hearing"
    assert cli("packet", "--output", str(folder), "--no-input", *NAMES) == 0
    old_lines = (folder / MANIFEST).read_text(encoding="utf-8")
    stale = folder / "Exhibit-C-deleted.jpg"  # an exhibit of the older packet, listed in its manifest
    stale.write_bytes(b"old")
    (folder / MANIFEST).write_text(old_lines + f"{hashlib.sha256(b'old').hexdigest()}  {stale.name}\n")
    assert cli("packet", "--output", str(folder), "--no-input", "--force", *NAMES) == 0
    assert not stale.exists()
    assert check_with_hashlib(folder) == []
    assert not [path for path in case.iterdir() if path.name.startswith(".hearing")], "no folder left over"


def test_an_empty_folder_is_filled_in_place(case: Path) -> None:
    stick = case / "stick"
    stick.mkdir()
    inode = stick.stat().st_ino
    assert cli("packet", "--output", str(stick), "--no-input", *NAMES) == 0
    assert stick.stat().st_ino == inode, "a mounted stick cannot be renamed: the folder itself is used"
    assert check_with_hashlib(stick) == []


def answer_in_a_terminal(monkeypatch: pytest.MonkeyPatch, replies: list[bool]) -> list[str]:
    """Act as a terminal whose user answers each "Replace it?" in turn; the questions asked, as asked."""
    import typer

    asked: list[str] = []
    answers = iter(replies)

    def confirm(message: str, **_: object) -> bool:
        asked.append(message)
        return next(answers)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(typer, "confirm", confirm)
    return asked


def test_in_a_terminal_the_user_is_asked_before_a_file_is_replaced(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = case / "notice.md"
    notice.write_text("keep me", encoding="utf-8")
    asked = answer_in_a_terminal(monkeypatch, [False, True])
    assert cli("notice", "--output", str(notice)) == 1
    assert notice.read_text(encoding="utf-8") == "keep me"
    assert cli("notice", "--output", str(notice)) == 0
    assert asked == [f"{notice} is already there. Replace it?"] * 2
    assert notice.read_text(encoding="utf-8").startswith("# Notice to stop all contact")


def test_paper_size_and_docx_from_the_command_line(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, word = case / "a4.pdf", case / "declaration.docx"
    assert cli("letter", "police", "--paper", "a4", "--output", str(pdf)) == 0
    assert round(float(PdfReader(str(pdf)).pages[0].mediabox.height)) == 842
    assert cli("letter", "declaration", "--output", str(word)) == 0
    assert word.read_bytes().startswith(b"PK")
    said = capsys.readouterr()
    assert "use the wording on your court's form, MC-031" in " ".join(said.err.split())  # on screen only
    assert cli("notice", "--paper", "legal") == 2
    assert "--paper legal is not a paper size" in capsys.readouterr().err


def test_every_pdf_of_an_a4_packet_is_a4_the_log_timeline_too(case: Path) -> None:
    folder = case / "a4-hearing"
    assert cli("packet", "--output", str(folder), "--no-input", "--paper", "a4", *NAMES) == 0
    for name in ("Declaration.pdf", "Exhibit-list.pdf", "Incident-log.pdf"):
        box = PdfReader(str(folder / name)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), name


def test_a_log_export_never_replaces_a_file_unasked(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = case / "incident-log.csv"
    target.write_text("my own notes", encoding="utf-8")
    assert cli("log", "export", "--output", str(target)) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"{target} is already there, so nothing was written." in err and "add --force" in err
    assert target.read_text(encoding="utf-8") == "my own notes"
    asked = answer_in_a_terminal(monkeypatch, [False, True])
    assert cli("log", "export", "--output", str(target)) == 1
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert cli("log", "export", "--output", str(target)) == 0
    assert asked == [f"{target} is already there. Replace it?"] * 2
    assert target.read_text(encoding="utf-8").startswith("entry,kind,")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    pdf = case / "log.pdf"
    pdf.write_bytes(b"an older export")
    assert cli("log", "export", "--output", str(pdf), "--force", "--paper", "a4") == 0
    assert round(float(PdfReader(str(pdf)).pages[0].mediabox.height)) == 842


def test_a_character_no_font_has_stops_the_pdf_with_exit_1(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.documents import system_fonts

    monkeypatch.setattr(system_fonts, "FONT_FOLDERS", ())
    output = case / "notice.pdf"
    assert cli("notice", "--their-name", "王小明", "--output", str(output)) == 1
    err = capsys.readouterr().err
    assert "王 (U+738B)" in err and "html, docx or txt" in err and "Traceback" not in err
    assert not output.exists()
