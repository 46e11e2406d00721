"""What each question kind accepts: one normaliser per kind, by table.

An answer from a file, a prompt or a default becomes its stored form here,
or a ``ValueError`` that says what is allowed. The askers (``ask.kinds``)
pair each kind with how it is asked; adding a kind is one function here
and one entry there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from leavemealone.flow.model import Question
from leavemealone.inputs import without_controls

Normaliser = Callable[[Question, Any], Any]


def as_written(value: Any) -> str:
    """A value from a file as the user wrote it, not as Python shows it (``2024-01-01``, not a repr)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    return repr(value)


def _confirm(question: Question, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {as_written(value)}")
    return value


def _select(question: Question, value: Any) -> str:
    values = question.choice_values()
    if isinstance(value, str):
        if value in values:
            return value
        folded = [choice for choice in values if choice.lower() == value.strip().lower()]
        if len(folded) == 1:
            return folded[0]
    raise ValueError(f"{value!r} is not allowed (allowed: {', '.join(values)})")


def _multi(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of: {', '.join(question.choice_values())}")
    chosen = [_select(question, item) for item in value]
    return [choice for choice in question.choice_values() if choice in chosen]


def _text(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        quote = " (put it in quotes to keep it as text)" if isinstance(value, (int, float, dt.date)) else ""
        raise ValueError(f"must be text, not {as_written(value)}{quote}")
    return without_controls(value).strip()


def _date(question: Question, value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "today":
            return dt.date.today().isoformat()
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise ValueError(f"must be a date like 2024-05-31, not {as_written(value)}")


NORMALISERS: dict[str, Normaliser] = {
    "select": _select,
    "multi": _multi,
    "confirm": _confirm,
    "text": _text,
    "path": _text,  # a file on this computer, asked with path completion in a terminal
    "date": _date,
}
QUESTION_KINDS = tuple(NORMALISERS)


def normalise_answer(question: Question, value: Any) -> Any:
    """The stored form of an answer, or ``ValueError`` saying what is allowed."""
    if value is None:
        if question.required:
            raise ValueError("needs a value")
        return None
    return NORMALISERS[question.kind](question, value)


def default_answer(question: Question) -> Any:
    """The stored form of a question's default ("today" becomes today's date)."""
    if question.default is None:
        return None
    return normalise_answer(question, question.default)
