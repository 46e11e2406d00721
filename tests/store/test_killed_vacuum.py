"""A kill after SQLite made a VACUUM final but before it cut the file to size: the next command goes on.

SQLite's rollback-journal commit deletes the journal, then truncates a file
that shrank (``pager_end_transaction``; under strace: ``unlink(...-journal)``
then ``ftruncate``). kill -9 between the two leaves the VACUUMed pages, then
the file's old pages past the size its header records, and no journal:
exactly the VACUUM's result followed by the old file's tail (checked byte for
byte against a process killed at that ``ftruncate``). ``test_kill_protect``
met this about one run in ten, as a case "damaged" after ``protect``. These
tests build that state directly, without waiting for a lucky kill.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from leavemealone.store import crypto, keys
from leavemealone.store import protect as privacy
from leavemealone.store.cases import open_case
from tests.store.test_protect import (
    PASSPHRASE,
    cli,
    found_markers,
    fresh_session,  # noqa: F401 - an autouse fixture, used by importing it
    plant_everything,
    protect,
    snapshot_answers,
    use_passphrase,
)

CASES = ("one", "two")

CRASH_BEFORE_THE_TRIM = """
import os, sys
from pathlib import Path
from leavemealone.store import protect, reseal
real = reseal.vacuum
def vacuum_then_die_before_the_trim(connection):
    database = Path(connection.execute("PRAGMA database_list").fetchone()[2])
    if database.parent.name != "two":
        return real(connection)
    before = database.read_bytes()
    real(connection)
    after = database.read_bytes()
    if len(after) >= len(before):
        os._exit(3)  # nothing was trimmed, so this run would prove nothing
    database.write_bytes(after + before[len(after):])
    os._exit(9)
reseal.vacuum = vacuum_then_die_before_the_trim
if sys.argv[1] == "set":
    protect.set_passphrase(os.environ["LEAVEMEALONE_NEW_PASSPHRASE"])
else:
    protect.unlock_now()
    protect.remove_passphrase()
"""


def header_bytes(database: Path) -> int:
    """How long the file's SQLite header says it is (page size times page count)."""
    header = database.read_bytes()[:100]
    assert header[24:28] == header[92:96], "the header's page count is in force"
    return int.from_bytes(header[16:18], "big") * int.from_bytes(header[28:32], "big")


def leave_free_pages(case: str) -> None:
    """Answers given then taken back ("go back"), so the VACUUM has whole free pages to give back."""
    with open_case(case) as store:
        for number in range(20):
            store.set_answer(f"note_{number}", "y" * 2000)
        for number in reversed(range(20)):
            assert store.undo_last() == f"answer:note_{number}"


@pytest.mark.parametrize("action", ["set", "remove"])
def test_a_key_change_killed_between_the_vacuum_commit_and_the_trim_is_finished_and_verifies(
    action: str, private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if action == "remove":
        protect(monkeypatch)
    markers = plant_everything(tmp_path, cases=CASES)
    leave_free_pages("two")
    before = {case: snapshot_answers(case) for case in CASES}
    keys.forget_session()
    environment = {
        **os.environ,
        keys.PASSPHRASE_VARIABLE: PASSPHRASE,
        keys.NEW_PASSPHRASE_VARIABLE: PASSPHRASE,
    }
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_BEFORE_THE_TRIM, action], env=environment, timeout=60, check=False
    )
    assert crashed.returncode == 9
    database = private_home / "cases" / "two" / "case.sqlite3"
    assert (private_home / privacy.JOURNAL_FILE).exists(), "the change is left half done"
    assert not database.with_name("case.sqlite3-journal").exists(), "SQLite had made the VACUUM final"
    assert database.stat().st_size > header_bytes(database), "stale pages are left past the end"

    use_passphrase(monkeypatch, PASSPHRASE)
    for case in CASES:  # the first finishes the change, opening every case
        assert cli("log", "verify", "--case", case) == 0, case
    assert not (private_home / privacy.JOURNAL_FILE).exists()
    assert crypto.key_file_path(private_home).exists() == (action == "set")
    assert database.stat().st_size == header_bytes(database), "finishing the change dropped the stale pages"
    assert {case: snapshot_answers(case) for case in CASES} == before
    if action == "set":
        assert found_markers(private_home, markers) == {}


def test_a_case_file_with_stale_pages_past_its_end_opens_for_every_command(
    private_home: Path, tmp_path: Path
) -> None:
    plant_everything(tmp_path)
    database = private_home / "cases" / "default" / "case.sqlite3"
    page = int.from_bytes(database.read_bytes()[16:18], "big")
    with database.open("ab") as handle:  # what a VACUUM cut off before its trim leaves, outside protect
        handle.write(os.urandom(3 * page))
    before = snapshot_answers("default")
    keys.forget_session()
    commands = (["status"], ["log", "list"], ["log", "add", "--no-input", "--what", "new"], ["log", "verify"])
    for command in commands:  # reading, writing, then checking everything written
        assert cli(*command) == 0, command
    assert snapshot_answers("default") == before
