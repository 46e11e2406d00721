"""A flow as frozen dataclasses: steps, their questions and guidance, checklists, offers, orders.

The flow is data. ``reader`` turns the YAML into these classes, checking its
shape; ``checks`` checks what the pieces say about each other (ids,
conditions, orders, documents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Facts a guidance item can show after its text, filled in by the program from shipped data.
SHOW_KINDS = ("emergency_numbers", "hotlines", "protective_orders")
# Things a step can offer to do besides making a document.
ACTION_KINDS = ("log_incidents", "log_export", "log_notice_delivery")
# Offered before the step's documents, so the documents made next (the police summary, the
# court papers) include what was just added; the other actions follow the documents.
ACTIONS_BEFORE_DOCUMENTS = ("log_incidents",)
# Values the program works out from the answers, for ``when:`` conditions, and the answers
# each one reads: a condition may use one only once every answer it reads has been asked
# (docs/flow-format.md). The guide computes them (guide/derived.py).
_RISK_READS = frozenset({"in_danger", "feels_threatened", "danger_signs"})
DERIVED: dict[str, frozenset[str]] = {
    "high_risk": _RISK_READS,
    "no_confrontation": _RISK_READS | {"relationship"},
    "in_person_ok": _RISK_READS | {"relationship"},
    "routing_asks": frozenset({"state", "relationship"}),
}
MAX_FLOW_BYTES = 1_000_000
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
CHOICE_VALUE = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class Choice:
    """One allowed value of a select or multi question, with the words shown for it."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """A question that sets the answer ``id``.

    ``implied`` is the answer an earlier answer already gives, whenever
    ``implied_when`` holds: the question is then not asked (a coworker is
    met at work). It is asked again if that stops holding.
    """

    id: str
    kind: str
    prompt: str
    help: str = ""
    choices: tuple[Choice, ...] = ()
    default: Any = None
    required: bool = True
    when: str | None = None
    when_line: int = 0
    line: int = 0
    implied: Any = None
    implied_when: str | None = None
    implied_when_line: int = 0

    def choice_values(self) -> list[str]:
        """The values a select or multi answer may take."""
        return [choice.value for choice in self.choices]


@dataclass(frozen=True)
class Guidance:
    """Text shown to the user; ``show`` adds live facts after it (see ``SHOW_KINDS``).

    ``pause`` ends the walk for now once the text is shown (someone in
    danger sees the numbers and is asked nothing more); the next run asks
    again the questions its condition reads.
    """

    text: str
    when: str | None = None
    when_line: int = 0
    show: str | None = None
    pause: bool = False
    line: int = 0


Item = Question | Guidance


@dataclass(frozen=True)
class ChecklistItem:
    """A thing to do, for the personal action checklist."""

    id: str
    text: str
    when: str | None = None
    when_line: int = 0
    line: int = 0


@dataclass(frozen=True)
class Offer:
    """Something a step offers to do: make a document (``letters/<name>.md.j2``) or an action."""

    name: str
    label: str
    when: str | None = None
    when_line: int = 0
    line: int = 0


@dataclass(frozen=True)
class Step:
    """One rung of the ladder."""

    id: str
    title: str
    summary: str = ""
    when: str | None = None
    when_line: int = 0
    items: tuple[Item, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    documents: tuple[Offer, ...] = ()
    actions: tuple[Offer, ...] = ()
    line: int = 0

    def questions(self) -> list[Question]:
        """The step's questions, in order."""
        return [item for item in self.items if isinstance(item, Question)]


@dataclass(frozen=True)
class Order:
    """An order to walk the steps in, used when its condition holds."""

    steps: tuple[str, ...]
    when: str | None = None
    when_line: int = 0
    line: int = 0


@dataclass(frozen=True)
class Flow:
    """A whole flow: its steps, and the orders to walk them in."""

    id: str
    title: str
    steps: tuple[Step, ...]
    orders: tuple[Order, ...]
    path: Path
    description: str = ""
    step_by_id: dict[str, Step] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.step_by_id.update({step.id: step for step in self.steps})

    def questions(self) -> dict[str, Question]:
        """Every question of the flow by its answer id."""
        return {question.id: question for step in self.steps for question in step.questions()}

