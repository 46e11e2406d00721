"""A guided session for one case: choose an asker, take answers from a file, walk, report where we are."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leavemealone import suggest
from leavemealone.errors import NeedsInputError
from leavemealone.flow.catalogue import shipped_flow
from leavemealone.flow.model import Flow
from leavemealone.flow.walk import STATUS_LABELS, applicable_steps, next_step
from leavemealone.guide.walk import AnswerHook, Walk, WalkResult
from leavemealone.paths import DEFAULT_CASE
from leavemealone.store.cases import case_exists, open_case

if TYPE_CHECKING:
    from rich.console import Console

    from leavemealone.ask.protocol import Asker
    from leavemealone.guide.ending import Ending
    from leavemealone.store.case_store import CaseStore


@dataclass(frozen=True)
class StepLine:
    """One line of ``status``: a step and what the user did about it."""

    number: int
    title: str
    status: str


@dataclass(frozen=True)
class CaseStatus:
    """Where a case stands: each step's status, what comes next, and what was saved."""

    case: str
    started: bool
    steps: list[StepLine]
    next_title: str | None
    stopped: bool
    summary: Ending | None = None


@dataclass(frozen=True)
class StartResult:
    """How ``start`` ended (``finished``, ``stopped`` or ``paused``), and the case's summary then."""

    ending: str
    summary: Ending | None = None


def resume_command(case: str) -> str:
    """The command that continues this case."""
    return suggest.start(None if case == DEFAULT_CASE else case)


def plain_requested(plain: bool) -> bool:
    """``--plain`` or ``ACCESSIBLE=1`` (any value but 0 or empty)."""
    return plain or os.environ.get("ACCESSIBLE", "").strip() not in ("", "0")


def start(
    case: str,
    *,
    answers_file: Path | None,
    no_input: bool,
    plain: bool,
    restart: bool,
    console: Console,
    asker: Asker | None = None,
) -> StartResult:
    """Walk the shipped flow for ``case``, resuming where the user left off."""
    from leavemealone.ask.answers_file import check_answers, read_answers_file

    flow = shipped_flow()
    given = {}
    if answers_file is not None:
        given = check_answers(flow, read_answers_file(answers_file), where=str(answers_file))
    if asker is None:
        asker = choose_asker(console, no_input=no_input, plain=plain_requested(plain))
    first_run = not no_input and _protection_offer_due()
    with open_case(case) as store:
        if restart:
            store.reset()
        _save_given(store, given)
        on_answer = None if no_input else _offer_protection_when_safe(store, asker, first_run=first_run)
        result = _walk(flow, store, asker, no_input=no_input, on_answer=on_answer)
        if result.ending == "paused":
            return StartResult(result.ending)
        from leavemealone.guide import ending, protection

        if not no_input:
            if result.ending == "finished":
                ending.offer_checklist(store, asker, flow)
            if protection.offer_pending(store):
                _offer_protection(store, asker, later=True)
        return StartResult(result.ending, ending.walk_ending(store, flow, case=case))


def _save_given(store: CaseStore, given: Mapping[str, Any]) -> None:
    """Save the answers from a file; one given again unchanged is not written again.

    Each answer is its own transaction (a flush to disk), so a file given
    again at every resume would otherwise cost a write per answer.
    """
    sources = store.answer_sources()
    saved = store.answers()
    for answer_id, value in given.items():
        unchanged = (
            sources.get(answer_id) == "file"
            and type(saved.get(answer_id)) is type(value)
            and saved.get(answer_id) == value
        )
        if not unchanged:
            store.set_answer(answer_id, value, source="file")


def _protection_offer_due() -> bool:
    from leavemealone.guide.protection import protection_offer_due

    return protection_offer_due()


def _offer_protection_when_safe(store: CaseStore, asker: Asker, *, first_run: bool) -> AnswerHook:
    """Offer a passphrase right after the danger question is answered "no".

    On a first run that is before anything is typed. Someone in danger is
    never asked then: the offer waits, and comes, gently, once they answer
    "no" on a later start (or when a walk ends).
    """
    from leavemealone.guide import protection

    def on_answer(answer_id: str, value: Any) -> None:
        if answer_id != "in_danger":
            return
        if value is True and first_run:
            protection.keep_offer_for_later(store)
        elif value is False and (first_run or protection.offer_pending(store)):
            _offer_protection(store, asker, later=not first_run)

    return on_answer


def _offer_protection(store: CaseStore, asker: Asker, *, later: bool) -> None:
    """Offer to lock; if they do, this walk's store goes on with the new key."""
    from leavemealone.guide.protection import offer_protection
    from leavemealone.store.protect import current_codec

    offer_protection(asker, later=later)
    store.codec, _state = current_codec()
    if later:
        from leavemealone.guide.protection import offer_made

        offer_made(store)


def _walk(
    flow: Flow, store: CaseStore, asker: Asker, *, no_input: bool, on_answer: AnswerHook | None
) -> WalkResult:
    # Documents and actions are offered only when someone can answer their questions.
    maker = performer = None
    if not no_input:
        from leavemealone.guide.actions import flow_action_performer
        from leavemealone.guide.offers import flow_document_maker

        maker = flow_document_maker(store, asker, flow=flow)
        performer = flow_action_performer(store, asker)
    walk = Walk(
        flow,
        store,
        asker,
        facts=facts_for,
        make_document=maker,
        perform_action=performer,
        on_answer=on_answer,
    )
    return walk.run()


def facts_for(kind: str, answers: Mapping[str, Any]) -> str:
    """The facts a guidance item's ``show`` names, as Markdown, from the shipped data."""
    from leavemealone.resources.hotlines import compact_line, emergency_lines, urgent_text
    from leavemealone.resources.routing import route
    from leavemealone.resources.text import orders_markdown

    if kind == "emergency_numbers":
        return "```\n" + urgent_text() + "```"
    if kind == "hotlines":
        return "\n".join(f"- {compact_line(line)}" for line in emergency_lines()[1:])
    state, relationship = answers.get("state"), answers.get("relationship")
    if not state or not relationship:
        return f"To see the orders for your state: `{suggest.RESOURCES_FOR}`"
    return orders_markdown(route(str(state), str(relationship), answers))


def choose_asker(console: Console, *, no_input: bool, plain: bool) -> Asker:
    """The asker for this run: none with ``no_input``, plain numbered prompts, or questionary."""
    if no_input:
        from leavemealone.ask.no_input import NoInputAsker

        return NoInputAsker(console)
    if not sys.stdin.isatty():
        raise NeedsInputError(
            "There is no terminal to ask questions in.",
            hint=f"Give your answers in a file instead: {suggest.ANSWERS_FILE}",
        )
    if plain:
        from leavemealone.ask.plain import PlainAsker

        return PlainAsker(console)
    from leavemealone.ask.terminal import QuestionaryAsker

    return QuestionaryAsker(console)


def confirm_restart_needed(case: str) -> bool:
    """Whether ``--restart`` would throw away saved answers (so it must be confirmed)."""
    return case_exists(case)


def case_status(case: str, *, flow: Flow | None = None) -> CaseStatus:
    """Where ``case`` stands, without asking anything."""
    from leavemealone.flow.walk import problem_stopped
    from leavemealone.guide.derived import with_derived

    flow = flow or shipped_flow()
    if not case_exists(case):
        return CaseStatus(case, False, [], None, False)
    with open_case(case) as store:
        saved = store.answers()
        records = store.step_records()
        answers = with_derived(saved)
        lines = [
            StepLine(
                number, step.title, STATUS_LABELS[records[step.id].status] if step.id in records else "To do"
            )
            for number, step in enumerate(applicable_steps(flow, answers), start=1)
        ]
        upcoming = next_step(flow, answers, records)
        from leavemealone.guide.ending import walk_ending

        summary = walk_ending(store, flow, case=case)
    return CaseStatus(
        case=case,
        started=bool(saved or records),
        steps=lines,
        next_title=upcoming.title if upcoming else None,
        stopped=problem_stopped(records),
        summary=summary,
    )
