"""The Asker protocol: how the guide talks to the user, and ``BACK`` for "the previous question".

A terminal, a screen reader, an answers file and a test script all implement
it, so the guide asks the same questions whichever is in front of the user.
"""

from __future__ import annotations

from typing import Any, Protocol

from leavemealone.flow.model import ChecklistItem, Guidance, Offer, Question, Step


class Back:
    """The user asked to go back to the previous question."""

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()


class Asker(Protocol):
    """How the guide talks to the user: a terminal, a screen reader, or no one at all."""

    def show_step(self, step: Step, number: int, total: int) -> None:
        """Announce a step ("Step 3 of 7: ...")."""

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        """Show guidance text, then ``facts`` (Markdown) when the guidance asks for some."""

    def ask(self, question: Question, default: Any) -> Any:
        """Ask one question; return the answer, or ``BACK``."""

    def ask_step_outcome(
        self, step: Step, checklist: list[ChecklistItem], *, default: str | None = None
    ) -> str | Back:
        """Show the step's to-do items and ask what the user did (a ``STATUS_LABELS`` key).

        ``default``: the outcome chosen before the user went back, picked when they press Enter.
        """

    def ask_stopped(self) -> bool | Back:
        """Ask whether the person has stopped bothering the user."""

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool | Back:
        """Ask whether to make a document now."""

    def ask_yes_no(self, message: str, *, default: bool) -> bool | Back:
        """A yes/no question of the guide's own inside a step (an action it offers); may go back."""

    def confirm(self, message: str, *, default: bool) -> bool:
        """A yes/no question of the guide's own with nothing to go back to (revisit steps, started again)."""

    def say(self, message: str) -> None:
        """Tell the user something short."""
