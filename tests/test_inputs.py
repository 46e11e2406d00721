"""Bounded input: every file and stdin read is capped, checked and answered in one sentence, fast."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from leavemealone.cli.app import run
from leavemealone.log.entries import load_entries
from leavemealone.store.cases import open_case

pytestmark = pytest.mark.timeout(10)

ANSWERS = "in_danger: false\nfeels_threatened: false\nrelationship: roommate\n"


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as caught:
        run(list(args))
    return int(caught.value.code or 0)


def one_sentence(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err and "Traceback" not in err and "Something went wrong inside" not in err, err
    return err


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["start", "--no-input", "--answers", "{path}"],
        ["log", "import", "{path}"],
        ["log", "add", "--no-input", "--what", "x", "--evidence", "{path}"],
        ["restore", "{path}"],
    ],
)
@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder"])
def test_a_device_a_pipe_or_a_folder_is_refused_at_once(
    command: list[str], kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = {"/dev/zero": Path("/dev/zero"), "folder": tmp_path}.get(kind)
    if path is None:
        path = tmp_path / "pipe"
        os.mkfifo(path)
    assert cli(*[part.format(path=path) for part in command]) in (1, 2)
    err = one_sentence(capsys)
    assert "not a regular file" in err or "is a folder, not a file" in err, err


def test_a_letter_template_that_is_a_pipe_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "answers.yaml").write_text(
        ANSWERS + "your_name: A\ntheir_name: B\n", encoding="utf-8"
    )
    templates = tmp_path / "templates"
    templates.mkdir()
    os.mkfifo(templates / "notice.md.j2")
    assert (
        cli(
            "notice",
            "--no-input",
            "--your-name",
            "A",
            "--their-name",
            "B",
            "--templates",
            str(templates),
        )
        == 1
    )
    assert "not a regular file" in one_sentence(capsys)


@pytest.mark.parametrize("name", ["deep.yaml", "deep.json"])
def test_deep_nesting_is_refused_quickly(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert cli("log", "import", str(path)) == 1
    assert "nested too deeply" in one_sentence(capsys)
    assert cli("start", "--no-input", "--answers", str(path)) == 1
    assert "nested too deeply" in one_sentence(capsys)


def test_stdin_is_capped_and_must_be_utf8(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Path("/dev/zero").open("rb") as zeros:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(zeros))
        assert cli("log", "add", "--no-input", "--what", "-") == 2
    assert "too long" in one_sentence(capsys)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"He said \xff\xfe hi")))
    assert cli("log", "add", "--no-input", "--what", "-") == 1
    assert "is not UTF-8 text" in one_sentence(capsys)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "nul.yaml",
            '- when: 2024-01-01\n  what: "a\x00b"\n',
            "nul.yaml:2: this is not valid YAML",
        ),
        (
            "surrogate.json",
            '[{"when": "2024-01-01", "what": "\\ud800"}]',
            "half of a surrogate pair",
        ),
        (
            "twice.json",
            '[{"when": "2024-01-01", "what": "a", "what": "b"}]',
            "the key 'what' appears twice",
        ),
        (
            "twice.yaml",
            "- when: 2024-01-01\n  what: a\n  what: b\n",
            "the key 'what' appears twice",
        ),
        (
            "quote.csv",
            'when,what\n2024-01-01,"never closed\n2024-01-02,second\n',
            "quote.csv:2: a quote",
        ),
        ("old.csv", "when,what\n0001-01-01,long ago\n", "is before 1900"),
        ("nan.json", '[{"when": "2024-01-01", "what": NaN}]', "NaN is not a value"),
    ],
)
def test_bad_import_files_are_one_sentence_and_import_nothing(
    name: str, content: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert cli("log", "import", str(path)) == 1
    assert expected in one_sentence(capsys)
    with open_case("default") as store:
        assert load_entries(store) == []


def test_an_answers_file_with_an_id_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("in_danger: true\nin_danger: false\n", encoding="utf-8")
    assert cli("start", "--no-input", "--answers", str(path)) == 1
    assert "the key 'in_danger' appears twice" in one_sentence(capsys)


@pytest.mark.parametrize("key", ["{{ 7*7 }}", "[in_danger, state]", "? {in_danger: true}\n"])
def test_an_answers_file_whose_key_is_a_block_or_a_list_is_one_sentence(
    key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f"{key}: true\n", encoding="utf-8")
    assert cli("start", "--no-input", "--answers", str(path)) == 1
    assert "a key must be a plain word" in one_sentence(capsys)


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ("0001-01-01", "before 1900"),
        ("1899-12-31 23:59", "before 1900"),
        ("2999-01-01", "in the future"),
    ],
)
def test_incident_dates_before_1900_or_in_the_future_are_refused(
    when: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("log", "add", "--no-input", "--what", "x", "--when", when) == 2
    assert words in one_sentence(capsys)
    assert cli("log", "add", "--no-input", "--what", "x", "--when", "1900-01-01") == 0


def test_control_characters_are_removed_from_what_is_recorded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        cli(
            "log",
            "add",
            "--no-input",
            "--what",
            "He wrote \x1b]0;owned\x07 \x1b[31mred\x00\r\nnext\tline",
        )
        == 0
    )
    with open_case("default") as store:
        assert load_entries(store)[0].record["what"] == "He wrote ]0;owned [31mred\nnext\tline"


def test_exactly_unicodes_control_characters_but_newline_and_tab_are_removed() -> None:
    import unicodedata

    from leavemealone.inputs import without_controls

    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x30000))) + "a\r\nb"
    lines = every.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(char for char in lines if char in "\n\t" or unicodedata.category(char) != "Cc")
    assert without_controls(every) == kept


def test_a_huge_entry_number_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("log", "add", "--no-input", "--what", "x") == 0
    assert cli("log", "show", "99999999999999999999999") == 2
    assert "There is no entry 99999999999999999999999 in the log." in one_sentence(capsys)


def test_backup_never_replaces_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("log", "add", "--no-input", "--what", "x") == 0
    monkeypatch.setenv("LEAVEMEALONE_PASSPHRASE", "plum orchard lantern")
    assert cli("backup", "--force", "--output", "/dev/full") == 1
    assert "not an ordinary file" in one_sentence(capsys)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_directory_as_evidence_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("log", "add", "--no-input", "--what", "x", "--evidence", str(tmp_path)) == 2
    assert f"--evidence {tmp_path} is a folder, not a file." in one_sentence(capsys)


MEASURE = """
import sys
from pathlib import Path
from leavemealone.store.cases import open_case
from leavemealone.log.entries import add_incident, load_entries
from leavemealone.log.verify import verify_log
with open_case("default") as store:
    entry = add_incident(store, what="a long video", evidence=[Path(sys.argv[1])])
    assert verify_log(store).ok
# VmHWM is this process's own peak; ru_maxrss would count the parent's size at fork time too.
status = Path("/proc/self/status").read_text()
print(next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) // 1024)
"""


@pytest.mark.timeout(60)  # it reads 200 MB four times (hash, seal, open, hash): slow, but never stuck
@pytest.mark.parametrize("protected", [False, True], ids=["plain", "locked"])
def test_a_200_mb_evidence_file_is_kept_and_verified_in_flat_memory(
    protected: bool, tmp_path: Path, private_home: Path
) -> None:
    video = tmp_path / "video.mp4"
    with video.open("wb") as handle:  # sparse: 200 MB to read, none of it on the disk
        handle.truncate(200 * 1024 * 1024)
    environment = {**os.environ, "LEAVEMEALONE_HOME": str(private_home)}
    if protected:
        environment["LEAVEMEALONE_PASSPHRASE"] = "plum orchard lantern"
        subprocess.run(
            [sys.executable, "-m", "leavemealone", "protect", "--no-input"],
            env={**environment, "LEAVEMEALONE_NEW_PASSPHRASE": "plum orchard lantern"},
            check=True,
            capture_output=True,
        )
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(video)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=50,
    )
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.strip())
    assert peak_mb < 100, f"{peak_mb} MB of memory for a 200 MB file"
