"""A walk through a flow for one case: the pure walk decides, the asker asks, the store remembers.

Every answer is saved the moment it is given, so walking again after a stop
resumes at the same question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from leavemealone.ask.protocol import Asker, Back
from leavemealone.flow.answers import normalise_answer
from leavemealone.flow.conditions import holds, names_used
from leavemealone.flow.model import ACTIONS_BEFORE_DOCUMENTS, Flow, Guidance, Offer, Question, Step
from leavemealone.flow.walk import (
    applicable_actions,
    applicable_checklist,
    applicable_documents,
    applicable_steps,
    next_step,
    problem_stopped,
    step_position,
)
from leavemealone.guide.derived import with_derived
from leavemealone.store.case_store import CaseStore, StepRecord

# Actions offered only once the log has an entry: a timeline of an empty log is an empty page.
ACTIONS_NEEDING_ENTRIES = ("log_export",)


@dataclass(frozen=True)
class WalkResult:
    """How a walk ended: ``finished``, ``stopped`` (the person stopped) or ``paused``.

    ``paused``: a guidance item said to stop for now, so someone in danger
    sees the numbers and is asked nothing more.
    """

    ending: str
    later: list[Step] = field(default_factory=list)


def steps_changed_line(before: int, now: int) -> str:
    """Said when "Step 2 of 7" follows "Step 1 of 8", so the number does not change without a word."""
    if now < before:
        fewer = before - now
        left_out = "one step does not" if fewer == 1 else f"{fewer} steps do not"
        return f"From what you told us, {left_out} apply to you: {now} steps now, not {before}."
    return f"From what you told us, there are {now} steps now, not {before}."


def _outcome_key(step_id: str) -> str:
    """Where the walk remembers a step's outcome undone by going back (never a saved answer id)."""
    return f"step:{step_id}"


def offer_key(step: Step, offer: Offer) -> str:
    """The answer id under which the reply to a step's offer is saved ("yes" or "no").

    Not a flow answer id (those have no colon), so no flow or answers file can set it.
    """
    return f"offer:{step.id}:{offer.name}"


def declined_documents(flow: Flow, answers: Mapping[str, Any]) -> set[str]:
    """The documents turned down at any step so far, so a later step does not offer them again.

    Only documents: an action such as adding incidents may be worth doing
    again at a later step, as more has happened.
    """
    return {
        offer.name
        for step in flow.steps
        for offer in step.documents
        if answers.get(offer_key(step, offer)) == "no"
    }


# Makes a document, or performs an action, by name; returns a line saying what happened.
DocumentMaker = Callable[[str], str]
ActionPerformer = Callable[[str], str]
# Told each answer the user gives, once it is saved.
AnswerHook = Callable[[str, Any], None]


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
        self._total: int | None = None

    def run(self) -> WalkResult:
        """Walk until every applicable step has an outcome or the person has stopped."""
        records = self.store.step_records()
        if problem_stopped(records):
            if not self.asker.confirm(
                "Last time you said the person had stopped. Has it started again?", default=False
            ):
                return WalkResult("stopped")
            self._mark_started_again(records)
        self._recheck_pauses()
        while True:
            answers = with_derived(self.store.answers())
            records = self.store.step_records()
            step = next_step(self.flow, answers, records)
            if step is None:
                later = self._later_steps(answers, records)
                if later and self._revisit(later):
                    continue
                return WalkResult("finished", later)
            ending = self._walk_step(step, answers)
            if ending in ("stopped", "paused"):
                return WalkResult(ending)

    def _walk_step(self, step: Step, answers: Mapping[str, Any]) -> str:
        """Do the next thing in ``step``: ask one question, or close the step."""
        if self._shown_step != step.id:
            number, total = step_position(self.flow, step, answers)
            if self._total is not None and total != self._total:
                self.asker.say(steps_changed_line(self._total, total))
            self._total = total
            self.asker.show_step(step, number, total)
            self._shown_step = step.id
            self._shown_guidance = set()
        for item in step.items:
            if not holds(item.when, answers):
                continue
            if isinstance(item, Guidance):
                self._show_once(item, answers)
                if item.pause:
                    return "paused"
            elif self._give_implied(item, answers):
                answers = with_derived(self.store.answers())  # the later items see the answer given
            elif item.id not in answers or self._no_longer_implied(item, answers):
                self._ask(item)
                return "asked"
        return self._close_step(step, answers)

    def _give_implied(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """Save, unasked, an answer that an earlier answer already gives (a coworker: at work)."""
        if question.id in answers or not (question.implied_when and holds(question.implied_when, answers)):
            return False
        self.store.set_answer(question.id, normalise_answer(question, question.implied), source="implied")
        return True

    def _no_longer_implied(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """An implied answer whose reason was taken back (the user went back and changed it)."""
        return (
            question.implied_when is not None
            and not holds(question.implied_when, answers)
            and self.store.answer_sources().get(question.id) == "implied"
        )

    def _recheck_pauses(self) -> None:
        """A pause is for now: on a new run, ask again the questions that led to it.

        Someone who was in danger is asked again whether they are in danger
        now. When a yes becomes a no, ``was_<id>`` is saved, so the safety
        level still remembers it.
        """
        answers = with_derived(self.store.answers())
        questions = self.flow.questions()
        for item in (item for step in self.flow.steps for item in step.items):
            if not (isinstance(item, Guidance) and item.pause and item.when and holds(item.when, answers)):
                continue
            for name in sorted(names_used(item.when) & questions.keys()):
                before = answers.get(name)
                reply = self.asker.ask(questions[name], before)
                if isinstance(reply, Back) or reply == before:
                    continue
                self.store.set_answer(name, reply)
                if before is True and reply is False:
                    self.store.set_answer(f"was_{name}", True, source="derived")
                if self.on_answer is not None:
                    self.on_answer(name, reply)

    def _show_once(self, guidance: Guidance, answers: Mapping[str, Any]) -> None:
        if id(guidance) in self._shown_guidance:
            return
        self._shown_guidance.add(id(guidance))
        facts = self.facts(guidance.show, answers) if guidance.show else None
        self.asker.show_guidance(guidance, facts)

    def _ask(self, question: Question) -> None:
        # Kept until answered: going back past a question shows it without answering it.
        default = self._defaults.get(question.id, question.default)
        answer = self.asker.ask(question, default)
        if isinstance(answer, Back):
            self.go_back()
        else:
            self._save_answer(question.id, answer)
            if self.on_answer is not None:
                self.on_answer(question.id, answer)

    def _save_answer(self, answer_id: str, value: Any) -> None:
        self.store.set_answer(answer_id, value)
        self._defaults.pop(answer_id, None)

    def go_back(self) -> None:
        """Undo the last answer (or step outcome) so it is asked again, prefilled.

        What was undone stays the default until that question is answered
        again, however many questions the user goes back past first. Inside
        a step, only the question comes back: its heading and guidance are
        on the screen already, and would push the question's context away.
        """
        answers_before = self.store.answers()
        records_before = self.store.step_records()
        undone = self.store.undo_last()
        if undone is None:
            self.asker.say("This is the first question; there is nothing to go back to.")
            return
        kind, _, name = undone.partition(":")
        if kind == "answer" and name in answers_before:
            self._defaults[name] = answers_before[name]
        elif kind == "step" and name in records_before:
            self._defaults[_outcome_key(name)] = records_before[name].status

    def _close_step(self, step: Step, answers: Mapping[str, Any]) -> str:
        made = {record.name for record in self.store.made_documents()}
        declined = declined_documents(self.flow, answers)
        for offer in self._offers(step, answers):
            key = offer_key(step, offer)
            document = offer in step.documents
            # Answered in an earlier run or before going back; or a document made, or turned down,
            # at an earlier step (its command still makes it).
            if key in answers or (document and offer.name in made | declined) or not self._ready(offer):
                continue
            # A reply undone by going back is the default again; else yes to a document, no to an action.
            remembered = self._defaults.get(key)
            default = remembered == "yes" if remembered else document
            wanted = (
                self.asker.offer_document(offer, default=default)
                if document
                else self.asker.ask_yes_no(offer.label, default=default)
            )
            if isinstance(wanted, Back):
                self.go_back()
                return "back"
            if wanted:
                make = self.make_document if document else self.perform_action
                assert make is not None  # _offers leaves out what cannot be done
                said = make(offer.name)
                if said:
                    self.asker.say(said)
            # Saved like an answer, so a resumed walk does not offer it again and "back" reopens it.
            self._save_answer(key, "yes" if wanted else "no")
        checklist = applicable_checklist(step, answers)
        outcome_key = _outcome_key(step.id)
        while True:
            outcome = self.asker.ask_step_outcome(step, checklist, default=self._defaults.get(outcome_key))
            if isinstance(outcome, Back):
                self.go_back()
                return "back"
            self._defaults[outcome_key] = outcome  # back from the next question keeps this choice
            stopped = self.asker.ask_stopped()
            if not isinstance(stopped, Back):
                break
        self.store.set_step(step.id, outcome, problem_stopped=stopped)
        self._defaults.pop(outcome_key, None)
        return "stopped" if stopped else "closed"

    def _offers(self, step: Step, answers: Mapping[str, Any]) -> list[Offer]:
        """What the step offers to do, in order: log actions that feed the documents, documents, the rest."""
        actions = applicable_actions(step, answers) if self.perform_action else []
        documents = applicable_documents(step, answers) if self.make_document else []
        return [
            *(offer for offer in actions if offer.name in ACTIONS_BEFORE_DOCUMENTS),
            *documents,
            *(offer for offer in actions if offer.name not in ACTIONS_BEFORE_DOCUMENTS),
        ]

    def _ready(self, offer: Offer) -> bool:
        """Whether an offer can do anything now: no timeline of an empty log.

        Asked as each offer comes, so incidents added at this step's first
        offer make the timeline worth offering at its last.
        """
        if offer.name not in ACTIONS_NEEDING_ENTRIES:
            return True
        from leavemealone.log.entries import count_entries

        return count_entries(self.store) > 0

    def _later_steps(self, answers: Mapping[str, Any], records: Mapping[str, StepRecord]) -> list[Step]:
        return [
            step
            for step in applicable_steps(self.flow, answers)
            if records.get(step.id) and records[step.id].status == "later"
        ]

    def _revisit(self, later: list[Step]) -> bool:
        titles = "; ".join(f'"{step.title}"' for step in later)
        left = "You left one step for later" if len(later) == 1 else f"You left {len(later)} steps for later"
        if not self.asker.confirm(
            f"{left} ({titles}). Go through {'it' if len(later) == 1 else 'them'} now?",
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
