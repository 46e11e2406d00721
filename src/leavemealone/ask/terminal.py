"""Arrow-key prompts in a terminal, with questionary: the walk's questions, and one-line asks.

Every prompt takes Esc or Ctrl-B as "back", and lets Ctrl-C through as
``KeyboardInterrupt`` (the CLI saves and explains how to resume).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leavemealone.ask.console import ConsoleAsker
from leavemealone.ask.kinds import BACK_HINT, KINDS, yes_no_instruction
from leavemealone.ask.protocol import BACK, Back
from leavemealone.ask.steps import OUTCOME_CHOICES, OUTCOME_PROMPT, STOPPED_PROMPT
from leavemealone.flow.model import ChecklistItem, Offer, Question, Step

if TYPE_CHECKING:
    from questionary import Question as QuestionaryQuestion

_BACK_RESULT = "\x00back"


class QuestionaryAsker(ConsoleAsker):
    """Arrow-key prompts with questionary; Esc or Ctrl-B goes back."""

    def ask(self, question: Question, default: Any) -> Any:
        kind = KINDS[question.kind]
        title = question.prompt if not question.help else f"{question.prompt}\n  {question.help}\n "
        answer = self._run(kind.prompt(question, default, title))
        if answer == _BACK_RESULT:
            return BACK
        return kind.result(question, answer)

    def ask_step_outcome(self, step: Step, checklist: list[ChecklistItem]) -> str | Back:
        import questionary

        self.show_checklist(checklist)
        choices = [questionary.Choice(label, value) for value, label in OUTCOME_CHOICES]
        answer = self._run(questionary.select(OUTCOME_PROMPT, choices=choices, instruction=BACK_HINT))
        return BACK if answer == _BACK_RESULT else str(answer)

    def ask_stopped(self) -> bool | Back:
        import questionary

        prompt = questionary.confirm(STOPPED_PROMPT, default=False, instruction=yes_no_instruction())
        answer = self._run(prompt)
        return BACK if answer == _BACK_RESULT else bool(answer)

    def offer_document(self, offer: Offer) -> bool | Back:
        import questionary

        prompt = f"Make {offer.label[:1].lower()}{offer.label[1:]} now?"
        answer = self._run(questionary.confirm(prompt, default=True, instruction=yes_no_instruction()))
        return BACK if answer == _BACK_RESULT else bool(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        import questionary

        return bool(questionary.confirm(message, default=default).unsafe_ask())

    def _run(self, prompt: QuestionaryQuestion) -> Any:
        _add_back_keys(prompt)
        return prompt.unsafe_ask()


def _add_back_keys(prompt: QuestionaryQuestion) -> None:
    """Give any questionary prompt an Esc / Ctrl-B binding that leaves it with "back"."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("escape", eager=True)
    @bindings.add("c-b", eager=True)
    def _go_back(event: Any) -> None:
        event.app.exit(result=_BACK_RESULT)

    application = prompt.application
    application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), bindings])


def ask_line(prompt: str, *, plain: bool = False, read_line: Any = input) -> str | None:
    """One line of text a command needs (a name for a letter); None when left empty.

    questionary in a terminal, a bare ``input`` line in plain mode. Ctrl-C
    comes through as ``KeyboardInterrupt``, like every other prompt here.
    """
    if plain:
        try:
            reply = str(read_line(f"{prompt}: "))
        except EOFError:
            raise KeyboardInterrupt from None
    else:
        import questionary

        reply = str(questionary.text(f"{prompt}:", instruction="(Ctrl-C: stop)").unsafe_ask() or "")
    return reply.strip() or None
