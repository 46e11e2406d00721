"""Sealed values are bound to their place: moved, swapped, replayed or copied ones are refused, never used."""

from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path

import pytest

from leavemealone.flow.reader import load_flow
from leavemealone.paths import default_flow_path
from leavemealone.store import keys
from leavemealone.store.case_store import MIGRATIONS, CaseStore
from leavemealone.store.cases import open_case
from leavemealone.store.sealing import PlainCodec, SealedCodec, pad, padded_size, unpad
from tests.store.test_protect import (
    PASSPHRASE,
    cli,
    fresh_session,  # noqa: F401 - an autouse fixture, used by importing it
    plant_answers,
    protect,
    use_passphrase,
)

FIXTURES = Path(__file__).parent / "fixtures"


def raw(case: str, private_home: Path) -> sqlite3.Connection:
    """The case file opened behind the tool's back, as someone with the disk could."""
    return sqlite3.connect(private_home / "cases" / case / "case.sqlite3", isolation_level=None)


def slot_of(case: str, table: str, name: str) -> str:
    with open_case(case) as store:
        return store.slot(table, name)


def record_of(connection: sqlite3.Connection, table: str, slot: str) -> bytes:
    return bytes(connection.execute(f"SELECT record FROM {table} WHERE slot = ?", (slot,)).fetchone()[0])


def put(connection: sqlite3.Connection, table: str, slot: str, record: bytes) -> None:
    connection.execute(f"UPDATE {table} SET record = ? WHERE slot = ?", (record, slot))


@pytest.fixture
def locked_case(private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    protect(monkeypatch)
    plant_answers(tmp_path, "MARKER", "default")
    plant_answers(tmp_path, "OTHER", "work")
    keys.forget_session()
    return private_home


def assert_refused_and_no_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "notice.md"
    capsys.readouterr()
    assert cli("notice", "--no-input", "--output", str(output)) == 1
    err = capsys.readouterr().err
    assert "was changed outside leavemealone" in err and "Traceback" not in err
    assert not output.exists(), "never a wrong document"


def test_swapping_the_two_names_is_refused(
    locked_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yours, theirs = slot_of("default", "answers", "your_name"), slot_of("default", "answers", "their_name")
    connection = raw("default", locked_case)
    mine, other = record_of(connection, "answers", yours), record_of(connection, "answers", theirs)
    put(connection, "answers", yours, other)
    put(connection, "answers", theirs, mine)
    assert_refused_and_no_document(tmp_path, capsys)


def test_copying_another_answer_onto_in_danger_is_refused(
    locked_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    danger = slot_of("default", "answers", "in_danger")
    threatened = slot_of("default", "answers", "feels_threatened")
    connection = raw("default", locked_case)
    put(connection, "answers", danger, record_of(connection, "answers", threatened))
    assert_refused_and_no_document(tmp_path, capsys)


def test_replaying_an_old_value_from_history_is_refused(
    locked_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_case("default") as store:
        store.set_answer("their_name", "Someone Else")  # history now keeps the old name
    keys.forget_session()
    connection = raw("default", locked_case)
    old = bytes(connection.execute("SELECT record FROM history ORDER BY seq DESC LIMIT 1").fetchone()[0])
    put(connection, "answers", slot_of("default", "answers", "their_name"), old)
    assert_refused_and_no_document(tmp_path, capsys)


def test_copying_a_value_from_another_case_is_refused(
    locked_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from_work = raw("work", locked_case)
    copied = record_of(from_work, "answers", slot_of("work", "answers", "their_name"))
    put(raw("default", locked_case), "answers", slot_of("default", "answers", "their_name"), copied)
    assert_refused_and_no_document(tmp_path, capsys)


def test_going_back_restores_the_old_answer_sealed_where_it_belongs(locked_case: Path) -> None:
    with open_case("default") as store:
        before = store.answers()["their_name"]
        store.set_answer("their_name", "Someone Else")
        assert store.undo_last() == "answer:their_name"
    keys.forget_session()
    with open_case("default") as store:
        assert store.answers()["their_name"] == before


def test_swapped_log_entries_and_kept_files_are_named_by_verify(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    for number in (1, 2):
        evidence = tmp_path / f"photo-{number}.jpg"
        evidence.write_bytes(f"photo number {number}".encode() * 100)
        what = f"incident {number}"
        assert cli("log", "add", "--no-input", "--what", what, "--evidence", str(evidence)) == 0
    kept = sorted((private_home / "cases" / "default" / "files").iterdir())
    contents = [path.read_bytes() for path in kept]
    kept[0].write_bytes(contents[1])
    kept[1].write_bytes(contents[0])
    capsys.readouterr()
    assert cli("log", "verify") == 1
    err = capsys.readouterr().err
    assert err.count("cannot be read: its kept copy was changed") == 2
    connection = raw("default", private_home)
    first, second = (row[0] for row in connection.execute("SELECT content FROM log_entries ORDER BY seq"))
    connection.execute("UPDATE log_entries SET content = ? WHERE seq = 1", (second,))
    connection.execute("UPDATE log_entries SET content = ? WHERE seq = 2", (first,))
    assert cli("log", "verify") == 1
    err = capsys.readouterr().err
    assert "Entry 1 cannot be read: it was changed, moved or damaged outside leavemealone." in err
    assert "Entry 2 cannot be read" in err


# --- lengths --------------------------------------------------------------------------------------


def test_every_sealed_boolean_has_the_same_length_for_true_and_false(tmp_path: Path) -> None:
    flow = load_flow(default_flow_path())
    booleans = [question.id for question in flow.questions().values() if question.kind == "confirm"]
    assert {"in_danger", "feels_threatened", "at_work", "at_school"} <= set(booleans)
    lengths: dict[str, set[int]] = {}
    with CaseStore.open(tmp_path / "case", codec=SealedCodec(bytes(32), "k")) as store:
        for answer_id in booleans:
            for value in (True, False):
                store.set_answer(answer_id, value)
                sealed = store.connection.execute(
                    "SELECT record FROM answers WHERE slot = ?", (store.slot("answers", answer_id),)
                ).fetchone()[0]
                lengths.setdefault(answer_id, set()).add(len(sealed))
        for stopped in (True, False, None):
            store.set_step("police", "done", problem_stopped=stopped)
            store.set_step("support", "not_needed", problem_stopped=stopped)
        step_lengths = {len(row[0]) for row in store.connection.execute("SELECT record FROM steps")}
    assert all(len(found) == 1 for found in lengths.values()), lengths
    assert len({length for found in lengths.values() for length in found}) == 1, "one size for every yes/no"
    assert len(step_lengths) == 1, "a step's status and 'has it stopped' do not show in its size"


def test_padding_is_exact_and_refuses_anything_else() -> None:
    assert [padded_size(n) for n in (1, 64, 65, 1024, 1025, 5000)] == [64, 64, 128, 1024, 1088, 5120]
    for plain in (b"", b"true", b"false", bytes(63), bytes(64), b"x" * 3000):
        padded = pad(plain)
        assert len(padded) == padded_size(len(plain) + 1) and unpad(padded) == plain
    assert unpad(b"true" + bytes(60)) is None and unpad(pad(b"x") + bytes(1)) is None


def test_names_of_different_lengths_seal_to_the_same_size(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "case", codec=SealedCodec(bytes(32), "k")) as store:
        for name in ("Al", "Alexandra Montgomery-Smythe"):
            store.set_answer("their_name", name)
        store.set_answer("your_name", "Zoë")
        sizes = {len(row[0]) for row in store.connection.execute("SELECT record FROM answers")}
    assert len(sizes) == 1, "a short name and a long one look alike on disk"


# --- cases saved by earlier versions ----------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["schema3-plain", "schema3-locked"])
def test_a_case_saved_by_the_previous_version_opens_migrated_and_verifies(
    fixture: str, private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with tarfile.open(FIXTURES / f"{fixture}.tar.gz") as tar:
        tar.extractall(private_home.parent, filter="data")
    use_passphrase(monkeypatch, PASSPHRASE if fixture.endswith("locked") else None)
    assert cli("log", "verify") == 0
    assert "Checked 3 entries and 1 evidence file: everything matches." in capsys.readouterr().out
    with open_case("default") as store:
        answers = store.answers()
        assert answers["your_name"] == "Alex Doe" and answers["their_name"] == "Sam Roe-Smith"
        assert store.step_records()["support"].status == "done"
        assert store.made_documents()[0].name == "notice"
        assert store.undo_last() == "step:support"
        assert store.undo_last() == "answer:their_name"
        assert store.answers()["their_name"] == "Sam Roe"
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        columns = [row[1] for row in store.connection.execute("PRAGMA table_info(answers)")]
        assert columns == ["slot", "record"]
    database = (private_home / "cases" / "default" / "case.sqlite3").read_bytes()
    if fixture.endswith("locked"):
        assert b"Alex Doe" not in database and b"incident" not in database


def test_a_value_in_the_old_unbound_form_is_refused_after_the_migration(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tarfile.open(FIXTURES / "schema3-locked.tar.gz") as tar:
        tar.extractall(private_home.parent, filter="data")
    old = sqlite3.connect(private_home / "cases" / "default" / "case.sqlite3")
    unbound = bytes(old.execute("SELECT value FROM answers WHERE id = 'in_danger'").fetchone()[0])
    old.close()
    use_passphrase(monkeypatch, PASSPHRASE)
    assert cli("status") == 0
    put(raw("default", private_home), "answers", slot_of("default", "answers", "in_danger"), unbound)
    keys.forget_session()
    assert_refused_and_no_document(tmp_path, capsys)


def test_plain_storage_keeps_readable_json(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "case", codec=PlainCodec()) as store:
        store.set_answer("their_name", "Sam")
        row = store.connection.execute("SELECT slot, record FROM answers").fetchone()
    assert row[0] == "their_name" and b'"value": "Sam"' in row[1]
