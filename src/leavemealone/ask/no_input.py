"""No one to ask: defaults are taken, guidance is simply printed, and a missing answer is an error."""

from __future__ import annotations

from typing import Any

from leavemealone.ask.console import ConsoleAsker
from leavemealone.errors import NeedsInputError
from leavemealone.flow.answers import default_answer, normalise_answer
from leavemealone.flow.model import ChecklistItem, Offer, Question, Step


class NoInputAsker(ConsoleAsker):
    """``--no-input``: nothing is asked; defaults are taken and guidance is simply printed."""

    def ask(self, question: Question, default: Any) -> Any:
        if default is not None:  # what the walk prefilled (an earlier answer), else the flow's default
            return normalise_answer(question, default)
        if question.default is not None:
            return default_answer(question)
        if not question.required:
            return None
        raise NeedsInputError(
            f"No answer for '{question.id}', and nothing can be asked in this run.",
            hint=f"Add '{question.id}: ...' to the answers file (see: leavemealone flows show).",
        )

    def ask_step_outcome(
        self, step: Step, checklist: list[ChecklistItem], *, default: str | None = None
    ) -> str:
        self.show_checklist(checklist)
        return "later"

    def ask_stopped(self) -> bool:
        return False

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool:
        return False

    def ask_yes_no(self, message: str, *, default: bool) -> bool:
        return default

    def confirm(self, message: str, *, default: bool) -> bool:
        return default
