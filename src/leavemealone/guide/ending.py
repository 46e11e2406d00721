"""The end of a walk: the checklist offered, what was saved and where, what is left, the one next thing.

``walk_ending`` builds the same plain summary for ``start`` (when the walk
ends) and ``status`` (at any time); the CLI prints it. ``offer_checklist``
asks, through the walk's asker, how the user wants their checklist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leavemealone import suggest
from leavemealone.ask.protocol import Back
from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow.model import Choice, Flow, Guidance, Question
from leavemealone.flow.walk import applicable_steps

if TYPE_CHECKING:
    from leavemealone.ask.protocol import Asker
    from leavemealone.store.case_store import CaseStore

CHECKLIST_COMMAND = suggest.make_document("checklist")
CHECKLIST_OFFER = "offer:end:checklist"
CHECKLIST_QUESTION = Question(
    id="checklist_how",
    kind="select",
    prompt="Your action checklist is ready: what to do next, with boxes to tick. How would you like it?",
    help="It is made from your answers, and you can make it again at any time.",
    choices=(
        Choice("show", "Show it here"),
        Choice("file", "Save it as a file (PDF, or another kind)"),
        Choice("print", "Print it (a PDF is saved too)"),
        Choice("later", "Not now"),
    ),
    default="show",
)


@dataclass(frozen=True)
class SavedDocument:
    """A document made for this case, and where it was written."""

    title: str
    path: str


@dataclass(frozen=True)
class Ending:
    """Where a case stands once the walk ends (or whenever ``status`` asks).

    ``left`` holds the steps not reached yet, ``later`` those the user left
    for later; ``next_thing`` is one sentence: the one thing to do next.
    """

    data_folder: str
    locked: bool
    documents: tuple[SavedDocument, ...]
    later: tuple[str, ...]
    left: tuple[str, ...]
    next_thing: str
    checklist_command: str = CHECKLIST_COMMAND


def walk_ending(store: CaseStore, flow: Flow, *, case: str) -> Ending:
    """The summary of a case for the end of a walk and for ``status``."""
    from leavemealone.guide.derived import with_derived
    from leavemealone.paths import data_home
    from leavemealone.store import crypto

    answers = with_derived(store.answers())
    records = store.step_records()
    steps = applicable_steps(flow, answers)
    status = {step.id: records[step.id].status if step.id in records else None for step in steps}
    later = tuple(step.title for step in steps if status[step.id] == "later")
    left = tuple(step.title for step in steps if status[step.id] is None)
    home = data_home()
    return Ending(
        data_folder=str(home),
        locked=crypto.key_file_path(home).exists(),
        documents=_saved_documents(store),
        later=later,
        left=left,
        next_thing=_next_thing(store, answers, left or later, case=case),
    )


def _saved_documents(store: CaseStore) -> tuple[SavedDocument, ...]:
    """The newest copy of each document made, in the order they were first made."""
    from leavemealone.documents.catalogue import get_document

    newest: dict[str, str] = {}
    for record in store.made_documents():
        newest[record.name] = str(record.path)
    saved = []
    for name, path in newest.items():
        try:
            title = get_document(name).title
        except LeaveMeAloneError:  # a document of the user's own templates
            title = name
        saved.append(SavedDocument(title[:1].upper() + title[1:], path))
    return tuple(saved)


def _next_thing(store: CaseStore, answers: Mapping[str, Any], waiting: tuple[str, ...], *, case: str) -> str:
    from leavemealone.guide.session import resume_command

    if waiting:
        return f'When you are ready, carry on with "{waiting[0]}": {resume_command(case)}'
    if answers.get("high_risk"):  # before any notice goes out: an advocate helps plan for how they react
        return f"Talk to an advocate before you act or send anything; {suggest.HELP_NOW} lists them."
    if any(record.name == "notice" for record in store.made_documents()) and not _delivery_logged(store):
        return f"Once your notice has reached them, record the day: {suggest.RECORD_DELIVERY}"
    return f"Each time they contact you, add it to your log: {suggest.LOG_ADD}"


def _delivery_logged(store: CaseStore) -> bool:
    """Entries are opened oldest first, one at a time, until a delivery is found (kinds are sealed)."""
    from leavemealone.log.entries import iter_entries

    return any(entry.kind == "notice" for entry in iter_entries(store))


def offer_checklist(store: CaseStore, asker: Asker, flow: Flow) -> None:
    """Ask how the user wants their checklist (here, a file, printed, or not now), once a case."""
    if CHECKLIST_OFFER in store.answers():
        return
    how = asker.ask(CHECKLIST_QUESTION, CHECKLIST_QUESTION.default)
    how = "later" if isinstance(how, Back) else str(how)
    try:
        if how == "show":
            asker.show_guidance(Guidance(text=_checklist_markdown(store, flow)), None)
        elif how == "file":
            from leavemealone.guide.offers import flow_document_maker

            asker.say(flow_document_maker(store, asker, flow=flow)("checklist"))
        elif how == "print":
            asker.say(_print_checklist(store, flow))
    except LeaveMeAloneError as error:
        asker.say(f"The checklist could not be made: {error.message} Later: {CHECKLIST_COMMAND}")
    store.set_answer(CHECKLIST_OFFER, how, source="guide")


def _checklist_markdown(store: CaseStore, flow: Flow) -> str:
    from leavemealone.documents.build import build_document
    from leavemealone.guide.paperwork import case_extras, user_templates_dir

    answers = store.answers()
    document = build_document(
        "checklist",
        answers,
        fmt="md",
        extras=case_extras(store, answers, flow=flow),
        templates_dir=user_templates_dir(),
    )
    return document.safe_markdown or document.markdown


def _print_checklist(store: CaseStore, flow: Flow) -> str:
    from leavemealone.documents.build import build_document, save_document
    from leavemealone.documents.printer import send_to_printer
    from leavemealone.guide.paperwork import case_extras, default_path, record_document, user_templates_dir

    answers = store.answers()
    path = default_path("checklist")
    document = build_document(
        "checklist",
        answers,
        fmt="pdf",
        extras=case_extras(store, answers, flow=flow),
        templates_dir=user_templates_dir(),
    )
    save_document(document, path)
    record_document(store, document, path)
    outcome = send_to_printer(path)
    if outcome.printed:
        return f"Sent your checklist to the printer. The PDF is saved too: {path}"
    return f"{outcome.problem} Your checklist is saved as a PDF: {path}"
