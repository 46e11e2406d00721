"""End to end: the installed ``leavemealone start`` in a real pseudo-terminal, driven like a person."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.slow

EXECUTABLE = Path(sys.executable).parent / "leavemealone"
DOWN = "\x1b[B"


def spawn(home: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "LEAVEMEALONE_HOME": str(home),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
    }
    return pexpect.spawn(
        str(EXECUTABLE), ["start", *args], env=env, encoding="utf-8", timeout=20, dimensions=(50, 120)
    )


def answer_safety_questions_up_to_relationship(child: pexpect.spawn) -> None:
    child.expect_exact("Step 1 of")
    child.expect_exact("Are you in danger right now?")
    child.send("n")
    # A first run offers a passphrase right after the danger question, before anything is typed.
    child.expect_exact("Lock what you save with a passphrase now?")
    child.send("n")
    child.expect_exact("Are you afraid they might hurt you?")
    child.send("n")
    child.expect_exact("Has any of this happened?")
    child.send("\r")  # none of the danger signs
    child.expect_exact("How do you know this person?")


def test_a_whole_run_to_the_end(private_home: Path) -> None:
    child = spawn(private_home)
    transcript = io.StringIO()
    child.logfile_read = transcript
    answer_safety_questions_up_to_relationship(child)
    child.send(DOWN * 4 + "\r")  # roommate
    child.expect_exact("How do they reach you or bother you?")
    child.send(" " + DOWN + DOWN + " \r")  # in person, text
    child.expect_exact("Do you live with them now?")
    child.send("y")
    child.expect_exact("Does this happen at your work")
    child.send("y")
    child.expect_exact("Does this happen at your school")
    child.send("n")
    child.expect_exact("Which US state do you live in?")
    child.send("\r")
    child.expect_exact("would stop on their own")
    child.send("n")
    child.expect_exact("Your name, for the letters")
    child.send("Zoë Núñez\r")
    child.expect_exact("Their name, for the letters")
    child.send("Sam Roe\r")
    steps_closed = 0
    while True:
        # A prompt's hint is drawn only while it waits for an answer.
        index = child.expect(
            [
                r"What about this step\?[^\r\n]*\(arrows, Enter\)",
                r"How would you like it\?",
                r"\((y/N|Y/n)\)",
                r"Your checklist, at any time: leavemealone checklist",
                r"Lock what you save with a passphrase now\?",
                r"\(Space to tick, Enter when done\)",
            ]
        )
        if index == 0:
            child.send("\r")
            steps_closed += 1
        elif index == 1:
            child.send(DOWN * 3 + "\r")  # the checklist: not now
        elif index == 2:
            child.send("n")  # the person has not stopped; no document or log action now
        elif index == 4:
            raise AssertionError("the passphrase offer belongs right after the danger question")
        elif index == 5:
            child.send("\r")  # a question with boxes to tick: none
        else:
            break
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert steps_closed == 8
    colours = re.findall(r"\x1b\[[0-9;]*(?:3[0-7]|38;[25];[0-9;]+|9[0-7])m", transcript.getvalue())
    assert colours == [], "NO_COLOR=1 was set, yet colour codes were drawn"


def test_ctrl_c_saves_and_a_new_start_resumes_at_the_same_question(private_home: Path) -> None:
    child = spawn(private_home)
    answer_safety_questions_up_to_relationship(child)
    child.sendcontrol("c")
    child.expect_exact("Stopped. Everything you answered is saved.")
    child.expect_exact("leavemealone start")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    resumed = spawn(private_home)
    resumed.expect_exact("Step 1 of")
    seen = resumed.expect_exact(["Are you in danger right now?", "How do you know this person?"])
    assert seen == 1, "the resumed run asked an answered question again"
    resumed.sendcontrol("c")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 130


def test_locking_on_the_first_run_keeps_typed_text_off_the_disk(private_home: Path) -> None:
    child = spawn(private_home)
    child.expect_exact("Are you in danger right now?")
    child.send("n")
    child.expect_exact("Lock what you save with a passphrase now?")
    child.send("y")
    for prompt in ("New passphrase:", "Type it again:"):
        child.expect_exact(prompt)
        child.sendline("correct horse battery")
    child.expect_exact("Are you afraid they might hurt you?")
    child.send("n")
    child.expect_exact("Has any of this happened?")
    child.send("\r")
    child.expect_exact("How do you know this person?")
    child.send("\r")  # an ex-partner
    child.expect_exact("How do they reach you or bother you?")
    child.send("\r")
    for prompt in ("Do you live with them now?", "your work", "your school"):
        child.expect_exact(prompt)
        child.send("n")
    child.expect_exact("Which US state do you live in?")
    child.send("\r")
    child.expect_exact("would stop on their own")
    child.send("n")
    child.expect_exact("Your name, for the letters")
    child.send("Marker Zebracorn\r")
    child.expect_exact("Their name, for the letters")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    files = [path for path in private_home.rglob("*") if path.is_file()]
    assert any(path.name == "key.json" for path in files)
    for path in files:
        assert b"Zebracorn" not in path.read_bytes(), path


def test_in_danger_the_numbers_come_at_once_and_the_walk_ends(private_home: Path) -> None:
    child = spawn(private_home)
    child.expect_exact("Are you in danger right now?")
    child.send("y")  # the only key press: nothing more is asked
    child.expect_exact("Please call 911 now")
    child.expect_exact("National Domestic Violence Hotline")
    child.expect_exact("988")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    after_the_numbers = child.before
    closing = "Nothing else is needed now. When you are safe: leavemealone start"
    assert closing in " ".join(after_the_numbers.split())
    assert "(y/N)" not in after_the_numbers and "(Y/n)" not in after_the_numbers  # nothing was asked
    assert "Lock what you save" not in after_the_numbers


def test_errors_in_a_terminal_have_no_escape_codes_under_no_color(private_home: Path) -> None:
    env = {**os.environ, "LEAVEMEALONE_HOME": str(private_home), "NO_COLOR": "1", "TERM": "xterm-256color"}
    child = pexpect.spawn(
        str(EXECUTABLE), ["status", "--case", "../x"], env=env, encoding="utf-8", timeout=20
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "The case name '../x' is not allowed." in child.before
    assert "\x1b[" not in child.before
