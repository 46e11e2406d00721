"""The command line as a user meets it: exit codes, one-sentence errors, no tracebacks."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from leavemealone import __version__
from leavemealone.cli.app import COMMANDS, GROUPS, app, run

MINIMAL_ANSWERS = """\
in_danger: false
feels_threatened: false
relationship: roommate
contact_channels: [text, at_home]
at_work: true
at_school: false
state: CA
your_name: Alex Doe
their_name: Sam Roe
"""


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as caught:
        run(list(args))
    return int(caught.value.code or 0)


def answers_file(tmp_path: Path, text: str = MINIMAL_ANSWERS) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("--version") == 0
    assert capsys.readouterr().out.strip() == f"leavemealone {__version__}"


def test_no_arguments_shows_help_with_the_emergency_line(capsys: pytest.CaptureFixture[str]) -> None:
    cli()
    shown = capsys.readouterr()
    assert "Usage: leavemealone" in shown.out + shown.err and "Call 911" in shown.out + shown.err


def test_a_run_with_only_documented_ids_reaches_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("start", "--answers", str(answers_file(tmp_path)), "--no-input") == 0
    out = capsys.readouterr().out
    assert "Step 1 of 8: Are you safe right now?" in out
    assert "Step 8 of 8: " in out
    # Nothing could be asked, so every step is left for later, and the end says so, not "every step".
    assert "8 steps are left for later: Are you safe right now?;" in " ".join(out.split())
    assert "You have been through every step." not in out
    last = out.rstrip().splitlines()[-2:]
    assert last == [
        "Your checklist, at any time: leavemealone checklist",
        "In danger? Call 911. All the numbers: leavemealone help-now",
    ]


def test_a_missing_required_answer_names_its_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = MINIMAL_ANSWERS.replace("relationship: roommate\n", "")
    assert cli("start", "--answers", str(answers_file(tmp_path, text)), "--no-input") == 1
    err = capsys.readouterr().err
    assert "No answer for 'relationship'" in err
    assert "Traceback" not in err


def test_a_bad_answers_file_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = MINIMAL_ANSWERS.replace("state: CA", "state: XX")
    assert cli("start", "--answers", str(answers_file(tmp_path, text)), "--no-input") == 1
    err = capsys.readouterr().err
    assert "'state': 'XX' is not allowed (allowed: AL, AK" in err


def test_status_quotes_the_next_steps_title_and_puts_the_command_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leavemealone.store.cases import open_case

    with open_case("default") as store:
        store.set_answer("in_danger", False)
    assert cli("status") == 0
    rows = capsys.readouterr().out.splitlines()
    assert 'Next step: "Are you safe right now?"' in rows  # a question, not "right now. Continue"
    assert rows[rows.index('Next step: "Are you safe right now?"') + 1] == "To carry on: leavemealone start"


def test_status_before_and_after_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("status") == 0
    assert "Nothing saved yet. Begin with: leavemealone start" in capsys.readouterr().out
    cli("start", "--case", "flat", "--answers", str(answers_file(tmp_path)), "--no-input")
    capsys.readouterr()
    assert cli("status", "--case", "flat") == 0
    out = capsys.readouterr().out
    assert "1. Are you safe right now?: Left for later" in out
    flat = " ".join(out.split())
    assert "8 steps are left for later:" in flat and "You have been through every step." not in out
    assert 'Next: When you are ready, carry on with "Are you safe right now?": leavemealone start' in flat
    assert "Your checklist, at any time: leavemealone checklist" in out


def test_cases_are_kept_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli("start", "--case", "work", "--answers", str(answers_file(tmp_path)), "--no-input")
    capsys.readouterr()
    cli("status", "--case", "home")
    assert "Nothing saved yet. Begin with: leavemealone start --case home" in capsys.readouterr().out


def test_a_bad_case_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("status", "--case", "../etc") == 2
    assert "The case name '../etc' is not allowed." in capsys.readouterr().err


def test_data_folder_and_files_are_private(private_home: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        cli("start", "--answers", str(answers_file(tmp_path)), "--no-input")
    finally:
        os.umask(old)
    assert stat.S_IMODE(private_home.stat().st_mode) == 0o700
    case_folder = private_home / "cases" / "default"
    assert stat.S_IMODE(case_folder.stat().st_mode) == 0o700
    for path in case_folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_corrupt_store_is_reported_and_left_untouched(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = private_home / "cases" / "default"
    folder.mkdir(parents=True)
    garbage = b"this is not a database" * 100
    (folder / "case.sqlite3").write_bytes(garbage)
    assert cli("status") == 1
    err = capsys.readouterr().err
    assert f"The case file {folder / 'case.sqlite3'} is damaged" in err
    assert "nothing was read from it or written to it" in err and "leavemealone restore" in err
    assert (folder / "case.sqlite3").read_bytes() == garbage


def test_a_store_from_a_newer_version_is_refused(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = private_home / "cases" / "default"
    folder.mkdir(parents=True)
    with sqlite3.connect(folder / "case.sqlite3") as connection:
        connection.execute("PRAGMA user_version = 99")
    assert cli("status") == 1
    assert "saved by a newer version of leavemealone" in capsys.readouterr().err


def test_flows_validate_reports_problems_with_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("flow: x\ntitle: y\nsteps:\n  - id: a\n    title: A\n    colour: red\n", encoding="utf-8")
    assert cli("flows", "validate", str(bad)) == 1
    assert f"{bad}:6: step 'a': unknown key 'colour'" in capsys.readouterr().err


def test_flows_list_show_and_validate_the_shipped_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("flows", "validate") == 0
    assert "escalation.yaml: OK (8 steps" in capsys.readouterr().out
    assert cli("flows", "list") == 0
    assert capsys.readouterr().out.startswith("escalation: ")
    assert cli("flows", "show") == 0
    shown = capsys.readouterr().out
    assert "in_danger (confirm)" in shown and "relationship (select) one of: ex_partner" in shown


def test_start_without_a_terminal_points_to_answers_and_no_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "leavemealone", "start"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LEAVEMEALONE_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 1
    assert "There is no terminal to ask questions in." in result.stderr
    assert "leavemealone start --answers FILE --no-input" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("start", "--bogus") == 2
    assert "No such option" in capsys.readouterr().err


def test_restart_with_no_input_starts_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli("start", "--answers", str(answers_file(tmp_path)), "--no-input")
    only_danger = answers_file(tmp_path, "in_danger: true\nrelationship: stranger\nstate: TX\n")
    assert cli("start", "--restart", "--answers", str(only_danger), "--no-input") == 0
    capsys.readouterr()
    cli("status")
    out = capsys.readouterr().out
    assert "1. Are you safe right now?" in out and "2. Go to the police" in out


def test_restart_asks_first_and_no_keeps_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("start", "--answers", str(answers_file(tmp_path)), "--no-input")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert cli("start", "--restart") == 1
    assert "Nothing was changed." in capsys.readouterr().err
    cli("status")
    assert "Left for later" in capsys.readouterr().out


def test_help_loads_no_heavy_module() -> None:
    heavy = ["questionary", "prompt_toolkit", "jinja2", "rich", "yaml", "fpdf", "cryptography", "markdown_it"]
    probe = f"import sys, leavemealone.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_an_unexpected_failure_is_one_sentence_not_a_traceback(
    private_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = private_home / "cases" / "default"
    folder.mkdir(parents=True)
    with sqlite3.connect(folder / "case.sqlite3") as connection:
        connection.execute("CREATE TABLE steps (id TEXT, status TEXT)")  # an old, unknown layout
        connection.execute("PRAGMA user_version = 1")
    assert cli("status") == 1
    err = capsys.readouterr().err
    assert "does not hold what leavemealone saves" in err and "Traceback" not in err

    def broken(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("leavemealone.guide.session.case_status", broken)
    assert cli("status") == 1
    err = capsys.readouterr().err
    assert "A case file could not be read" in err and "Traceback" not in err
    assert "LEAVEMEALONE_DEBUG=1" in err
    monkeypatch.setenv("LEAVEMEALONE_DEBUG", "1")
    with pytest.raises(sqlite3.OperationalError):
        run(["status"])


def test_resources_for_a_state_alone_lists_that_states_orders(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("resources", "--state", "MA") == 0
    out = capsys.readouterr().out
    assert "## Protective orders in Massachusetts" in out
    assert "Abuse Prevention Order" in out and "Harassment Prevention Order" in out
    assert "--relationship ranks them for you" in out
    assert cli("resources", "--state", "other") == 0
    assert "Protective orders in" not in capsys.readouterr().out


@pytest.mark.parametrize("name", [*COMMANDS, *GROUPS])
def test_a_run_that_names_its_command_shows_the_same_help_as_the_whole_app(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(name, "--help") == 0
    alone = capsys.readouterr().out
    whole = typer.main.get_command(app)
    assert whole.main(args=[name, "--help"], prog_name="leavemealone", standalone_mode=False) == 0
    assert capsys.readouterr().out == alone


def test_a_run_builds_only_the_command_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[list[str]] = []
    original = typer.main.get_command

    def spy(typer_app: typer.Typer) -> object:
        command = original(typer_app)
        built.append(sorted(getattr(command, "commands", {})))
        return command

    monkeypatch.setattr(typer.main, "get_command", spy)
    cli("status")
    cli("log", "--help")
    cli("--version")
    assert built == [["status"], ["log"], sorted([*COMMANDS, *GROUPS])]


def test_a_mistyped_command_is_still_matched_against_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli("statsu") == 2
    assert "Did you mean 'status'" in capsys.readouterr().err
    assert cli("log", "ad") == 2
    assert "Did you mean 'add'" in capsys.readouterr().err


def test_the_process_entry_point_freezes_what_the_run_made_before_exiting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from leavemealone.__main__ import main

    monkeypatch.setattr("sys.argv", ["leavemealone", "--version"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as leaving:
            main()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert leaving.value.code == 0
    assert capsys.readouterr().out.strip() == f"leavemealone {__version__}"


def test_errors_and_hints_wrap_between_words_at_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("notice", "--no-input") == 1
    whole = capsys.readouterr().err  # not a terminal: the sentence and its hint, one line each
    monkeypatch.setattr("leavemealone.cli.output.terminal_width", lambda stream: 80)
    assert cli("notice", "--no-input") == 1
    rows = capsys.readouterr().err.splitlines()
    assert len(rows) > 2 and max(len(row) for row in rows) <= 80
    assert " ".join(rows).split() == whole.split()  # "(--their-name)," is never cut in two
    assert rows[-1].endswith("save them with: leavemealone start")


def test_messages_stay_on_one_line_when_the_output_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli("notice", "--no-input") == 1
    assert len(capsys.readouterr().err.splitlines()) == 2  # the sentence and its hint, each whole
