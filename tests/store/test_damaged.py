"""A damaged case file is refused by every command, reading ones included, and never written to."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leavemealone.store import keys
from tests.store.test_protect import (
    cli,
    fresh_session,  # noqa: F401 - an autouse fixture, used by importing it
    plant_everything,
)

COMMANDS = [
    ["status"],
    ["log", "verify"],
    ["log", "list"],
    ["log", "show", "1"],
    ["log", "receipt"],
    ["log", "export"],
    ["log", "add", "--no-input", "--what", "a new entry"],
    ["notice", "--no-input"],
    ["start", "--no-input"],
]


def damage(database: Path, how: str) -> None:
    if how == "emptied":
        database.write_bytes(b"")
    elif how == "two pages zeroed":
        content = bytearray(database.read_bytes())
        page = int.from_bytes(content[16:18], "big")
        assert len(content) >= 4 * page
        for number in (1, 2):  # the second and third pages: tables, not the header
            content[number * page : (number + 1) * page] = bytes(page)
        database.write_bytes(bytes(content))
    elif how == "cut mid-page":
        database.write_bytes(database.read_bytes()[:-1000])
    elif how == "last pages cut off":  # whole pages: the size still fits the page size
        content = database.read_bytes()
        database.write_bytes(content[: -2 * int.from_bytes(content[16:18], "big")])
    else:
        content = bytearray(database.read_bytes())
        content[:16] = bytes(16)
        database.write_bytes(bytes(content))


@pytest.mark.parametrize(
    "how", ["emptied", "two pages zeroed", "cut mid-page", "last pages cut off", "header zeroed"]
)
def test_every_command_refuses_a_damaged_case_file_and_writes_nothing(
    how: str, private_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_everything(tmp_path)
    for number in range(40):  # enough pages that zeroing two hits tables
        assert cli("log", "add", "--no-input", "--what", f"incident {number} " + "x" * 200) == 0
    database = private_home / "cases" / "default" / "case.sqlite3"
    keys.forget_session()
    damage(database, how)
    before = database.read_bytes()
    capsys.readouterr()
    for command in COMMANDS:
        assert cli(*command) == 1, command
        err = capsys.readouterr().err
        assert f"The case file {database} is damaged" in err, (command, err)
        assert "leavemealone restore" in err and "Traceback" not in err, command
        assert database.read_bytes() == before, command


HOLDER = """
import sys, time
from leavemealone.store.cases import open_case
store = open_case("default")
print("open", flush=True)
time.sleep(60)
"""


def test_wipe_waits_for_a_running_command_then_refuses_and_deletes_nothing(
    private_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.store import protect as privacy

    plant_everything(tmp_path)
    monkeypatch.setattr(privacy, "WIPE_WAIT_SECONDS", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, env=os.environ.copy())
    try:
        assert holder.stdout is not None
        ready, _, _ = select.select([holder.stdout], [], [], 30)
        assert ready and holder.stdout.readline() == b"open\n"
        capsys.readouterr()
        assert cli("wipe", "--yes") == 1
        err = capsys.readouterr().err
        assert "Another leavemealone window is using your data, so nothing was changed." in err
        assert (private_home / "cases" / "default" / "case.sqlite3").exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert cli("wipe", "--yes") == 0
    assert not private_home.exists()


ADD_LOOP = """
import subprocess, sys
number = 0
while True:
    number += 1
    result = subprocess.run([sys.executable, "-m", "leavemealone", "log", "add", "--no-input",
                             "--what", f"loop {number}"], capture_output=True, text=True)
    print(result.returncode, number, result.stderr.strip().replace("\\n", " "), flush=True)
"""


def test_wipe_during_a_running_log_add_loop_leaves_nothing_from_before(
    private_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_everything(tmp_path)
    loop = subprocess.Popen(
        [sys.executable, "-c", ADD_LOOP],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
        start_new_session=True,
    )
    try:
        assert loop.stdout is not None
        ready, _, _ = select.select([loop.stdout], [], [], 30)
        assert ready
        time.sleep(1.0)
        capsys.readouterr()
        wiped = cli("wipe", "--yes")
        shown = capsys.readouterr()
    finally:  # the loop and the add it is running: an add left running would race the checks below
        os.killpg(loop.pid, signal.SIGKILL)
        loop.wait()
    if wiped != 0:  # the loop never paused long enough: then nothing may be gone
        assert "nothing was changed" in shown.err
        return
    assert "Deleted everything" in shown.out or "Deleted what" in shown.out
    if private_home.exists():  # a later add may have started a new case, from entry 1, or been killed first
        verified = cli("log", "verify")
        assert verified == 0 or "Nothing has been saved in the case yet" in capsys.readouterr().err
        files = [path for path in private_home.rglob("*") if path.is_file()]
        assert [path for path in files if b"MARKER" in path.read_bytes()] == [], "nothing came back"
