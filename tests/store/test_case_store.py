"""The case store: answers saved at once, undo, reset, kept files, clear errors."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from leavemealone.errors import StoreError
from leavemealone.store.case_store import CaseStore
from leavemealone.store.sealing import SealedCodec


def sealed_codec() -> SealedCodec:
    return SealedCodec(bytes(range(32)), "testkey")


def test_answers_survive_reopening(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        store.set_answer("their_name", "Zoë")
    with CaseStore.open(tmp_path) as store:
        assert store.answers() == {"their_name": "Zoë"}
        assert store.answer_sources() == {"their_name": "asked"}


def test_undo_restores_the_previous_value_then_nothing(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        store.set_answer("a", 1)
        store.set_answer("a", 2)
        store.set_step("s", "done", problem_stopped=False)
        assert store.undo_last() == "step:s"
        assert store.step_records() == {}
        assert store.undo_last() == "answer:a"
        assert store.answers() == {"a": 1}
        assert store.undo_last() == "answer:a"
        assert store.answers() == {}
        assert store.undo_last() is None


def test_answers_from_a_file_are_not_undone(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        store.set_answer("state", "NY", source="file")
        assert store.undo_last() is None
        assert store.answers() == {"state": "NY"}


def test_reset_forgets_answers_and_steps(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        store.set_answer("a", 1)
        store.set_step("s", "later")
        store.reset()
        assert store.answers() == {} and store.step_records() == {}


def test_an_unknown_step_status_is_refused(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store, pytest.raises(ValueError, match="'finished'"):
        store.set_step("s", "finished")


def test_values_pass_through_the_codec(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, codec=sealed_codec()) as store:
        store.set_answer("their_name", "MARKER-NAME")
        assert store.answers() == {"their_name": "MARKER-NAME"}
    raw = (tmp_path / "case.sqlite3").read_bytes()
    assert b"MARKER-NAME" not in raw and b"their_name" not in raw


def test_kept_files_are_content_addressed_and_sealed(tmp_path: Path) -> None:
    content = b"photo of the note left on my car"
    with CaseStore.open(tmp_path, codec=sealed_codec()) as store:
        digest = store.put_file(content)
        assert digest == hashlib.sha256(content).hexdigest()
        assert store.put_file(content) == digest
        assert store.get_file(digest) == content
        assert content not in store.file_path(digest).read_bytes()


def test_a_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path) as store:
        blocker = sqlite3.connect(tmp_path / "case.sqlite3")
        blocker.execute("BEGIN EXCLUSIVE")
        store.connection.execute("PRAGMA busy_timeout = 100")
        with pytest.raises(StoreError, match="in use by another leavemealone window"):
            store.set_answer("a", 1)
        blocker.rollback()
        blocker.close()


def test_opening_a_case_another_window_is_writing_says_so_and_never_calls_it_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.store import case_store

    CaseStore.open(tmp_path).close()
    monkeypatch.setattr(case_store, "BUSY_TIMEOUT_SECONDS", 0.1)
    blocker = sqlite3.connect(tmp_path / "case.sqlite3")
    blocker.execute("BEGIN EXCLUSIVE")  # another window committing: the check at open cannot read yet
    try:
        with pytest.raises(StoreError) as caught:
            CaseStore.open(tmp_path)
        assert "in use by another leavemealone window" in str(caught.value)
        assert "damaged" not in str(caught.value) and "restore" not in (caught.value.hint or "")
    finally:
        blocker.rollback()
        blocker.close()
    with CaseStore.open(tmp_path) as store:  # once it is done, the same case opens
        store.set_answer("a", 1)


def test_step_statuses_are_sealed_too(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, codec=sealed_codec()) as store:
        store.set_step("police", "not_needed", problem_stopped=True)
        assert store.step_records()["police"].status == "not_needed"
        assert store.step_records()["police"].problem_stopped is True
    raw = (tmp_path / "case.sqlite3").read_bytes()
    assert b"not_needed" not in raw


def test_no_other_window_can_commit_while_the_header_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CaseStore.open(tmp_path / "case") as store:
        store.set_answer("your_name", "Alex")
    database = tmp_path / "case" / "case.sqlite3"
    tried: list[str] = []
    real_open = Path.open

    def open_and_try_a_write(self: Path, *args: object, **kwargs: object) -> object:
        if self == database and not tried:
            other = sqlite3.connect(database, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("COMMIT")
                tried.append("committed")
            except sqlite3.OperationalError as error:
                tried.append(str(error))
            finally:
                other.close()
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_and_try_a_write)
    with CaseStore.open(tmp_path / "case") as store:
        assert store.answers()["your_name"] == "Alex"
    assert tried == ["database is locked"]
