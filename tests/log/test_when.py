"""Incident times as people in the US write them, read one way only, and the forms named when not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from leavemealone.ask.kinds import KINDS
from leavemealone.cli.app import run
from leavemealone.errors import UsageError
from leavemealone.guide.incidents import incident_question
from leavemealone.log import fields
from leavemealone.log.entries import load_entries
from leavemealone.log.importing import import_incidents
from leavemealone.log.model import parse_when
from leavemealone.store.case_store import CaseStore

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()
TODAY = dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("yesterday", YESTERDAY),
        ("Yesterday 10pm", f"{YESTERDAY} 22:00"),
        ("yesterday at 10:30 pm", f"{YESTERDAY} 22:30"),
        ("10:30 p.m. yesterday", f"{YESTERDAY} 22:30"),
        ("today 9am", f"{TODAY} 09:00"),
        ("today, 22:30", f"{TODAY} 22:30"),
        ("11/29/2025", "2025-11-29"),
        ("3/4/2025", "2025-03-04"),  # month first: March 4, never April 3
        ("11/29/2025 10pm", "2025-11-29 22:00"),
        ("11/29/2025 10 PM", "2025-11-29 22:00"),
        ("11/29/2025 12am", "2025-11-29 00:00"),
        ("11/29/2025 12:15pm", "2025-11-29 12:15"),
        ("11/29/2025 22:30", "2025-11-29 22:30"),
        ("2025-11-29 10pm", "2025-11-29 22:00"),
        ("2025-11-29 22:30", "2025-11-29 22:30"),  # the ISO forms read as before
        ("2025-11-29T22:30:00", "2025-11-29 22:30"),
        ("2025-11-29", "2025-11-29"),
    ],
)
def test_us_dates_times_and_words_are_read(typed: str, read: str) -> None:
    assert parse_when(typed) == read


@pytest.mark.parametrize(
    "typed",
    ["29/11/2025", "11/29/25", "Nov 29", "10pm", "13pm", "24:00 yesterday", "2/30/2025", "yesterday today"],
)
def test_nothing_else_is_guessed_and_the_error_shows_the_forms_that_work(typed: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_when(typed, option="The time")
    message = refused.value.message
    assert message.startswith(f"The time {typed!r} is not a date and time I can read")
    assert "month first" in message and "11/29/2026 10:30 pm" in message and "2026-11-29 22:30" in message
    assert "yesterday" in str(refused.value.hint)


def test_a_us_date_in_the_future_is_still_refused() -> None:
    ahead = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(UsageError, match="in the future"):
        parse_when(f"{ahead.month}/{ahead.day}/{ahead.year} 10pm")


def test_log_add_when_and_log_import_read_the_same_forms(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as done:
        run(["log", "add", "--no-input", "--what", "He called", "--when", "yesterday 10pm"])
    assert done.value.code == 0
    rows = "when,what\n11/29/2025 10:30 pm,Waited outside\nyesterday,Texted\n"
    (tmp_path / "log.csv").write_text(rows, encoding="utf-8")
    with CaseStore.open(tmp_path / "case") as store:
        import_incidents(store, tmp_path / "log.csv")
        assert [entry.record["when"] for entry in load_entries(store)] == ["2025-11-29 22:30", YESTERDAY]


def test_the_when_question_says_enter_means_right_now_not_left_empty() -> None:
    question = incident_question(fields.WHEN)
    assert KINDS["text"].hint(question, None) == "Enter for right now"
    assert "(Enter for right now)" in KINDS["text"].instruction(question, None)
    assert "Enter" not in question.prompt and "11/29/2026" in question.prompt
    where = incident_question(fields.WHERE)
    assert KINDS["text"].hint(where, None) == "Enter to leave empty"


def test_the_help_says_dates_are_month_first_and_nothing_else_is_guessed() -> None:
    assert "month/day/year; nothing else is guessed" in fields.WHEN.help


def test_a_date_typed_with_slashes_is_said_back_before_it_is_saved(tmp_path: Path) -> None:
    from leavemealone.guide.incidents import ask_incident
    from tests.scripted import ScriptedAsker

    asker = ScriptedAsker(["He called", "3/4/2025 10:30 pm", None, [], "", None, []])
    answers = ask_incident(asker, {})
    assert answers is not None and answers["when"] == "3/4/2025 10:30 pm"
    said = [event[1] for event in asker.events if event[0] == "say"]
    assert "Read as Tuesday, March 4, 2025, 10:30 pm (month first)." in said
