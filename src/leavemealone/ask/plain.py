"""Numbered prompts that never redraw, for screen readers (``--plain`` or ``ACCESSIBLE=1``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leavemealone.ask.console import DANGER_LINE, ConsoleAsker
from leavemealone.ask.kinds import KINDS, LONG_LIST
from leavemealone.ask.protocol import BACK, Back
from leavemealone.ask.steps import OUTCOME_CHOICES, OUTCOME_PROMPT, STOPPED_PROMPT, offer_prompt
from leavemealone.flow.model import ChecklistItem, Guidance, Offer, Question, Step

if TYPE_CHECKING:
    from rich.console import Console


class PlainAsker(ConsoleAsker):
    """Numbered prompts that never redraw, for screen readers (``--plain`` or ``ACCESSIBLE=1``)."""

    def __init__(self, console: Console, *, read_line: Any = input) -> None:
        super().__init__(console)
        self.read_line = read_line

    def show_step(self, step: Step, number: int, total: int) -> None:
        # No drawn rule: a screen reader would read out every line character.
        self.say("")
        self.say(f"Step {number} of {total}: {step.title}")
        self.say(DANGER_LINE)
        if step.summary:
            self.say(step.summary)

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        # Plain sentences, not drawn Markdown: no frames, no rows padded with spaces to read out.
        from leavemealone.documents.text import to_text

        for paragraph in to_text(guidance.text).strip().split("\n\n"):
            rows = paragraph.splitlines()
            listed = any(row.lstrip().startswith(("- ", "[ ]", "[x]")) for row in rows)
            self.say(paragraph if listed else " ".join(paragraph.split()))
        if facts and facts.startswith("```"):  # laid out already (the emergency numbers)
            self.say(facts.strip("`\n"))
        elif facts:
            self.say(to_text(facts).rstrip())

    def ask(self, question: Question, default: Any) -> Any:
        self.say("")
        self.say(question.prompt)
        if question.help:
            self.say(question.help)
        if question.kind in ("select", "multi"):
            for number, choice in enumerate(question.choices, start=1):
                self.say(f"  {number}. {choice.label}")
            if len(question.choices) > LONG_LIST:  # the question has scrolled away: say it again
                self.say(question.prompt)
        elif question.kind in ("text", "path", "date") and default not in (None, ""):
            self.say(f"Now: {default}")
        while True:
            kind = KINDS[question.kind]
            reply = self._read(kind.instruction(question, default))
            lowered = reply.lower()
            if lowered == "back" or (lowered == "b" and question.kind not in ("text", "path")):
                return BACK
            try:
                return kind.parse(question, reply, default)
            except ValueError as error:
                self.say(str(error))

    def ask_step_outcome(
        self, step: Step, checklist: list[ChecklistItem], *, default: str | None = None
    ) -> str | Back:
        self.show_checklist(checklist)
        self.say(OUTCOME_PROMPT)
        values = [value for value, _ in OUTCOME_CHOICES]
        for number, (_, label) in enumerate(OUTCOME_CHOICES, start=1):
            self.say(f"  {number}. {label}")
        keeps = f" (Enter keeps {values.index(default) + 1})" if default in values else ""
        while True:
            reply = self._read(f"Type a number{keeps}, or 'back': ")
            if reply.lower() in ("back", "b"):
                return BACK
            if not reply and default in values:
                return str(default)
            if reply.isdigit() and 1 <= int(reply) <= len(OUTCOME_CHOICES):
                return values[int(reply) - 1]
            self.say(f"Please type a number from 1 to {len(OUTCOME_CHOICES)}.")

    def ask_stopped(self) -> bool | Back:
        return self._yes_no(STOPPED_PROMPT, default=False, allow_back=True)

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool | Back:
        return self._yes_no(offer_prompt(offer), default=default, allow_back=True)

    def ask_yes_no(self, message: str, *, default: bool) -> bool | Back:
        return self._yes_no(message, default=default, allow_back=True)

    def confirm(self, message: str, *, default: bool) -> bool:
        return bool(self._yes_no(message, default=default, allow_back=False))

    def _yes_no(self, message: str, *, default: bool, allow_back: bool) -> bool | Back:
        enter = "yes" if default else "no"
        suffix = f" Type y or n (Enter for {enter})" + (", or 'back'" if allow_back else "") + ": "
        while True:
            reply = self._read(message + suffix).lower()
            if reply in ("back", "b"):
                if allow_back:
                    return BACK
                self.say("There is nothing to go back to here. Please type y or n.")
                continue
            if not reply:
                return default
            if reply in ("y", "yes", "n", "no"):
                return reply.startswith("y")
            self.say("Please type y or n.")

    def _read(self, prompt: str) -> str:
        """Read one line after ``prompt``, wrapped between words (the terminal would cut a word)."""
        import textwrap

        rows = textwrap.wrap(
            prompt, max(self.console.width - 1, 30), break_long_words=False, break_on_hyphens=False
        )
        for row in rows[:-1]:
            self.say(row)
        self.console.file.flush()
        try:
            return str(self.read_line(rows[-1] + " " if rows else prompt)).strip()
        except EOFError:
            raise KeyboardInterrupt from None
