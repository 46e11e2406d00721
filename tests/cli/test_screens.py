"""What a person sees in an 80x24 terminal: each screen read through a terminal emulator (pyte)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screen import ROWS, Terminal

pytestmark = pytest.mark.slow


def test_help_now_keeps_911_and_the_hotline_on_the_last_screen(private_home: Path) -> None:
    terminal = Terminal(private_home, "help-now")
    assert terminal.finish() == 0
    rows = terminal.rows()
    text = terminal.text()
    assert rows[0] == "If you are in danger right now, call 911."  # nothing scrolled off the top
    assert "Call: 911" in text and "Call: 1-800-799-7233" in text and "Call: 988" in text
    assert "Text: START to 88788" in text
    assert "leavemealone help-now --all" in text
    assert rows[ROWS - 1] == ""  # a row is left for the shell's prompt
