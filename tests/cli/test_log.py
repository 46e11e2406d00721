"""``leavemealone log ...`` as a user meets it, the terminal questions, and surviving kill -9."""

from __future__ import annotations

import io
import json
import os
import random
import select
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leavemealone.cli.app import run
from leavemealone.log.entries import load_entries
from leavemealone.log.verify import verify_log
from leavemealone.paths import case_dir
from leavemealone.store.case_store import DATABASE_NAME
from leavemealone.store.cases import open_case


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as caught:
        run(list(args))
    return int(caught.value.code or 0)


def add(*args: str) -> int:
    return cli("log", "add", "--no-input", *args)


def test_add_list_show_amend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = tmp_path / "screenshot.png"
    photo.write_bytes(b"png bytes")
    assert (
        add(
            "--what",
            "He texted me",
            "--when",
            "2024-03-01 21:10",
            "--channel",
            "text",
            "--witness",
            "Ann",
            "--witness",
            "Bob",
            "--evidence",
            str(photo),
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Saved as entry 1 (2024-03-01 21:10)." in out and "Kept a copy of screenshot.png" in out
    assert add("--what", "At my door", "--when", "2024-03-02", "--channel", "at_home") == 0
    assert cli("log", "amend", "2", "--where", "my flat", "--note", "forgot where") == 0
    assert "Saved the correction as entry 3. Entry 2 itself is unchanged." in capsys.readouterr().out
    assert cli("log", "list") == 0
    out = capsys.readouterr().out
    assert out.index("At my door") < out.index("He texted me")
    assert "corrected" in out and "1 file" in out and "2 incidents shown" in out
    assert cli("log", "show", "2") == 0
    out = capsys.readouterr().out
    assert "Where:         my flat" in out and "Corrected in entry 3" in out and "Chain SHA-256:" in out
    assert cli("log", "show", "1") == 0
    assert "Witnesses:     Ann\n                 Bob" in capsys.readouterr().out


def test_list_rows_fit_80_columns_and_keep_their_notes_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"png")
    long = "He came to my work and waited in the lobby for two hours, then followed me to the car park"
    assert cli("notice", "--delivered-on", "2024-03-01", "--via", "letter") == 0
    evidence = ("--evidence", str(photo))
    assert add("--what", long, "--when", "2024-03-02 09:00", "--channel", "at_work", *evidence) == 0
    assert add("--what", long, "--when", "2024-03-03 09:00", "--channel", "social_media") == 0
    capsys.readouterr()
    assert cli("log", "list") == 0
    rows = capsys.readouterr().out.splitlines()[:4]
    assert rows[0].split() == ["#", "when", "channel", "what", "happened", "(notes)"]
    assert all(len(row) <= 80 for row in rows), rows
    assert rows[1].endswith("… (after notice)") and "social_media   He came to my work" in rows[1]
    assert rows[2].endswith("… (after notice, 1 file)") and "at_work        He came to" in rows[2]
    assert cli("log", "amend", "2", "--note", "the time was wrong") == 0
    capsys.readouterr()
    assert cli("log", "list") == 0
    amended = capsys.readouterr().out.splitlines()[2]  # three notes: the notes stay whole, the words shrink
    assert amended.endswith("He came to … (after notice, 1 file, corrected)")


def test_list_shows_the_newest_50_and_all_with_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "many.csv"
    month = "".join(f"2024-01-{day:02d} 10:00,day {day}\n" for day in range(1, 29))
    source.write_text("when,what\n" + month * 2)
    assert cli("log", "import", str(source)) == 0
    capsys.readouterr()
    assert cli("log", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("6 older ones are not shown. See them all: leavemealone log list --all;")
    assert "50 incidents shown." in lines[-2]
    assert cli("log", "list", "--all") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "56 incidents shown." in lines[-1] and sum(" day " in line for line in lines) == 56


def test_since_and_until_read_the_day_forms_their_help_names(capsys: pytest.CaptureFixture[str]) -> None:
    for when, what in (("2024-05-01 10:00", "first"), ("2024-05-03 10:00", "third")):
        assert add("--what", what, "--when", when) == 0
    capsys.readouterr()
    assert cli("log", "list", "--help") == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "(11/29/2026, 2026-11-29, yesterday)" in shown and "(11/29/2026, 2026-11-29, today)" in shown
    for since, until in (("05/02/2024", "today"), ("2024-05-02", "2024-05-31"), ("5/2/2024", "12/31/2030")):
        assert cli("log", "list", "--since", since, "--until", until) == 0
        out = capsys.readouterr().out
        assert "third" in out and "first" not in out, (since, until)
    assert cli("log", "list", "--since", "yesterday") == 0  # both are from 2024: the range is empty
    out = capsys.readouterr().out
    assert out.startswith("None of the 2 incidents in your log falls on those days.")
    assert "See them all: leavemealone log list --all" in out
    assert cli("log", "list", "--channel", "email") == 0
    assert capsys.readouterr().out.startswith("None of the 2 incidents in your log came that way.")


def test_add_without_what_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert add("--where", "park") == 2
    err = capsys.readouterr().err
    assert "--what" in err and "Traceback" not in err
    with open_case("default") as store:
        assert load_entries(store) == []


def test_what_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"He said {{ 7*7 }}\nand <script>\n")))
    assert add("--what", "-", "--when", "2024-03-01") == 0
    with open_case("default") as store:
        assert load_entries(store)[0].record["what"] == "He said {{ 7*7 }}\nand <script>"


def test_bad_values_are_one_clear_sentence(capsys: pytest.CaptureFixture[str], private_home: Path) -> None:
    assert add("--what", "x", "--channel", "pigeon") == 2
    assert "--channel 'pigeon' is not a known channel" in capsys.readouterr().err
    assert add("--what", "x", "--when", "yesterday-ish") == 2
    assert not (private_home / "cases").exists()  # a bad option opens and creates nothing
    assert add("--what", "x") == 0
    assert cli("log", "show", "7") == 2
    assert "There is no entry 7" in capsys.readouterr().err


def test_help_warns_about_shell_history(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("log", "add", "--help") == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "shell's history" in out and "--what -" in out
    for command in ("add", "list", "show", "amend", "import", "export", "verify", "receipt"):
        assert cli("log", command, "--help") == 0
        assert "Example: leavemealone log " + command in capsys.readouterr().out


def test_the_readme_lists_the_log_commands() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for command in ("add", "list", "show", "amend", "import", "export", "verify", "receipt"):
        assert f"`log {command}`" in readme


def test_verify_exits_1_naming_the_entry(capsys: pytest.CaptureFixture[str]) -> None:
    for day in ("01", "02", "03"):
        assert add("--what", f"incident {day}", "--when", f"2024-03-{day}") == 0
    assert cli("log", "verify") == 0
    assert "Checked 3 entries and 0 evidence files: everything matches." in capsys.readouterr().out
    database = case_dir("default") / DATABASE_NAME
    connection = sqlite3.connect(database, isolation_level=None)
    content = json.loads(connection.execute("SELECT content FROM log_entries WHERE seq = 2").fetchone()[0])
    content["record"]["what"] = "nothing"
    connection.execute("UPDATE log_entries SET content = ? WHERE seq = 2", (json.dumps(content).encode(),))
    connection.close()
    assert cli("log", "verify") == 1
    err = capsys.readouterr().err
    assert "Entry 2 has been changed since it was recorded." in err and "Traceback" not in err


def test_verify_catches_a_changed_evidence_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"original")
    assert add("--what", "x", "--evidence", str(photo)) == 0
    with open_case("default") as store:
        digest = load_entries(store)[0].evidence[0].sha256
        store.file_path(digest).write_bytes(b"edited")
    capsys.readouterr()
    assert cli("log", "verify") == 1
    assert "The evidence file 'photo.jpg' of entry 1 has been changed" in capsys.readouterr().err
    assert photo.read_bytes() == b"original"


def test_verify_with_an_exported_head(capsys: pytest.CaptureFixture[str]) -> None:
    assert add("--what", "one", "--when", "2024-03-01") == 0
    with open_case("default") as store:
        head = verify_log(store).head
    assert head is not None
    assert add("--what", "two", "--when", "2024-03-02") == 0
    capsys.readouterr()
    assert cli("log", "verify", "--head", head) == 0
    assert "The head you gave is entry 1" in capsys.readouterr().out
    assert cli("log", "verify", "--head", "f" * 64) == 1
    assert "does not belong to this log" in capsys.readouterr().err


def test_import_reports_lines_and_imports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what,channel\n2024-01-01,ok,text\n2024-13-01,bad month,\n2024-01-03,x,fax\n")
    assert cli("log", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "bad.csv has 2 problems, so nothing was imported:" in err
    assert "bad.csv:3: when '2024-13-01'" in err and "bad.csv:4: channel 'fax'" in err
    good = tmp_path / "good.csv"
    good.write_text("when,what\n2024-01-01,one\n2024-01-02,two\n")
    assert cli("log", "import", str(good)) == 0
    assert "Imported 2 incidents as entries 1 to 2." in capsys.readouterr().out


def test_export_files_are_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add("--what", "<b>{{ 7*7 }}</b>", "--when", "2024-03-01") == 0
    for fmt in ("md", "txt", "html", "pdf", "csv", "json"):
        target = tmp_path / f"log.{fmt}"
        assert cli("log", "export", "--output", str(target)) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.stat().st_size > 0
    assert "Chain head:" in capsys.readouterr().out
    assert cli("log", "export", "--format", "pdf") == 2
    assert "needs a file" in capsys.readouterr().err
    assert cli("log", "export", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["timeline"][0]["what"] == "<b>{{ 7*7 }}</b>"


def test_a_notice_delivery_marks_later_incidents_in_list(capsys: pytest.CaptureFixture[str]) -> None:
    from leavemealone.log.entries import record_notice_delivery

    assert add("--what", "before", "--when", "2024-03-01 10:00") == 0
    with open_case("default") as store:
        record_notice_delivery(store, delivered_on="2024-03-02", via="text")
    assert add("--what", "after", "--when", "2024-03-05 10:00") == 0
    capsys.readouterr()
    assert cli("log", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    after = next(line for line in lines if " after" in line and "after notice" in line)
    assert "2024-03-05" in after
    assert "NOTICE" in next(line for line in lines if "2024-03-02" in line)
    assert "after notice" not in next(line for line in lines if "before" in line)
    assert "1 after the no-contact notice" in lines[-1]


# --- asking in a terminal ----------------------------------------------------------------


def test_add_asks_for_what_was_left_out(tmp_path: Path) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from leavemealone.ask.console import make_console
    from leavemealone.ask.terminal import QuestionaryAsker
    from leavemealone.guide.incidents import ask_incident

    photo = tmp_path / "a.png"
    photo.write_bytes(b"x")
    given = {
        "when": None,
        "what": None,
        "where": None,
        "channels": [],
        "witnesses": [],
        "police_report": None,
        "officer": None,
        "evidence": [],
    }
    keys = [
        "He waited by my car\r",
        "2024-03-01 21:10\r",  # typed as is: nothing prefilled to clear first
        "\r",  # where: skipped
        " \x1b[B \r",  # tick the first two channels
        "Ann; Bob\r",
        "PR-9\r",
        "Officer Lee\r",
        f"{photo}\r",
        "\r",
    ]
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(keys))
        answers = ask_incident(QuestionaryAsker(make_console(file=io.StringIO())), given)
    assert answers is not None
    assert answers["when"] == "2024-03-01 21:10" and answers["what"] == "He waited by my car"
    assert answers["where"] is None and answers["channels"] == ["in_person", "phone"]
    assert answers["witnesses"] == ["Ann", "Bob"] and answers["police_report"] == "PR-9"
    assert answers["officer"] == "Officer Lee" and answers["evidence"] == [photo]


def test_given_values_are_checked_before_asking() -> None:
    from leavemealone.cli.log import _ask_the_rest
    from leavemealone.errors import UsageError

    with open_case("default") as store, pytest.raises(UsageError, match="pigeon"):
        _ask_the_rest(store, {"when": None, "what": None, "channels": ["pigeon"]})


# --- durability --------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from leavemealone.store.cases import open_case
from leavemealone.log.entries import add_incident

folder = Path(sys.argv[1])
store = open_case("default")
number = int(sys.argv[2])
while True:
    number += 1
    evidence = []
    if number % 4 == 0:
        evidence = [folder / f"evidence-{number}.txt"]
        evidence[0].write_text(f"evidence {number}" * 50)
    entry = add_incident(store, what=f"incident {number}", when="2024-03-01 10:00", evidence=evidence)
    print(entry.seq, number, flush=True)
"""


def test_kill_9_during_adds_loses_nothing_acknowledged(tmp_path: Path, private_home: Path) -> None:
    environment = {**os.environ, "LEAVEMEALONE_HOME": str(private_home)}
    acknowledged: dict[int, int] = {}
    chooser = random.Random()
    for _ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(max(acknowledged.values(), default=0) + 1000)],
            stdout=subprocess.PIPE,
            env=environment,
        )
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the writer never started"
        time.sleep(chooser.uniform(0.01, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # A kill can cut the last line short: only a line with its newline was acknowledged.
        *complete, _partial = process.stdout.read().decode().split("\n")
        for line in complete:
            seq, number = map(int, line.split())
            acknowledged[seq] = number
    with open_case("default") as store:
        report = verify_log(store)
        assert report.ok, report.messages
        saved = {entry.seq: entry.record["what"] for entry in load_entries(store)}
    assert len(acknowledged) > 4
    for seq, number in acknowledged.items():
        assert saved[seq] == f"incident {number}"


@pytest.mark.parametrize(
    "command", [["list"], ["show", "1"], ["verify"], ["export"], ["amend", "1", "--where", "x"]]
)
def test_reading_a_case_that_was_never_saved_says_so_and_creates_nothing(
    command: list[str], private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as leaving:
        run(["log", *command, "--case", "other"])
    assert leaving.value.code == 1
    assert "Nothing has been saved in the case 'other' yet." in capsys.readouterr().err
    assert not (private_home / "cases" / "other").exists()


def test_text_after_log_add_points_at_what_and_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("log", "add", "he called me at work") == 2
    err = capsys.readouterr().err
    assert err.startswith("What happened goes after --what, so nothing was saved.")
    assert 'leavemealone log add --what "he called me at work"' in err
    assert "leavemealone log add --what - and type it" in err
    assert "Got unexpected extra argument" not in err
    assert cli("log", "add", "--no-input", "--what", "he called", "again") == 2
    assert "'again' is not something log add takes" in capsys.readouterr().err
    assert cli("log", "list") == 1  # no case was made: nothing was saved
