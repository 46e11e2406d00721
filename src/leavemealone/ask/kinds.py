"""Question kinds by table: how each kind is asked in a terminal and in plain mode.

Each entry pairs a terminal prompt (questionary), the plain-mode instruction
line, and the plain-mode reader, with the kind's normaliser in
``flow.answers`` (which also checks answers files). A new kind is one
function per column and one entry in ``KINDS``; a test checks this table
and ``flow.answers.NORMALISERS`` name the same kinds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leavemealone.flow.answers import normalise_answer
from leavemealone.flow.model import Choice, Question

if TYPE_CHECKING:
    from questionary import Question as QuestionaryQuestion

# Shown once under each step heading in a terminal; a prompt's own line names only its keys.
BACK_HINT = "Esc or Ctrl-B: back · Ctrl-C: save and stop"
LONG_LIST = 12
# What plain mode takes, at a text question with an answer already, to leave it empty.
CLEAR = "-"


@dataclass(frozen=True)
class Kind:
    """How one kind of question is asked.

    ``prompt`` builds the questionary prompt from the question, its default
    and the title to show; ``result`` turns what questionary returned into
    the answer; ``instruction`` is plain mode's prompt line; ``parse`` reads
    a plain-mode reply (``ValueError`` with a sentence when it cannot);
    ``hint`` is a short line under a terminal prompt whose kind has no
    instruction of its own (what Enter does, how to write a date).
    """

    prompt: Callable[[Question, Any, str], QuestionaryQuestion]
    result: Callable[[Question, Any], Any]
    instruction: Callable[[Question, Any], str]
    parse: Callable[[Question, str, Any], Any]
    hint: Callable[[Question, Any], str] = lambda question, default: ""


def matching_choices(question: Question, typed: str) -> list[Choice]:
    """The choices that match what was typed, best first; none when nothing matches.

    A choice matches on its value ("other", "TX"), on the start of any word
    of its label ("york", "else"), or on any part of its label. An exact
    value or label comes first, so "CA" puts California before Carolina.
    """
    wanted = " ".join(typed.lower().split())
    if not wanted:
        return list(question.choices)
    exact, partial = [], []
    for choice in question.choices:
        label = choice.label.lower()
        words = [word.strip("()',.") for word in label.split()]
        if wanted in (choice.value.lower(), label) or wanted in words:
            exact.append(choice)
        elif choice.value.lower().startswith(wanted) or wanted in label:
            partial.append(choice)
    return exact + partial


def _as_given(question: Question, answer: Any) -> Any:
    return answer


def _text_or_none(question: Question, answer: Any) -> Any:
    return None if not str(answer or "").strip() else str(answer)


# --- confirm ---------------------------------------------------------------------------


def _confirm_prompt(question: Question, default: Any, title: str) -> QuestionaryQuestion:
    import questionary

    # questionary's own "(y/N)" hint: unlike a custom instruction, it goes once answered.
    return questionary.confirm(title, default=bool(default))


def _confirm_instruction(question: Question, default: Any) -> str:
    return f"Type y or n (Enter for {'yes' if default else 'no'}), or 'back': "


def _confirm_parse(question: Question, reply: str, default: Any) -> bool:
    if not reply:
        return bool(default)
    if reply.lower() in ("y", "yes", "n", "no"):
        return reply.lower().startswith("y")
    raise ValueError("Please type y or n.")


# --- select and multi ------------------------------------------------------------------


def _select_prompt(question: Question, default: Any, title: str) -> QuestionaryQuestion:
    import questionary

    choices = [questionary.Choice(choice.label, choice.value) for choice in question.choices]
    searchable = len(choices) > LONG_LIST
    return questionary.select(
        title,
        choices=choices,
        default=default if default in question.choice_values() else None,
        use_search_filter=searchable,
        use_jk_keys=not searchable,
        instruction=f"({'type to search, ' if searchable else ''}arrows, Enter)",
    )


def _select_instruction(question: Question, default: Any) -> str:
    # In a long list (the states) a name is quicker to type than to find its number.
    what = "a number or a name" if len(question.choices) > LONG_LIST else "a number"
    for number, choice in enumerate(question.choices, start=1):
        if choice.value == default:
            return f"Type {what} (Enter keeps {number}), or 'back': "
    return f"Type {what}, or 'back': "


def _select_parse(question: Question, reply: str, default: Any) -> str:
    if not reply and default in question.choice_values():
        return str(default)
    if reply.isdigit():
        return question.choices[choice_number(reply, len(question.choices))].value
    found = matching_choices(question, reply)  # "TX", "Texas" or "other" work as well as a number
    exact = [choice for choice in found if reply.lower() in (choice.value.lower(), choice.label.lower())]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0].value
    if found:
        numbers = [str(question.choices.index(choice) + 1) for choice in found[:6]]
        several = ", ".join(numbers)
        raise ValueError(f"'{reply}' fits more than one choice ({several}); please type its number.")
    raise ValueError(f"Nothing fits '{reply}'. Please type a number from 1 to {len(question.choices)}.")


def _multi_prompt(question: Question, default: Any, title: str) -> QuestionaryQuestion:
    import questionary

    chosen = default if isinstance(default, list) else []
    choices = [
        questionary.Choice(choice.label, choice.value, checked=choice.value in chosen)
        for choice in question.choices
    ]
    return questionary.checkbox(title, choices=choices, instruction="(Space to tick, Enter when done)")


def _multi_instruction(question: Question, default: Any) -> str:
    chosen = default or []
    kept = [str(i) for i, choice in enumerate(question.choices, start=1) if choice.value in chosen]
    enter = f"Enter keeps {', '.join(kept)}" if kept else "Enter for none"
    return f"Type the numbers, separated by commas ({enter}), or 'back': "


def _multi_parse(question: Question, reply: str, default: Any) -> list[str]:
    if not reply:
        return list(default or [])
    numbers = [part for part in reply.replace(" ", ",").split(",") if part]
    indexes = {choice_number(part, len(question.choices)) for part in numbers}
    return [choice.value for index, choice in enumerate(question.choices) if index in indexes]


def choice_number(reply: str, count: int) -> int:
    """The index a typed choice number stands for, or ``ValueError`` saying what to type."""
    if reply.isdigit() and 1 <= int(reply) <= count:
        return int(reply) - 1
    raise ValueError(f"Please type a number from 1 to {count}.")


# --- text, path and date ----------------------------------------------------------------


def _text_prompt(question: Question, default: Any, title: str) -> QuestionaryQuestion:
    import questionary

    # What was answered before stands in the box, so Enter keeps it and it can be edited.
    return questionary.text(
        title,
        default=str(default or ""),
        validate=lambda text: bool(text.strip()) or not question.required or "This one needs an answer.",
    )


def _path_prompt(question: Question, default: Any, title: str) -> QuestionaryQuestion:
    import questionary

    return questionary.path(
        title,
        default=str(default or ""),
        validate=lambda text: bool(text.strip()) or not question.required or "This one needs an answer.",
    )


def text_hint(question: Question, default: Any) -> str:
    """A terminal's hint at an empty optional text box (a box with an answer in it needs none)."""
    return "" if question.required or default not in (None, "") else _what_enter_does(question)


def _what_enter_does(question: Question) -> str:
    return f"Enter for {question.empty}" if question.empty else "Enter to leave empty"


def _text_instruction(question: Question, default: Any) -> str:
    if default not in (None, ""):
        keep = "Enter keeps it" + ("" if question.required else f", {CLEAR} leaves it empty")
        return f"Type a new answer ({keep}), or 'back': "
    empty = "" if question.required else f" ({_what_enter_does(question)})"
    return f"Type your answer{empty}, or 'back': "


def _text_parse(question: Question, reply: str, default: Any) -> Any:
    if not reply and default not in (None, ""):
        return normalise_answer(question, default)
    if reply == CLEAR and default not in (None, "") and not question.required:
        return None
    if not reply:
        if question.required:
            raise ValueError("This one needs an answer.")
        return None
    return normalise_answer(question, reply)


def _date_prompt(question: Question, default: Any, title: str) -> QuestionaryQuestion:
    import questionary

    shown = dt.date.today().isoformat() if default == "today" else str(default or "")

    def validate(text: str) -> bool | str:
        if not text.strip() and not question.required:
            return True
        try:
            normalise_answer(question, text)
        except ValueError:
            return "Please type a date like 2024-05-31, or 'today'."
        return True

    return questionary.text(title, default=shown, validate=validate)


def _date_result(question: Question, answer: Any) -> Any:
    return normalise_answer(question, answer)


def _date_hint(question: Question, default: Any) -> str:
    return "YYYY-MM-DD, or 'today'"


def _date_instruction(question: Question, default: Any) -> str:
    keep = f" (Enter keeps {default})" if default not in (None, "") else ""
    return f"Type a date like 2024-05-31 or 'today'{keep}, or 'back': "


KINDS: dict[str, Kind] = {
    "select": Kind(_select_prompt, _as_given, _select_instruction, _select_parse),
    "multi": Kind(_multi_prompt, _as_given, _multi_instruction, _multi_parse),
    "confirm": Kind(_confirm_prompt, _as_given, _confirm_instruction, _confirm_parse),
    "text": Kind(_text_prompt, _text_or_none, _text_instruction, _text_parse, text_hint),
    "path": Kind(_path_prompt, _text_or_none, _text_instruction, _text_parse, text_hint),
    "date": Kind(_date_prompt, _date_result, _date_instruction, _text_parse, _date_hint),
}
