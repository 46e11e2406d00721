"""Walk a flow over a case through an ``Asker``: which step comes next, what to ask, going back.

The engine decides; the asker asks; the store remembers. Every answer is saved
the moment it is given, so walking again after a stop resumes at the same
question. No UI imports here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from leavemealone.conditions import holds, names_used
from leavemealone.flow import ChecklistItem, Flow, Guidance, Offer, Order, Question, Step
from leavemealone.store import CaseStore, StepRecord

STATUS_LABELS = {
    "done": "Done",
    "later": "Left for later",
    "not_needed": "Not needed",
    "skipped": "Skipped",
}


class Back:
    """The user asked to go back to the previous question."""

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()


class Asker(Protocol):
    """How the engine talks to the user: a terminal, a screen reader, or no one at all."""

    def show_step(self, step: Step, number: int, total: int) -> None:
        """Announce a step ("Step 3 of 7: ...")."""

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        """Show guidance text, then ``facts`` (Markdown) when the guidance asks for some."""

    def ask(self, question: Question, default: Any) -> Any:
        """Ask one question; return the answer, or ``BACK``."""

    def ask_step_outcome(self, step: Step, checklist: list[ChecklistItem]) -> str | Back:
        """Show the step's to-do items and ask what the user did (a ``STATUS_LABELS`` key)."""

    def ask_stopped(self) -> bool | Back:
        """Ask whether the person has stopped bothering the user."""

    def offer_document(self, offer: Offer) -> bool | Back:
        """Ask whether to make a document now."""

    def confirm(self, message: str, *, default: bool) -> bool:
        """A yes/no question of the engine's own (revisit steps, started again)."""

    def say(self, message: str) -> None:
        """Tell the user something short."""


@dataclass(frozen=True)
class WalkResult:
    """How a walk ended: ``finished`` (every step visited) or ``stopped`` (the person stopped)."""

    ending: str
    later: list[Step] = field(default_factory=list)


# Makes a document, or performs an action, by name; returns a line saying what happened.
DocumentMaker = Callable[[str], str]
ActionPerformer = Callable[[str], str]
# Told each answer the user gives, once it is saved.
AnswerHook = Callable[[str, Any], None]


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


def next_step(flow: Flow, answers: Mapping[str, Any], records: Mapping[str, StepRecord]) -> Step | None:
    """The first applicable step the user has not recorded an outcome for."""
    for step in applicable_steps(flow, answers):
        if step.id not in records:
            return step
    return None


def problem_stopped(records: Mapping[str, StepRecord]) -> bool:
    """Whether the user last said the person has stopped."""
    return any(record.problem_stopped for record in records.values())


class Walk:
    """One walk through a flow for one case.

    ``facts`` fills in what a guidance item's ``show`` names (emergency
    numbers, hotlines, protective orders) for the answers so far;
    ``make_document`` (optional) makes a document by name and returns a line
    saying where it went; ``perform_action`` likewise performs an action
    (add incidents, export the log); ``on_answer`` is told each answer once
    it is saved.
    """

    def __init__(
        self,
        flow: Flow,
        store: CaseStore,
        asker: Asker,
        *,
        facts: Callable[[str, Mapping[str, Any]], str],
        make_document: DocumentMaker | None = None,
        on_answer: AnswerHook | None = None,
        perform_action: ActionPerformer | None = None,
    ) -> None:
        self.flow = flow
        self.store = store
        self.asker = asker
        self.facts = facts
        self.make_document = make_document
        self.on_answer = on_answer
        self.perform_action = perform_action
        self._shown_step: str | None = None
        self._shown_guidance: set[int] = set()
        self._defaults: dict[str, Any] = {}

    def run(self) -> WalkResult:
        """Walk until every applicable step has an outcome or the person has stopped."""
        records = self.store.step_records()
        if problem_stopped(records):
            if not self.asker.confirm(
                "Last time you said the person had stopped. Has it started again?", default=False
            ):
                return WalkResult("stopped")
            self._mark_started_again(records)
        while True:
            answers = self.store.answers()
            records = self.store.step_records()
            step = next_step(self.flow, answers, records)
            if step is None:
                later = self._later_steps(answers, records)
                if later and self._revisit(later):
                    continue
                return WalkResult("finished", later)
            ending = self._walk_step(step, answers)
            if ending == "stopped":
                return WalkResult("stopped")

    def _walk_step(self, step: Step, answers: dict[str, Any]) -> str:
        """Do the next thing in ``step``: ask one question, or close the step."""
        if self._shown_step != step.id:
            number, total = step_position(self.flow, step, answers)
            self.asker.show_step(step, number, total)
            self._shown_step = step.id
            self._shown_guidance = set()
        for item in step.items:
            if not holds(item.when, answers):
                continue
            if isinstance(item, Guidance):
                self._show_once(item, answers)
            elif item.id not in answers:
                self._ask(item)
                return "asked"
        return self._close_step(step, answers)

    def _show_once(self, guidance: Guidance, answers: Mapping[str, Any]) -> None:
        if id(guidance) in self._shown_guidance:
            return
        self._shown_guidance.add(id(guidance))
        facts = self.facts(guidance.show, answers) if guidance.show else None
        self.asker.show_guidance(guidance, facts)

    def _ask(self, question: Question) -> None:
        default = self._defaults.pop(question.id, question.default)
        answer = self.asker.ask(question, default)
        if isinstance(answer, Back):
            self.go_back()
        else:
            self.store.set_answer(question.id, answer)
            if self.on_answer is not None:
                self.on_answer(question.id, answer)

    def go_back(self) -> None:
        """Undo the last answer (or step outcome) so it is asked again, prefilled."""
        answers_before = self.store.answers()
        undone = self.store.undo_last()
        if undone is None:
            self.asker.say("This is the first question; there is nothing to go back to.")
            return
        kind, _, name = undone.partition(":")
        if kind == "answer" and name in answers_before:
            self._defaults[name] = answers_before[name]
        self._shown_step = None

    def _close_step(self, step: Step, answers: dict[str, Any]) -> str:
        for offer in applicable_documents(step, answers):
            if self.make_document is None:
                break
            wanted = self.asker.offer_document(offer)
            if isinstance(wanted, Back):
                self.go_back()
                return "back"
            if wanted:
                self.asker.say(self.make_document(offer.name))
        for offer in applicable_actions(step, answers):
            if self.perform_action is None:
                break
            if self.asker.confirm(offer.label, default=False):
                self.asker.say(self.perform_action(offer.name))
        while True:
            outcome = self.asker.ask_step_outcome(step, applicable_checklist(step, answers))
            if isinstance(outcome, Back):
                self.go_back()
                return "back"
            stopped = self.asker.ask_stopped()
            if not isinstance(stopped, Back):
                break
        self.store.set_step(step.id, outcome, problem_stopped=stopped)
        return "stopped" if stopped else "closed"

    def _later_steps(self, answers: Mapping[str, Any], records: Mapping[str, StepRecord]) -> list[Step]:
        return [
            step
            for step in applicable_steps(self.flow, answers)
            if records.get(step.id) and records[step.id].status == "later"
        ]

    def _revisit(self, later: list[Step]) -> bool:
        titles = "; ".join(step.title.rstrip("?.!") for step in later)
        if not self.asker.confirm(
            f"You left {len(later)} step(s) for later: {titles}. Go through them now?",
            default=False,
        ):
            return False
        for step in later:
            self.store.clear_step(step.id)
        return True

    def _mark_started_again(self, records: Mapping[str, StepRecord]) -> None:
        for step_id, record in records.items():
            if record.problem_stopped:
                self.store.set_step(step_id, record.status, problem_stopped=False)
