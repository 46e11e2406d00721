"""The pure walk: which order applies, which steps, items and offers apply, and what comes next.

Everything here reads an answers mapping and the recorded step outcomes and
returns what applies; asking, saving and showing are the guide's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from leavemealone.flow.conditions import holds, names_used
from leavemealone.flow.model import ChecklistItem, Flow, Offer, Order, Step

STATUS_LABELS = {
    "done": "Done",
    "later": "Left for later",
    "not_needed": "Not needed",
    "skipped": "Skipped",
}


class StepOutcome(Protocol):
    """What the user recorded about a step (the store's step record has this shape)."""

    @property
    def status(self) -> str:
        """One of ``STATUS_LABELS``."""

    @property
    def problem_stopped(self) -> bool | None:
        """Whether they said the person had stopped, when the step was closed."""


def active_order(flow: Flow, answers: Mapping[str, Any]) -> Order:
    """The first order whose condition holds (the last one always does)."""
    for order in flow.orders:
        if holds(order.when, answers):
            return order
    return flow.orders[-1]


def applicable_steps(flow: Flow, answers: Mapping[str, Any]) -> list[Step]:
    """The steps that apply to this user, in the order they will be walked."""
    steps = (flow.step_by_id[step_id] for step_id in active_order(flow, answers).steps)
    return [step for step in steps if holds(step.when, answers)]


def step_position(flow: Flow, step: Step, answers: Mapping[str, Any]) -> tuple[int, int]:
    """``(number, total)`` for "Step 3 of 7".

    A step whose condition reads answers not given yet still counts, so the
    total does not grow as the user answers; it can only shrink.
    """
    counted = [
        candidate
        for candidate in (flow.step_by_id[step_id] for step_id in active_order(flow, answers).steps)
        if holds(candidate.when, answers)
        or (candidate.when is not None and not names_used(candidate.when) <= answers.keys())
    ]
    return counted.index(step) + 1, len(counted)


def applicable_checklist(step: Step, answers: Mapping[str, Any]) -> list[ChecklistItem]:
    """The step's to-do items that apply to this user."""
    return [item for item in step.checklist if holds(item.when, answers)]


def applicable_documents(step: Step, answers: Mapping[str, Any]) -> list[Offer]:
    """The documents the step offers this user."""
    return [offer for offer in step.documents if holds(offer.when, answers)]


def applicable_actions(step: Step, answers: Mapping[str, Any]) -> list[Offer]:
    """The actions (``ACTION_KINDS``) the step offers this user."""
    return [offer for offer in step.actions if holds(offer.when, answers)]


def next_step(flow: Flow, answers: Mapping[str, Any], records: Mapping[str, StepOutcome]) -> Step | None:
    """The first applicable step the user has not recorded an outcome for."""
    for step in applicable_steps(flow, answers):
        if step.id not in records:
            return step
    return None


def problem_stopped(records: Mapping[str, StepOutcome]) -> bool:
    """Whether the user last said the person has stopped."""
    return any(record.problem_stopped for record in records.values())



