"""A real pseudo-terminal read through a terminal emulator (pyte): the test sees what a person sees.

``Terminal`` runs the installed ``leavemealone`` at 80x24 in a pty, feeds
everything it draws into a pyte screen, and waits for text to appear on
that screen (not merely in the byte stream, which also holds what was
overwritten or scrolled away).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pyte

EXECUTABLE = Path(sys.executable).parent / "leavemealone"
ROWS, COLUMNS = 24, 80
DOWN, UP, ENTER, ESC = "\x1b[B", "\x1b[A", "\r", "\x1b"


class Terminal:
    """One command in an 80x24 pseudo-terminal, and the screen a person would see."""

    def __init__(self, home: Path, *args: str, extra_env: dict[str, str] | None = None) -> None:
        env = {
            **os.environ,
            "LEAVEMEALONE_HOME": str(home),
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "TERM": "xterm-256color",
            "NO_COLOR": "1",
            **(extra_env or {}),
        }
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            str(EXECUTABLE), list(args), env=env, timeout=20, dimensions=(ROWS, COLUMNS)
        )
        self.transcript = b""

    def _pump(self, seconds: float) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            raise
        self.transcript += data
        self.stream.feed(data)

    def rows(self) -> list[str]:
        """The screen, row by row, trailing spaces removed."""
        return [row.rstrip() for row in self.screen.display]

    def text(self) -> str:
        """The screen as one string of rows."""
        return "\n".join(self.rows())

    def flat(self) -> str:
        """The screen's words in one line, so a wrapped sentence can be found whole."""
        return " ".join(self.text().split())

    def wait_for(self, text: str, *, timeout: float = 20.0) -> None:
        """Read until ``text`` is on the screen (words may be wrapped across rows)."""
        wanted = " ".join(text.split())
        deadline = time.monotonic() + timeout
        while wanted not in self.flat():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on the screen:\n{self.text()}")
            try:
                self._pump(0.2)
            except pexpect.EOF:
                if wanted not in self.flat():
                    raise AssertionError(f"ended before {text!r} appeared:\n{self.text()}") from None
                return

    def settle(self, quiet: float = 0.4) -> None:
        """Read until nothing more is drawn for ``quiet`` seconds."""
        before = -1
        while before != len(self.transcript):
            before = len(self.transcript)
            try:
                self._pump(quiet)
            except pexpect.EOF:
                return

    def send(self, keys: str) -> None:
        """Type ``keys``, then wait for the screen to settle."""
        self.child.send(keys)
        self.settle()

    def finish(self) -> int:
        """Read to the end; the exit status."""
        while True:
            try:
                self._pump(1.0)
            except pexpect.EOF:
                break
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)
