"""What a person sees in an 80x24 terminal: each screen read through a terminal emulator (pyte)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pexpect
import pytest

from leavemealone.flow.reader import load_flow
from leavemealone.paths import default_flow_path
from leavemealone.store.cases import open_case
from tests.screen import DOWN, ENTER, EXECUTABLE, ROWS, Terminal

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("words", "last_row"),
    [
        (("help-now",), "Chat, websites and more about every line: leavemealone help-now --all"),
        (("help-now", "please"), "Not understood, so left out: please."),
        (("help", "now"), "Every command, and what it does: leavemealone --help"),
    ],
)
def test_help_now_keeps_911_and_the_hotline_on_the_last_screen(
    private_home: Path, words: tuple[str, ...], last_row: str
) -> None:
    terminal = Terminal(private_home, *words)
    assert terminal.finish() == 0
    rows = terminal.rows()
    text = terminal.text()
    assert rows[0] == "If you are in danger right now, call 911."  # nothing scrolled off the top
    assert "Call: 911" in text and "Call: 1-800-799-7233" in text and "Call: 988" in text
    assert "Text: START to 88788" in text
    assert "leavemealone help-now --all" in text
    assert [row for row in rows if row][-1].startswith(last_row)
    assert rows[ROWS - 1] == ""  # a row is left for the shell's prompt


def test_the_first_screen_of_start_shows_the_step_911_and_the_whole_question(private_home: Path) -> None:
    terminal = Terminal(private_home, "start")
    terminal.wait_for("(y/N)")
    rows = terminal.rows()
    assert rows[1].startswith("Step 1 of 8: Are you safe right now?")
    assert "In danger? Call 911. All the numbers: leavemealone help-now" in rows
    # The help under the question is wrapped between words, not cut at the edge or inside a word.
    assert "or have just hurt or threatened you." in terminal.flat()
    terminal.child.sendcontrol("c")
    assert terminal.finish() == 130


def test_in_danger_every_number_stays_on_the_screen_to_the_last_line(private_home: Path) -> None:
    terminal = Terminal(private_home, "start")
    terminal.wait_for("(y/N)")
    terminal.send("y")
    assert terminal.finish() == 0
    rows = terminal.rows()
    text = terminal.text()
    assert rows[1].startswith("Step 1 of 8")  # nothing scrolled off the top
    assert "Please call 911 now" in text and "Call: 911" in text
    assert "Call: 1-800-799-7233" in text and "Text: START to 88788" in text and "Call: 988" in text
    assert "Nothing else is needed now. When you are safe: leavemealone start" in text
    assert "Read on?" not in text and "(y/N)" not in text.split("Yes", 1)[1]


def _walked_up_to(step_id: str | None, extra: dict[str, Any] | None = None) -> None:
    """A case with every answer given and every step before ``step_id`` done (None: all of them)."""
    answers: dict[str, Any] = {
        "in_danger": False, "feels_threatened": False, "danger_signs": [], "tech_signs": [],
        "relationship": "roommate", "contact_channels": ["text"], "at_work": False, "at_school": False,
        "state": "CA", "might_stop_alone": False, "your_name": "Alex Doe", "their_name": "Sam Roe",
        "conduct": ["repeated_harassment"], "lived_together": True, "lives_with_them": True, **(extra or {}),
    }  # fmt: skip
    flow = load_flow(default_flow_path())
    with open_case("default") as store:
        for key, value in answers.items():
            store.set_answer(key, value)
        for step in flow.orders[-1].steps:
            if step == step_id:
                break
            store.set_step(step, "done", problem_stopped=False)


def test_a_long_step_is_shown_a_screen_at_a_time_and_the_question_stays_in_view(private_home: Path) -> None:
    _walked_up_to("restraining_order")
    terminal = Terminal(private_home, "start")
    terminal.wait_for("more lines. Read on?")
    rows = terminal.rows()
    # The first page starts at the step's heading: nothing of it scrolled away unread.
    assert rows[1].startswith("Step 7 of 7: Ask a court for a protective order")
    assert "more lines. Read on? (Y/n)" in [row for row in rows if row][-1]
    # The words that lead into the orders, and the orders' heading, on the same page.
    assert "Here is what we know for your state and situation" in terminal.flat()
    assert "Protective orders: California, a roommate" in rows
    terminal.send("y")
    terminal.wait_for("Civil Harassment Restraining Order")
    terminal.send("n")  # skip the rest of the orders: the step's next question comes at once
    terminal.wait_for("Add what has happened to your incident log now? (y/N)")
    assert "(The rest of this part is skipped.)" in terminal.text()
    terminal.child.sendcontrol("c")
    assert terminal.finish() == 130


def test_the_end_of_the_walk_says_what_was_saved_where_and_what_comes_next(
    private_home: Path, tmp_path: Path
) -> None:
    _walked_up_to(None)
    folder = tmp_path / "a-folder-with-a-rather-long-name-for-the-letters" / "and-another-one-inside"
    folder.mkdir(parents=True)
    with open_case("default") as store:
        store.record_document("notice", "0" * 64, folder / "notice-2024-05-02.pdf")
    terminal = Terminal(private_home, "start")
    terminal.wait_for("How would you like it?")
    terminal.send(DOWN * 3 + ENTER)  # the checklist: not now
    assert terminal.finish() == 0
    rows = [row for row in terminal.rows() if row]
    flat = terminal.flat()
    assert "You have been through every step." in rows
    # The whole path, never cut, and never split by an inserted space (the terminal wraps it).
    assert any(row.startswith("No-contact notice:") for row in rows)
    assert f"notice:{folder / 'notice-2024-05-02.pdf'}" in "".join(flat.split())
    assert "Next: Once your notice has reached them, record the day:" in flat
    # The command to type is on one row, never split at the edge between its words.
    assert any(row.strip() == "leavemealone notice --delivered-on DATE --via HOW" for row in rows), rows
    assert rows[-2:] == [
        "Your checklist, at any time: leavemealone checklist",
        "In danger? Call 911. All the numbers: leavemealone help-now",
    ]


def test_plain_mode_goes_back_to_a_text_question_and_enter_keeps_its_answer(private_home: Path) -> None:
    env = {**os.environ, "LEAVEMEALONE_HOME": str(private_home), "NO_COLOR": "1"}
    child = pexpect.spawn(
        str(EXECUTABLE), ["start", "--plain"], env=env, encoding="utf-8", timeout=20, dimensions=(24, 80)
    )
    replies = [
        ("Are you in danger right now?", "n"),
        ("Lock what you save with a passphrase now?", "n"),
        ("Are you afraid they might hurt you?", "n"),
        ("Has any of this happened?", ""),
        ("How do you know this person?", "5"),
        ("How do they reach you or bother you?", "3"),
        ("Do you live with them now?", "y"),
        ("Does this happen at your work", "n"),
        ("Does this happen at your school", "n"),
        ("Which US state do you live in?", "other"),
        ("would stop on their own", "n"),
        ("Your name, for the letters", "Alex Doe"),
        ("Their name, for the letters", "back"),
    ]
    for question, reply in replies:
        child.expect_exact(question)
        child.expect_exact(": ")
        child.sendline(reply)
    child.expect_exact("Your name, for the letters")
    child.expect_exact("Now: Alex Doe")
    child.expect_exact("Type a new answer (Enter keeps it, - leaves it empty), or 'back': ")
    child.sendline("")
    child.expect_exact("Their name, for the letters")
    child.expect_exact("or 'back': ")
    child.sendline("Sam Roe")
    child.expect_exact("What about this step?")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    with open_case("default") as store:
        answers = store.answers()
    assert (answers["your_name"], answers["their_name"], answers["state"]) == ("Alex Doe", "Sam Roe", "other")


def test_ctrl_c_in_log_add_adds_nothing_and_the_next_log_add_offers_what_was_typed(
    private_home: Path,
) -> None:
    terminal = Terminal(private_home, "log", "add")
    terminal.wait_for("What happened?")
    terminal.send("He called me at work" + ENTER)
    terminal.wait_for("Enter for right now")
    terminal.child.sendcontrol("c")
    assert terminal.finish() == 130
    assert "Stopped. Nothing was added to your log." in terminal.rows()
    assert "leavemealone log add offers it again." in terminal.flat()
    again = Terminal(private_home, "log", "add")
    again.wait_for("Kept from when you stopped last time")
    assert "He called me at work" in again.text()
    again.child.sendcontrol("c")
    assert again.finish() == 130
