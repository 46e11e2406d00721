"""Ctrl-C in 'log add' loses nothing typed: what was typed is a sealed draft, offered the next time."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leavemealone.cli.app import run
from leavemealone.guide.incidents import DRAFT, DRAFT_NOTE, IncidentStopped, add_asked_incident
from leavemealone.log.entries import load_entries
from leavemealone.store.case_store import CaseStore
from leavemealone.store.cases import open_case
from leavemealone.store.drafts import keep_draft, read_draft
from leavemealone.store.sealing import SealedCodec
from tests.scripted import ScriptedAsker

WHAT = "He waited by my car, Zebracorn"


def nothing_given() -> dict[str, Any]:
    """The fields 'log add' passes when no option was given."""
    return {
        "when": None, "what": None, "where": None, "channels": [], "witnesses": [],
        "police_report": None, "officer": None, "evidence": [],
    }  # fmt: skip


def ctrl_c(question: object) -> None:
    raise KeyboardInterrupt


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "case") as opened:
        yield opened


def test_ctrl_c_after_what_happened_keeps_it_as_a_draft_and_adds_nothing(store: CaseStore) -> None:
    with pytest.raises(IncidentStopped) as stopped:
        add_asked_incident(store, ScriptedAsker([WHAT, "11/29/2025 10pm", ctrl_c]), nothing_given())
    assert stopped.value.kept and isinstance(stopped.value, KeyboardInterrupt)
    assert load_entries(store) == []
    assert read_draft(store, DRAFT) == {"what": WHAT, "when": "2025-11-29 22:00"}


def test_the_draft_is_offered_the_next_time_and_dropped_once_added(store: CaseStore) -> None:
    keep_draft(store, DRAFT, {"what": WHAT, "when": "2025-11-29 22:00", "witnesses": ["Ana", "Ben"]})
    asker = ScriptedAsker([WHAT, "2025-11-29 22:00", None, [], "Ana; Ben", None, None])
    entry = add_asked_incident(store, asker, nothing_given())
    assert entry is not None and entry.record["what"] == WHAT and entry.record["witnesses"] == ["Ana", "Ben"]
    asked = {event[1]: event[2] for event in asker.events if event[0] == "ask"}
    assert asked["what"] == WHAT and asked["when"] == "2025-11-29 22:00" and asked["witnesses"] == "Ana; Ben"
    assert read_draft(store, DRAFT) is None


def test_emptying_the_drafted_text_throws_it_away_and_adds_nothing(store: CaseStore) -> None:
    keep_draft(store, DRAFT, {"what": WHAT})
    asker = ScriptedAsker([lambda question: "" if DRAFT_NOTE in question.help else pytest.fail("no note")])
    assert add_asked_incident(store, asker, nothing_given()) is None
    assert read_draft(store, DRAFT) is None and load_entries(store) == []


def test_ctrl_c_before_anything_is_typed_keeps_an_older_draft_as_it_was(store: CaseStore) -> None:
    with pytest.raises(IncidentStopped) as stopped:
        add_asked_incident(store, ScriptedAsker([ctrl_c]), nothing_given())
    assert not stopped.value.kept and read_draft(store, DRAFT) is None
    keep_draft(store, DRAFT, {"what": WHAT, "where": "Main Street"})
    with pytest.raises(IncidentStopped) as stopped:
        add_asked_incident(store, ScriptedAsker([ctrl_c]), nothing_given())
    assert stopped.value.kept and read_draft(store, DRAFT) == {"what": WHAT, "where": "Main Street"}
    with pytest.raises(IncidentStopped):  # a changed text replaces the old one; what was not asked stays
        add_asked_incident(store, ScriptedAsker([WHAT + ", again", ctrl_c]), nothing_given())
    assert read_draft(store, DRAFT) == {"what": WHAT + ", again", "where": "Main Street"}


def test_a_draft_is_sealed_in_a_locked_case(tmp_path: Path) -> None:
    sealed = SealedCodec(os.urandom(32), "test-key")
    with CaseStore.open(tmp_path / "case", codec=sealed) as store:
        with pytest.raises(IncidentStopped):
            add_asked_incident(store, ScriptedAsker([WHAT, ctrl_c]), nothing_given())
        assert read_draft(store, DRAFT) == {"what": WHAT}
    for path in (tmp_path / "case").rglob("*"):
        if path.is_file():
            assert b"Zebracorn" not in path.read_bytes(), path


def test_log_add_stopped_says_calmly_that_nothing_was_added_and_what_is_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    replies: list[Any] = [WHAT, ctrl_c]
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("leavemealone.guide.session.choose_asker", lambda *a, **k: ScriptedAsker(replies))
    with pytest.raises(SystemExit) as done:
        run(["log", "add"])
    assert done.value.code == 130
    shown = capsys.readouterr()
    assert shown.err.startswith("Stopped. Nothing was added to your log.\n")
    assert "What you typed is kept with your case" in shown.err and "leavemealone log add" in shown.err
    assert WHAT not in shown.out + shown.err  # never printed: someone may be looking
    with open_case("default") as store:
        assert read_draft(store, DRAFT) == {"what": WHAT} and load_entries(store) == []
