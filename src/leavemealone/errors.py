"""The one error root: the core raises these, only ``cli.py`` prints them."""

from __future__ import annotations


class LeaveMeAloneError(Exception):
    """A problem the user can act on: one clear sentence, and an optional hint."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(LeaveMeAloneError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2


class FlowError(LeaveMeAloneError):
    """A flow file has problems; ``problems`` lists every one as ``path:line: what``."""

    def __init__(self, problems: list[str], hint: str | None = None) -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"The flow file has {count} {noun}:\n" + "\n".join(problems), hint)
        self.problems = problems


class AnswersError(LeaveMeAloneError):
    """An answers file or a supplied answer is not acceptable."""


class StoreError(LeaveMeAloneError):
    """The case store cannot be read or written; it is never overwritten to recover."""


class NeedsInputError(LeaveMeAloneError):
    """A prompt was needed but there is no way to ask (no terminal, or ``--no-input``)."""


class Interrupted(LeaveMeAloneError):
    """The user pressed Ctrl-C; what they answered is saved (exit code 130)."""

    exit_code = 130
