"""Asking for an incident's details in a terminal, one short question at a time.

questionary is imported only here, and only when a question is asked.
Ctrl-C comes through as KeyboardInterrupt before anything is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leavemealone.errors import LeaveMeAloneError, UsageError
from leavemealone.incidents_model import CHANNEL_LABELS, CHANNELS, check_channels, parse_when

SKIP = "(Enter to skip · Ctrl-C: stop without saving)"


def _valid_when(text: str) -> bool | str:
    if not text.strip():
        return True
    try:
        parse_when(text)
    except LeaveMeAloneError as error:
        return error.message.replace("--when ", "")
    return True


def _valid_file(text: str) -> bool | str:
    if not text.strip() or Path(text.strip()).expanduser().is_file():
        return True
    return "There is no such file. Check the path, or press Enter to skip."


def ask_incident(given: dict[str, Any]) -> dict[str, Any]:
    """Ask for each field of an incident that ``given`` lacks; return all of them.

    Keys: when, what, where, channels, witnesses, police_report, officer,
    evidence (a list of paths). Nothing is saved here.
    """
    import questionary

    answers = dict(given)
    if answers.get("when") is not None:  # what was given is checked before anything is asked
        parse_when(answers["when"])
    check_channels(answers.get("channels") or [])
    for path in answers.get("evidence") or []:
        if not Path(path).expanduser().is_file():
            raise UsageError(f"--evidence {path}: there is no such file.", hint="Check the path.")
    if answers.get("when") is None:
        # Not prefilled: typed text would be added to the prefilled time, not replace it.
        typed = questionary.text(
            "When did it happen? (YYYY-MM-DD HH:MM, or a day YYYY-MM-DD)",
            validate=_valid_when,
            instruction="(Enter for right now)",
        ).unsafe_ask()
        answers["when"] = str(typed).strip() or None
    if not answers.get("what"):
        answers["what"] = questionary.text(
            "What happened? In your own words: what they did or said.",
            validate=lambda text: bool(text.strip()) or "Please write a few words about what happened.",
            instruction="(Ctrl-C: stop without saving)",
        ).unsafe_ask()
    if answers.get("where") is None:
        answers["where"] = questionary.text("Where did it happen?", instruction=SKIP).unsafe_ask()
    if not answers.get("channels"):
        choices = [questionary.Choice(CHANNEL_LABELS[channel], channel) for channel in CHANNELS]
        chosen = questionary.checkbox(
            "How did it reach you?", choices=choices, instruction="(Space to tick, Enter when done)"
        ).unsafe_ask()
        answers["channels"] = list(chosen or [])
    if not answers.get("witnesses"):
        names = questionary.text(
            "Did anyone see or hear it? Names and how to reach them, separated by ';'", instruction=SKIP
        ).unsafe_ask()
        answers["witnesses"] = [name for name in str(names or "").split(";") if name.strip()]
    if answers.get("police_report") is None:
        answers["police_report"] = questionary.text(
            "Police report number, if there is one", instruction=SKIP
        ).unsafe_ask()
    if answers.get("police_report") and answers.get("officer") is None:
        answers["officer"] = questionary.text(
            "Officer's name and badge number", instruction=SKIP
        ).unsafe_ask()
    if not answers.get("evidence"):
        answers["evidence"] = _ask_files(questionary)
    return answers


def _ask_files(questionary: Any) -> list[Path]:
    files: list[Path] = []
    while True:
        prompt = "A file to keep with it (screenshot, photo, recording)" if not files else "Another file"
        text = questionary.path(f"{prompt} {SKIP}", validate=_valid_file).unsafe_ask()
        if not str(text or "").strip():
            return files
        files.append(Path(str(text).strip()).expanduser())
