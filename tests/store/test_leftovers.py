"""Leftovers of a crash are removed at the next start, but never while another command may own them."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.store.test_damaged import HOLDER
from tests.store.test_protect import (
    cli,
    fresh_session,  # noqa: F401 - an autouse fixture, used by importing it
    plant_everything,
)


def leave_leftovers(home: Path) -> list[Path]:
    case = home / "cases" / "default"
    scratch = home / ".scratch-0a1b2c"
    (scratch / "cases").mkdir(parents=True)
    (scratch / "cases" / "case.json").write_bytes(b"MARKER plaintext a restore was writing")
    made = [
        home / "key.json.partial",
        home / "key-change.json.partial",
        case / "files" / ("ab" * 32 + ".1a2b3c4d.partial"),
        case / "case.sqlite3.5e6f7a8b.partial",
    ]
    for path in made:
        path.write_bytes(b"MARKER half-written")
    journal = case / "case.sqlite3-journal"
    journal.write_bytes(bytes(512))  # a journal SQLite no longer needs: its header is zeroed
    return [*made, scratch, journal]


def test_leftovers_are_removed_at_the_next_start(private_home: Path, tmp_path: Path) -> None:
    plant_everything(tmp_path)
    leftovers = leave_leftovers(private_home)
    assert cli("status") == 0
    assert [path for path in leftovers if path.exists()] == []
    assert cli("log", "verify") == 0


def test_leftovers_are_left_alone_while_another_command_runs(private_home: Path, tmp_path: Path) -> None:
    plant_everything(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, env=os.environ.copy())
    try:
        assert holder.stdout is not None
        ready, _, _ = select.select([holder.stdout], [], [], 30)
        assert ready and holder.stdout.readline() == b"open\n"
        leftovers = leave_leftovers(private_home)
        assert cli("status") == 0
        assert all(path.exists() for path in leftovers), "another command may still be writing them"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert cli("status") == 0
    assert [path for path in leftovers if path.exists()] == []


def test_a_hot_journal_is_rolled_back_not_deleted(private_home: Path, tmp_path: Path) -> None:
    plant_everything(tmp_path)
    database = private_home / "cases" / "default" / "case.sqlite3"
    crash = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute('DELETE FROM log_entries')\n"
        "c.execute('DELETE FROM answers')\n"
        "os._exit(9)\n"
    )
    assert subprocess.run([sys.executable, "-c", crash, str(database)], check=False).returncode == 9
    assert database.with_name("case.sqlite3-journal").exists()
    assert cli("log", "verify") == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM log_entries").fetchone()[0] == 2
    assert not database.with_name("case.sqlite3-journal").exists()
