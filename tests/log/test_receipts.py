"""The newest entries cannot go unnoticed: an authenticated head with a passphrase, receipts without."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from leavemealone.log.model import GENESIS, chain_hash, content_hash
from leavemealone.log.receipts import Receipt, parse_receipt, receipt_for
from leavemealone.store import keys
from leavemealone.store.cases import open_case
from tests.store.test_protect import (
    cli,
    fresh_session,  # noqa: F401 - an autouse fixture, used by importing it
    protect,
)


def add_four(capsys: pytest.CaptureFixture[str]) -> None:
    for number in range(1, 5):
        when = f"2024-03-0{number}"
        assert cli("log", "add", "--no-input", "--what", f"incident {number}", "--when", when) == 0
    capsys.readouterr()


def raw(private_home: Path) -> sqlite3.Connection:
    return sqlite3.connect(private_home / "cases" / "default" / "case.sqlite3", isolation_level=None)


def cut_the_tail_and_point_the_head_at_entry_2(private_home: Path) -> None:
    connection = raw(private_home)
    entry_hash = connection.execute("SELECT entry_hash FROM log_entries WHERE seq = 2").fetchone()[0]
    connection.execute("DELETE FROM log_entries WHERE seq > 2")
    connection.execute("UPDATE meta SET value = ? WHERE key = 'log_head'", (f"2:{entry_hash}",))


def take_receipt(capsys: pytest.CaptureFixture[str]) -> str:
    assert cli("log", "receipt") == 0
    shown = capsys.readouterr()
    assert "Write this line down" in shown.err and "log verify --receipt" in shown.err
    return shown.out.strip()


def test_a_receipt_is_one_short_line_and_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    add_four(capsys)
    receipt = take_receipt(capsys)
    assert len(receipt.splitlines()) == 1 and len(receipt) < 50
    day, count, head = receipt.split(", ")
    assert count == "4 entries" and head.startswith("head ") and len(head) == len("head ") + 19
    assert cli("log", "add", "--no-input", "--what", "later") == 0
    capsys.readouterr()
    assert cli("log", "verify", "--receipt", receipt) == 0
    assert f"Your receipt of {day} matches: entries 1 to 4 are exactly as recorded that day." in (
        capsys.readouterr().out
    )


def test_without_a_passphrase_a_cut_tail_needs_the_receipt_to_show(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_four(capsys)
    receipt = take_receipt(capsys)
    cut_the_tail_and_point_the_head_at_entry_2(private_home)
    assert cli("log", "verify") == 0, "without a secret, a careful edit cannot be told from the truth"
    assert "someone who edits the file with care" in capsys.readouterr().out
    assert cli("log", "verify", "--receipt", receipt) == 1
    err = capsys.readouterr().err
    assert "counted 4 entries, but the log now has 2: entries 3 to 4 were removed" in err


def test_without_a_passphrase_a_rewritten_log_fails_its_receipt(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    add_four(capsys)
    receipt = take_receipt(capsys)
    connection = raw(private_home)
    previous = GENESIS
    rows = connection.execute("SELECT seq, content FROM log_entries ORDER BY seq").fetchall()
    for seq, content in rows:  # edit entry 2, then recompute every hash after it, as a careful forger would
        entry = json.loads(content)
        if seq == 2:
            entry["record"]["what"] = "nothing happened"
        digest = content_hash(seq, entry["kind"], entry["amends"], entry["created_at"], entry["record"])
        link = chain_hash(previous, digest)
        connection.execute(
            "UPDATE log_entries SET content = ?, content_hash = ?, prev_hash = ?, entry_hash = ? "
            "WHERE seq = ?",
            (json.dumps(entry).encode(), digest, previous, link, seq),
        )
        previous = link
    connection.execute("UPDATE meta SET value = ? WHERE key = 'log_head'", (f"4:{previous}",))
    assert cli("log", "verify") == 0
    capsys.readouterr()
    assert cli("log", "verify", "--receipt", receipt) == 1
    assert "no longer matches your receipt" in capsys.readouterr().err


def test_with_a_passphrase_a_cut_tail_is_caught_without_a_receipt(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    add_four(capsys)
    keys.forget_session()
    cut_the_tail_and_point_the_head_at_entry_2(private_home)
    assert cli("log", "verify") == 1
    err = capsys.readouterr().err
    assert "The record of the newest entry was changed outside leavemealone" in err


def test_with_a_passphrase_an_older_copy_put_back_needs_the_receipt(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    add_four(capsys)
    database = private_home / "cases" / "default" / "case.sqlite3"
    shutil.copy(database, tmp_path / "older.sqlite3")
    assert cli("log", "add", "--no-input", "--what", "the fifth") == 0
    receipt = take_receipt(capsys)
    shutil.copy(tmp_path / "older.sqlite3", database)
    keys.forget_session()
    assert cli("log", "verify") == 0, "an older copy of the whole file is consistent in itself"
    capsys.readouterr()
    assert cli("log", "verify", "--receipt", receipt) == 1
    assert "counted 5 entries, but the log now has 4: entry 5 was removed" in capsys.readouterr().err


def test_a_receipt_reads_back_however_it_was_copied() -> None:
    made = receipt_for(12, "3F2A9C1E77B0D4E8" + "0" * 48)
    assert made.text == "2026-01-01, 12 entries, head 3f2a-9c1e-77b0-d4e8".replace("2026-01-01", made.day)
    loose = made.text.replace("-", " ").replace(", ", "  ")
    for copied in (made.text, made.text.upper(), loose, f" {made.text}\n"):
        assert parse_receipt(copied) == Receipt(made.day, 12, "3f2a9c1e77b0d4e8"), copied
    assert receipt_for(1, "a" * 64).text.endswith("1 entry, head aaaa-aaaa-aaaa-aaaa")


def test_a_bad_receipt_or_an_empty_log_is_one_clear_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("log", "add", "--no-input", "--what", "one") == 0
    capsys.readouterr()
    assert cli("log", "verify", "--receipt", "twelve entries") == 2
    assert "is not a receipt I can read" in capsys.readouterr().err
    with open_case("empty"):
        pass
    assert cli("log", "receipt", "--case", "empty") == 1
    assert "The log is empty" in capsys.readouterr().err


def test_no_receipt_for_a_log_that_does_not_verify(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_four(capsys)
    raw(private_home).execute("DELETE FROM log_entries WHERE seq = 2")
    assert cli("log", "receipt") == 1
    assert "The log does not verify, so no receipt was made" in capsys.readouterr().err
