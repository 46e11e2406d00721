"""Documents for a case: gather what a letter needs, write it where the user wants, remember it.

``documents`` fills a template from whatever it is given; this module finds
those facts in a case (the steps and what was done, which court fits, the
hotlines, the incident log), decides where the file goes, hands a PDF to the
printer, and records every document made (name, time, SHA-256, sealed path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leavemealone import suggest
from leavemealone.documents.build import RenderedDocument, build_document, save_document
from leavemealone.documents.catalogue import DocumentInfo, get_document, missing_fields
from leavemealone.documents.context import EXTRA_NAMES, clean, extras_read
from leavemealone.errors import LeaveMeAloneError, NeedsInputError
from leavemealone.paths import data_home, ensure_private_dir

if TYPE_CHECKING:
    from leavemealone.flow.model import Flow
    from leavemealone.store.case_store import CaseStore, StepRecord

# Options that are also answers of the flow: only these are kept, and only with --save.
ANSWER_OPTIONS = ("your_name", "their_name")
FIELD_WORDS = {"your_name": "your name", "their_name": "their name"}
FIELD_PROMPTS = {
    "your_name": "Your name, as it should appear in the document",
    "their_name": "Their name, as it should appear in the document",
}
TEMPLATES_FOLDER = "templates"
URGENT_LINES = 3  # 911, the Domestic Violence Hotline, 988: the same short list the flow shows
# The engine's step outcomes, in the words the letters use for a step.
STEP_STATUS = {"done": "done", "skipped": "skipped", "not_needed": "skipped", "later": "pending"}

FieldAsker = Callable[[str, str], "str | None"]
"""Asks for one missing value: ``(field id, prompt)`` -> what was typed, or None."""


@dataclass(frozen=True)
class DocumentRequest:
    """What a document command was asked for; ``options`` holds only the values given."""

    name: str
    case: str
    fmt: str = "terminal"
    output: Path | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    save: bool = False
    print_copy: bool = False
    templates_dir: Path | None = None
    paper: str = "letter"
    force: bool = False


ReplaceAsker = Callable[[Path], bool]
"""Asks whether an existing file may be replaced: True to replace it."""


@dataclass(frozen=True)
class MadeDocument:
    """A finished document and what became of it.

    ``path`` is None when the document is only to be shown (terminal, or md,
    txt and html on standard output); ``print_problem`` is one sentence when
    printing was asked for and did not happen.
    """

    document: RenderedDocument
    path: Path | None
    printed_with: str | None = None
    print_problem: str | None = None
    saved_answers: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()




@dataclass(frozen=True)
class Delivery:
    """A recorded delivery of the notice, as the incident log keeps it."""

    seq: int
    when: str
    via_words: str


# --- where things live ----------------------------------------------------------------


def documents_folder() -> Path:
    """Where documents go when the user names no place: the folder they ran the command in.

    Never the data folder: a document is readable by design, and the data
    folder holds only what can be sealed with the passphrase.
    """
    return Path.cwd()


def default_path(name: str, fmt: str = "pdf", day: str | None = None) -> Path:
    """``./notice-2024-05-02.pdf``, as a full path so the user sees where it goes.

    A private paper (the safety plan) is ``notes-...``: a file list someone
    else sees says nothing about it.
    """
    from leavemealone.documents.catalogue import CATALOGUE

    extension = "txt" if fmt == "terminal" else fmt
    stem = CATALOGUE[name].file_stem if name in CATALOGUE else name
    return documents_folder() / f"{stem}-{day or dt.date.today().isoformat()}.{extension}"


def user_templates_dir(given: Path | None = None) -> Path | None:
    """The user's own letters: ``--templates DIR``, else ``<data folder>/templates`` when it exists."""
    if given is not None:
        return given.expanduser()
    own = data_home() / TEMPLATES_FOLDER
    return own if own.is_dir() else None


# --- what a letter needs from the case ---------------------------------------------------


def case_extras(
    store: CaseStore,
    answers: Mapping[str, Any],
    *,
    flow: Flow | None = None,
    needs: Collection[str] | None = None,
) -> dict[str, Any]:
    """Facts for the templates: steps with their status, routing, emergency lines, incident counts.

    Only those in ``needs`` (all by default): the routing alone reads the
    state's legal data, and a notice uses none of them.
    """
    wanted = set(EXTRA_NAMES) if needs is None else set(needs)
    extras: dict[str, Any] = {}
    if "steps" in wanted:
        from leavemealone.flow.catalogue import shipped_flow

        extras["steps"] = step_overview(flow or shipped_flow(), answers, store.step_records())
    if "routing" in wanted:
        extras["routing"] = routing_for(answers)
    if "emergency_lines" in wanted:
        extras["emergency_lines"] = urgent_lines()
    if wanted & {"incidents", "timeline"}:
        from leavemealone.guide.record import log_extras

        found = log_extras(store, timeline="timeline" in wanted)
        extras.update({name: value for name, value in found.items() if name in wanted})
    return extras


def extras_needed(name: str, templates_dir: Path | None) -> set[str]:
    """The extras the template that makes document ``name`` reads (the user's own, if they have one)."""
    from leavemealone.documents.templates import names_read

    return extras_read(names_read(name, templates_dir=templates_dir))


def step_overview(
    flow: Flow, answers: Mapping[str, Any], records: Mapping[str, StepRecord]
) -> list[dict[str, Any]] | None:
    """Each step that applies, its status, and its checklist items, ticked where the step is done.

    None before the user has started, so the checklist says how to begin.
    """
    from leavemealone.flow.walk import applicable_checklist, applicable_steps, next_step
    from leavemealone.guide.derived import with_derived

    if not answers and not records:
        return None
    answers = with_derived(answers)
    upcoming = next_step(flow, answers, records)
    overview = []
    for step in applicable_steps(flow, answers):
        record = records.get(step.id)
        if record is not None:
            status = STEP_STATUS.get(record.status, "pending")
        else:
            status = "current" if upcoming is not None and step.id == upcoming.id else "pending"
        items = [
            {"text": item.text, "done": status == "done"} for item in applicable_checklist(step, answers)
        ]
        overview.append({"title": step.title, "status": status, "items": items})
    return overview


def routing_for(answers: Mapping[str, Any]) -> Any:
    """Which order and court fit the saved state and relationship; None when unknown."""
    from leavemealone.resources.routing import route_if_given

    state, relationship = answers.get("state"), answers.get("relationship")
    try:
        return route_if_given(
            str(state) if state else None, str(relationship) if relationship else None, answers
        )
    except LeaveMeAloneError:
        return None  # an answer the shipped facts do not know: the letter shows no court


def urgent_lines() -> list[Any]:
    """The first few national lines; empty if they cannot be read (letters then show 911 alone)."""
    from leavemealone.resources.lines import national_lines

    try:
        return list(national_lines()[:URGENT_LINES])
    except LeaveMeAloneError:
        return []


# --- making a document from the command line -------------------------------------------


def make_document(
    request: DocumentRequest, *, ask: FieldAsker | None, may_replace: ReplaceAsker | None = None
) -> MadeDocument:
    """Build the requested document from the case, save or show it, and print it if asked.

    ``ask`` fills in missing values (None: nothing can be asked, so a missing
    value is an error naming its option). Values typed here become answers
    only with ``save``. An existing file is replaced only with ``force``, or
    when ``may_replace`` says so; otherwise nothing is written.
    """
    from leavemealone.store.cases import open_case

    info = get_document(request.name)
    options = {key: value for key, value in request.options.items() if value not in (None, "")}
    with open_case(request.case) as store:
        answers = store.answers()
        asked = fill_missing(info, answers, options, ask)
        saved = _save_answers(store, options) if request.save else ()
        templates_dir = user_templates_dir(request.templates_dir)
        document = build_document(
            info.name,
            answers,
            fmt=request.fmt,
            options=options,
            extras=case_extras(store, answers, needs=extras_needed(info.name, templates_dir)),
            templates_dir=templates_dir,
            paper=request.paper,
        )
        path = _target(request.output, document)
        if path is None:
            return MadeDocument(document, None, saved_answers=saved, asked=asked)
        refuse_to_replace(path, force=request.force, may_replace=may_replace)
        if request.output is None:
            ensure_private_dir(path.parent)
        save_document(document, path)
        record_document(store, document, path)
    if not request.print_copy:
        return MadeDocument(document, path, saved_answers=saved, asked=asked)
    from leavemealone.documents.printer import send_to_printer

    outcome = send_to_printer(path)
    return MadeDocument(document, path, outcome.command, outcome.problem, saved, asked)




def fill_missing(
    info: DocumentInfo,
    answers: Mapping[str, Any],
    options: dict[str, Any],
    ask: FieldAsker | None,
) -> tuple[str, ...]:
    """Ask for the names a document needs and has not got, into ``options``; return the ones asked."""
    missing = missing_fields(info.name, answers, options)
    if missing and ask is None:
        raise NeedsInputError(
            f"{sentence_start(info.title)} needs {_words(missing)}, and nothing can be asked here.",
            hint="Give "
            + " and ".join(map(suggest.option, missing))
            + (", or save them" if len(missing) > 1 else ", or save it")
            + f" with: {suggest.start()}",
        )
    for key in missing:
        assert ask is not None
        typed = clean(ask(key, FIELD_PROMPTS.get(key, key)))
        if typed is None:
            raise NeedsInputError(
                f"{sentence_start(info.title)} needs {FIELD_WORDS.get(key, key)}; nothing was made.",
                hint=f"Give {suggest.option(key)}, or save it with: {suggest.start()}",
            )
        options[key] = typed
    return tuple(missing)


def _save_answers(store: CaseStore, options: Mapping[str, Any]) -> tuple[str, ...]:
    saved = []
    for key in ANSWER_OPTIONS:
        value = clean(options.get(key))
        if value is not None:
            store.set_answer(key, value, source="document")
            saved.append(key)
    return tuple(saved)


def _target(output: Path | None, document: RenderedDocument) -> Path | None:
    """Where to write: the user's path (a folder gets the usual name), else PDFs into the current folder."""
    if output is not None:
        path = output.expanduser()
        return path / document.filename if path.is_dir() else path
    if document.fmt in ("pdf", "docx"):  # not text: never poured onto the screen
        return documents_folder() / document.filename
    return None


def refuse_to_replace(path: Path, *, force: bool, may_replace: ReplaceAsker | None = None) -> None:
    """Stop before a file that is already there is written over, unless that was asked for."""
    if not path.exists() or force or (may_replace is not None and may_replace(path)):
        return
    raise LeaveMeAloneError(
        f"{path} is already there, so nothing was written.",
        hint=f"Choose another name, or {suggest.ADD_FORCE} to replace it.",
    )


def document_phrase(title: str) -> str:
    """A title as it reads inside a sentence: "the letter to your employer", "your action checklist"."""
    lowered = title[:1].lower() + title[1:]
    return lowered if lowered.startswith("your ") else "the " + lowered


def sentence_start(title: str) -> str:
    """``document_phrase`` with a capital letter, to start a sentence."""
    phrase = document_phrase(title)
    return phrase[:1].upper() + phrase[1:]




def _words(keys: list[str]) -> str:
    return " and ".join(f"{FIELD_WORDS.get(key, key)} ({suggest.option(key)})" for key in keys)


# --- the record of documents made ------------------------------------------------------


def record_document(store: CaseStore, document: RenderedDocument, path: Path) -> None:
    """Remember that ``document`` was written to ``path`` (the store seals the path)."""
    store.record_document(document.name, document.sha256, path)



# --- the notice as evidence ------------------------------------------------------------


def record_delivery(case: str, *, delivered_on: str, via: str) -> Delivery:
    """Log that the notice was delivered; later incidents then count as "after notice"."""
    from leavemealone.log.entries import record_notice_delivery
    from leavemealone.log.model import notice_via_words
    from leavemealone.store.cases import open_case

    with open_case(case) as store:
        entry = record_notice_delivery(store, delivered_on=delivered_on, via=via)
    return Delivery(entry.seq, entry.text("when") or delivered_on, notice_via_words(entry.text("via")))


