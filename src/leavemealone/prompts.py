"""How questions reach the user: questionary in a terminal, numbered plain prompts, or no one.

The only module that imports questionary. Every asker returns ``BACK`` when
the user wants the previous question, and lets Ctrl-C through as
``KeyboardInterrupt`` (the CLI saves and explains how to resume).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TextIO

from leavemealone.answers import default_answer, normalise_answer
from leavemealone.engine import BACK, Back
from leavemealone.errors import NeedsInputError
from leavemealone.flow import ChecklistItem, Guidance, Offer, Question, Step

if TYPE_CHECKING:
    from questionary import Question as QuestionaryQuestion
    from rich.console import Console

BACK_HINT = "Esc or Ctrl-B: back · Ctrl-C: save and stop"
# Under every step heading, so the number never scrolls out of reach for long.
DANGER_LINE = "In danger? Call 911. All the numbers: leavemealone help-now"
STOPPED_PROMPT = "Has the person stopped contacting or bothering you?"
OUTCOME_PROMPT = "What about this step?"
_BACK_RESULT = "\x00back"
LONG_LIST = 12


def make_console(*, file: TextIO | None = None, plain: bool = False) -> Console:
    """A console that honours NO_COLOR and, in plain mode, never redraws or styles."""
    from rich.console import Console

    if plain:
        return Console(file=file, no_color=True, highlight=False, emoji=False, force_terminal=False)
    return Console(file=file, highlight=False, emoji=False)


class _ConsoleAsker:
    """What the terminal askers share: headers, guidance and checklists printed with rich."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def show_step(self, step: Step, number: int, total: int) -> None:
        self.console.print()
        self.console.rule(f"Step {number} of {total}: {step.title}", style="bold", align="left")
        self.console.print(DANGER_LINE, style="bold", markup=False)
        if step.summary:
            self.console.print(step.summary, style="italic")

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        from rich.markdown import Markdown

        self.console.print(Markdown(guidance.text))
        if facts:
            self.console.print(Markdown(facts))

    def show_checklist(self, checklist: list[ChecklistItem]) -> None:
        if checklist:
            self.console.print("\nFor your checklist:", style="bold")
            for item in checklist:
                self.console.print(f"  [ ] {item.text}", markup=False)

    def say(self, message: str) -> None:
        self.console.print(message, markup=False)


class QuestionaryAsker(_ConsoleAsker):
    """Arrow-key prompts with questionary; Esc or Ctrl-B goes back."""

    def ask(self, question: Question, default: Any) -> Any:
        answer = self._run(_questionary_prompt(question, default))
        if answer == _BACK_RESULT:
            return BACK
        if question.kind == "text" and not str(answer).strip():
            return None
        if question.kind == "date":
            return normalise_answer(question, answer)
        return answer

    def ask_step_outcome(self, step: Step, checklist: list[ChecklistItem]) -> str | Back:
        import questionary

        self.show_checklist(checklist)
        choices = [questionary.Choice(label, value) for value, label in _OUTCOME_CHOICES]
        answer = self._run(questionary.select(OUTCOME_PROMPT, choices=choices, instruction=BACK_HINT))
        return BACK if answer == _BACK_RESULT else str(answer)

    def ask_stopped(self) -> bool | Back:
        import questionary

        answer = self._run(questionary.confirm(STOPPED_PROMPT, default=False, instruction=_yes_no()))
        return BACK if answer == _BACK_RESULT else bool(answer)

    def offer_document(self, offer: Offer) -> bool | Back:
        import questionary

        prompt = f"Make {offer.label[:1].lower()}{offer.label[1:]} now?"
        answer = self._run(questionary.confirm(prompt, default=True, instruction=_yes_no()))
        return BACK if answer == _BACK_RESULT else bool(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        import questionary

        return bool(questionary.confirm(message, default=default).unsafe_ask())

    def _run(self, prompt: QuestionaryQuestion) -> Any:
        _add_back_keys(prompt)
        return prompt.unsafe_ask()


_OUTCOME_CHOICES = (
    ("done", "I did this"),
    ("later", "I'll do it later"),
    ("not_needed", "I don't need this step"),
    ("skipped", "Skip it"),
)


def _yes_no() -> str:
    return f"(y/n · {BACK_HINT})"


def _questionary_prompt(question: Question, default: Any) -> QuestionaryQuestion:
    import questionary

    title = question.prompt if not question.help else f"{question.prompt}\n  {question.help}\n "
    if question.kind == "confirm":
        return questionary.confirm(title, default=bool(default), instruction=_yes_no())
    if question.kind == "select":
        choices = [questionary.Choice(choice.label, choice.value) for choice in question.choices]
        searchable = len(choices) > LONG_LIST
        return questionary.select(
            title,
            choices=choices,
            default=default if default in question.choice_values() else None,
            use_search_filter=searchable,
            use_jk_keys=not searchable,
            instruction=f"({'type to search, ' if searchable else ''}arrows, Enter · {BACK_HINT})",
        )
    if question.kind == "multi":
        chosen = default if isinstance(default, list) else []
        choices = [
            questionary.Choice(choice.label, choice.value, checked=choice.value in chosen)
            for choice in question.choices
        ]
        return questionary.checkbox(
            title, choices=choices, instruction=f"(Space to tick, Enter when done · {BACK_HINT})"
        )
    if question.kind == "date":
        shown = _date_default(default)
        return questionary.text(
            f"{title} (YYYY-MM-DD or 'today')", default=shown, validate=_date_validator(question)
        )
    return questionary.text(
        f"{title}" + ("" if question.required else " (Enter to leave empty)"),
        default=str(default or ""),
        instruction=f"({BACK_HINT})",
        validate=lambda text: bool(text.strip()) or not question.required or "This one needs an answer.",
    )


def _date_default(default: Any) -> str:
    if default == "today":
        return dt.date.today().isoformat()
    return str(default or "")


def _date_validator(question: Question) -> Any:
    def validate(text: str) -> bool | str:
        if not text.strip() and not question.required:
            return True
        try:
            normalise_answer(question, text)
        except ValueError:
            return "Please type a date like 2024-05-31, or 'today'."
        return True

    return validate


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


class PlainAsker(_ConsoleAsker):
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

    def ask(self, question: Question, default: Any) -> Any:
        self.say("")
        self.say(question.prompt)
        if question.help:
            self.say(question.help)
        if question.kind in ("select", "multi"):
            for number, choice in enumerate(question.choices, start=1):
                self.say(f"  {number}. {choice.label}")
        while True:
            reply = self._read(_plain_instruction(question, default))
            lowered = reply.lower()
            if lowered == "back" or (lowered == "b" and question.kind != "text"):
                return BACK
            try:
                return _plain_answer(question, reply, default)
            except ValueError as error:
                self.say(str(error))

    def ask_step_outcome(self, step: Step, checklist: list[ChecklistItem]) -> str | Back:
        self.show_checklist(checklist)
        self.say(OUTCOME_PROMPT)
        for number, (_, label) in enumerate(_OUTCOME_CHOICES, start=1):
            self.say(f"  {number}. {label}")
        while True:
            reply = self._read("Type a number, or 'back': ")
            if reply.lower() in ("back", "b"):
                return BACK
            if reply.isdigit() and 1 <= int(reply) <= len(_OUTCOME_CHOICES):
                return _OUTCOME_CHOICES[int(reply) - 1][0]
            self.say(f"Please type a number from 1 to {len(_OUTCOME_CHOICES)}.")

    def ask_stopped(self) -> bool | Back:
        return self._yes_no(STOPPED_PROMPT, default=False, allow_back=True)

    def offer_document(self, offer: Offer) -> bool | Back:
        label = offer.label[:1].lower() + offer.label[1:]
        return self._yes_no(f"Make {label} now?", default=True, allow_back=True)

    def confirm(self, message: str, *, default: bool) -> bool:
        return bool(self._yes_no(message, default=default, allow_back=False))

    def _yes_no(self, message: str, *, default: bool, allow_back: bool) -> bool | Back:
        suffix = " Type y or n" + (", or 'back'" if allow_back else "") + ": "
        while True:
            reply = self._read(message + suffix).lower()
            if allow_back and reply in ("back", "b"):
                return BACK
            if not reply:
                return default
            if reply in ("y", "yes", "n", "no"):
                return reply.startswith("y")
            self.say("Please type y or n.")

    def _read(self, prompt: str) -> str:
        self.console.file.flush()
        try:
            return str(self.read_line(prompt)).strip()
        except EOFError:
            raise KeyboardInterrupt from None


def _plain_instruction(question: Question, default: Any) -> str:
    if question.kind == "confirm":
        return f"Type y or n (Enter for {'yes' if default else 'no'}), or 'back': "
    if question.kind == "select":
        return "Type a number, or 'back': "
    if question.kind == "multi":
        chosen = default or []
        kept = [str(i) for i, choice in enumerate(question.choices, start=1) if choice.value in chosen]
        enter = f"Enter keeps {', '.join(kept)}" if kept else "Enter for none"
        return f"Type the numbers, separated by commas ({enter}), or 'back': "
    if question.kind == "date":
        return "Type a date like 2024-05-31 or 'today', or 'back': "
    return "Type your answer" + ("" if question.required else " (Enter to leave empty)") + ", or 'back': "


def _plain_answer(question: Question, reply: str, default: Any) -> Any:
    if question.kind == "confirm":
        if not reply:
            return bool(default)
        if reply.lower() in ("y", "yes", "n", "no"):
            return reply.lower().startswith("y")
        raise ValueError("Please type y or n.")
    if question.kind == "select":
        if not reply and default in question.choice_values():
            return default
        for choice in question.choices:  # "TX" or "Texas" works as well as its number
            if reply.lower() in (choice.value.lower(), choice.label.lower()):
                return choice.value
        return question.choices[_choice_number(reply, len(question.choices))].value
    if question.kind == "multi":
        if not reply:
            return list(default or [])
        numbers = [part for part in reply.replace(" ", ",").split(",") if part]
        indexes = {_choice_number(part, len(question.choices)) for part in numbers}
        return [choice.value for index, choice in enumerate(question.choices) if index in indexes]
    if not reply:
        if question.required:
            raise ValueError("This one needs an answer.")
        return None
    return normalise_answer(question, reply)


def _choice_number(reply: str, count: int) -> int:
    if reply.isdigit() and 1 <= int(reply) <= count:
        return int(reply) - 1
    raise ValueError(f"Please type a number from 1 to {count}.")


class NoInputAsker(_ConsoleAsker):
    """``--no-input``: nothing is asked; defaults are taken and guidance is simply printed."""

    def ask(self, question: Question, default: Any) -> Any:
        if question.default is not None:
            return default_answer(question)
        if not question.required:
            return None
        raise NeedsInputError(
            f"No answer for '{question.id}', and --no-input means nothing can be asked.",
            hint=f"Add '{question.id}: ...' to the answers file (see: leavemealone flows show).",
        )

    def ask_step_outcome(self, step: Step, checklist: list[ChecklistItem]) -> str:
        self.show_checklist(checklist)
        return "later"

    def ask_stopped(self) -> bool:
        return False

    def offer_document(self, offer: Offer) -> bool:
        return False

    def confirm(self, message: str, *, default: bool) -> bool:
        return default


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
