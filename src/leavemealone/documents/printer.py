"""Sending a saved PDF to the printer through the system's own print command (CUPS ``lp``, or ``lpr``).

Nothing here talks to a printer directly: the print system does, and it may
not exist. Every failure is one plain sentence the caller can show.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PRINT_COMMANDS = ("lp", "lpr")
PRINT_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class PrintOutcome:
    """What happened: ``printed`` with the command used, or ``problem`` in one sentence."""

    printed: bool
    command: str | None = None
    problem: str | None = None


def find_print_command() -> str | None:
    """The full path of ``lp`` or ``lpr``, whichever is found first on PATH."""
    for name in PRINT_COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


def send_to_printer(path: Path) -> PrintOutcome:
    """Hand ``path`` (a PDF) to the default printer; never raises for a missing or failing printer."""
    command = find_print_command()
    if command is None:
        return PrintOutcome(
            False, problem="Nothing was printed, because this computer has no print system (lp or lpr)."
        )
    name = Path(command).name
    try:
        finished = subprocess.run(
            [command, str(path)],
            capture_output=True,
            text=True,
            timeout=PRINT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PrintOutcome(False, name, f"Nothing was printed; '{name}' did not answer within a minute.")
    except OSError as error:
        why = error.strerror or error
        return PrintOutcome(False, name, f"Nothing was printed; '{name}' could not be started ({why}).")
    if finished.returncode != 0:
        said = _first_line(finished.stderr) or _first_line(finished.stdout)
        if said:
            return PrintOutcome(False, name, f"Nothing was printed; the print system ('{name}') said: {said}")
        failed = f"failed (code {finished.returncode})."
        return PrintOutcome(False, name, f"Nothing was printed; the print system ('{name}') {failed}")
    return PrintOutcome(True, name)


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0] if lines else ""
