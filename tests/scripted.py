"""A scripted Asker: answers from a list, records everything the engine showed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leavemealone.ask.protocol import BACK, Back
from leavemealone.flow.model import ChecklistItem, Guidance, Offer, Question, Step

Reply = Any


class Keep:
    """A reply that takes the default the question was shown with (Enter on a prefilled prompt)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


class ScriptedAsker:
    """Replies are consumed in order by questions and step outcomes alike.

    A callable reply gets the question and returns the answer; ``KEEP`` takes
    the default it was shown with; when replies run out, outcomes default to
    ``outcome``.

    ``events`` records ("step", title, number, total), ("guidance", text, facts),
    ("ask", id, default), ("outcome", step id, [checklist ids]), ("stopped",), ("say", text).
    """

    def __init__(
        self,
        replies: list[Reply],
        *,
        answers: dict[str, Any] | None = None,
        outcome: str = "done",
        stopped: bool = False,
    ) -> None:
        self.replies = list(replies)
        self.answers = dict(answers or {})
        self.outcome = outcome
        self.stopped = stopped
        self.events: list[tuple[Any, ...]] = []
        self.outcome_defaults: list[str | None] = []  # the default each outcome question was given
        self.offer_defaults: list[tuple[str, bool]] = []  # and each document offer's

    def show_step(self, step: Step, number: int, total: int) -> None:
        self.events.append(("step", step.id, number, total))

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        self.events.append(("guidance", guidance.text, facts))

    def ask(self, question: Question, default: Any) -> Any:
        self.events.append(("ask", question.id, default))
        if question.id in self.answers:
            return self.answers[question.id]
        if not self.replies:
            raise AssertionError(f"no scripted reply left for {question.id!r}")
        reply = self.replies.pop(0)
        if reply is KEEP:
            return default
        return reply(question) if isinstance(reply, Callable) else reply  # type: ignore[arg-type]

    def ask_step_outcome(
        self, step: Step, checklist: list[ChecklistItem], *, default: str | None = None
    ) -> str | Back:
        self.events.append(("outcome", step.id, [item.id for item in checklist]))
        self.outcome_defaults.append(default)
        if not self.replies:
            return self.outcome
        reply = self.replies.pop(0)
        if reply is KEEP:
            return default or "done"
        assert reply is BACK or reply in ("done", "later", "skipped", "not_needed"), reply
        return reply

    def ask_stopped(self) -> bool | Back:
        self.events.append(("stopped",))
        return self.stopped

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool | Back:
        self.events.append(("document", offer.name))
        self.offer_defaults.append((offer.name, default))
        return False

    def ask_yes_no(self, message: str, *, default: bool) -> bool | Back:
        self.events.append(("yes_no", message))
        if self.replies and (isinstance(self.replies[0], bool) or self.replies[0] is BACK):
            reply = self.replies.pop(0)
            return reply if reply is BACK else bool(reply)
        return default

    def confirm(self, message: str, *, default: bool) -> bool:
        self.events.append(("confirm", message))
        if self.replies and isinstance(self.replies[0], bool):
            return bool(self.replies.pop(0))
        return default

    def say(self, message: str) -> None:
        self.events.append(("say", message))

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        return [event for event in self.events if event[0] == kind]
