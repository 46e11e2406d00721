"""Nothing scrolls away unread: the walk's text, its pager and its questions on an 80x24 screen.

The terminal asker draws on a rich console and questionary on a VT100
output; both write to one buffer, which a terminal emulator (pyte) reads,
so a test sees the screen a person would at the prompt where it stops.
Faster than a pseudo-terminal, and the keys are fed in-process.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyte
import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from leavemealone.ask.console import make_console
from leavemealone.ask.terminal import PAUSE_LINE, QuestionaryAsker
from leavemealone.flow.model import Flow
from leavemealone.flow.reader import load_flow
from leavemealone.guide.session import facts_for
from leavemealone.guide.walk import Walk
from leavemealone.paths import default_flow_path
from leavemealone.store.case_store import CaseStore

ROWS, COLUMNS = 24, 80
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"
HIGH_RISK: dict[str, Any] = {
    "in_danger": False, "feels_threatened": False, "danger_signs": ["strangled", "weapon"], "tech_signs": [],
    "relationship": "acquaintance", "contact_channels": ["social_media"], "at_work": False,
    "at_school": False, "state": "WA", "might_stop_alone": False, "your_name": "Sam Lee", "their_name": None,
}  # fmt: skip


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(default_flow_path())


def screen_at_ctrl_c(flow: Flow, store: CaseStore, keys: str) -> list[str]:
    """Walk with ``keys`` (ending in Ctrl-C) at 80x24; the screen's rows when Ctrl-C stopped it."""
    drawn = io.StringIO()
    console = make_console(file=drawn)
    console.width, console.height = COLUMNS, ROWS
    output = Vt100_Output(drawn, lambda: Size(rows=ROWS, columns=COLUMNS), term="xterm", enable_cpr=False)
    asker = QuestionaryAsker(console)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=output), pytest.raises(KeyboardInterrupt):
            Walk(flow, store, asker, facts=facts_for).run()
    screen = pyte.Screen(COLUMNS, ROWS)
    screen.set_mode(pyte.modes.LNM)  # a terminal's "\n" starts a new row, as a tty's ONLCR makes it
    pyte.Stream(screen).feed(drawn.getvalue())
    return [row.rstrip() for row in screen.display]


def flat(rows: list[str]) -> str:
    return " ".join(" ".join(rows).split())


def not_afraid(store: CaseStore) -> CaseStore:
    for key in ("in_danger", "feels_threatened"):
        store.set_answer(key, False)
    return store


def test_the_danger_signs_message_and_its_hotlines_stay_until_read(flow: Flow, tmp_path: Path) -> None:
    tick_strangled_and_gun = " " + DOWN * 2 + " " + ENTER
    store = not_afraid(CaseStore.open(tmp_path / "case"))
    rows = screen_at_ctrl_c(flow, store, tick_strangled_and_gun + CTRL_C)
    text = flat(rows)
    # Stopped at a pause, with the message, the hotline and the last line drawn all on the screen.
    assert "Thank you for telling us. What you ticked are signs" in text
    assert "National Domestic Violence Hotline: call 1-800-799-7233" in text
    assert "If you ever feel in danger, call 911 right away." in text
    assert "Read on?" in [row for row in rows if row][-1]
    # Read on: the rest, then the question (questionary clears its choices at Ctrl-C).
    keys = tick_strangled_and_gun + ENTER + CTRL_C
    rows = screen_at_ctrl_c(flow, not_afraid(CaseStore.open(tmp_path / "again")), keys)
    assert "We will go one step at a time, starting with what keeps you safest." in flat(rows)
    assert "? How do you know this person?" in rows


def test_a_steps_checklist_stays_on_the_screen_with_the_question(flow: Flow, tmp_path: Path) -> None:
    store = CaseStore.open(tmp_path / "case")
    for key, value in HIGH_RISK.items():
        store.set_answer(key, value)
    for step in ("safety_check", "support", "tech_safety", "police", "restraining_order"):
        store.set_step(step, "done", problem_stopped=False)
    rows = screen_at_ctrl_c(flow, store, CTRL_C)
    # The step's heading is still on the screen, with its whole checklist, and a pause under it.
    assert any(row.startswith("Step 6 of 7: Cut off contact") for row in rows)
    assert "[ ] Ask friends you share not to pass on news about you." in flat(rows)
    assert [row for row in rows if row][-1].strip() == PAUSE_LINE
    rows = screen_at_ctrl_c(flow, store, ENTER + CTRL_C)
    assert "For your checklist:" in rows
    assert "[ ] Ask friends you share not to pass on news about you." in flat(rows)
    assert "? What about this step? (arrows, Enter)" in rows
