"""The guided flow's document offers: ask where to save, write the file, say where it went.

The hook asks through the walk's own asker, so a terminal, a screen reader
and a test script all answer the same questions. It is used only when
someone can answer (never with ``--no-input``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from leavemealone import suggest
from leavemealone.ask.protocol import Back
from leavemealone.documents.build import build_document, save_document
from leavemealone.documents.catalogue import get_document, missing_fields
from leavemealone.documents.context import clean
from leavemealone.documents.formats import fmt_from_path
from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow.model import Guidance, Question
from leavemealone.guide.paperwork import (
    FIELD_PROMPTS,
    case_extras,
    default_path,
    document_phrase,
    extras_needed,
    record_document,
    sentence_start,
    user_templates_dir,
)

if TYPE_CHECKING:
    from leavemealone.ask.protocol import Asker
    from leavemealone.flow.model import Flow
    from leavemealone.guide.walk import DocumentMaker
    from leavemealone.store.case_store import CaseStore

PATH_ATTEMPTS = 3


def flow_document_maker(store: CaseStore, asker: Asker, *, flow: Flow | None = None) -> DocumentMaker:
    """The ``make_document`` hook of a walk: ask where, write the file, and say where it went.

    A missing name is asked for and kept as an answer, as everything typed
    in the flow is. A failure becomes a sentence, and the walk goes on.
    """

    def make(name: str) -> str:
        try:
            return _make_in_flow(store, asker, flow, name)
        except LeaveMeAloneError as error:
            hint = f" {error.hint}" if error.hint else ""
            return f"The document could not be made: {error.message}{hint}"

    return make


def _make_in_flow(store: CaseStore, asker: Asker, flow: Flow | None, name: str) -> str:
    info = get_document(name)
    later = suggest.make_document(name)
    not_made = f"{sentence_start(info.title)} was not made. You can make it later with: {later}"
    for key in missing_fields(name, store.answers()):
        why = f"{sentence_start(info.title)} needs it. Leave it empty to skip the document for now."
        typed = _ask_text(asker, key, FIELD_PROMPTS[key], why)
        if typed is None:
            return not_made
        store.set_answer(key, typed, source="document")
    path = ask_target(asker, default_path(name))
    if path is None:
        return not_made
    answers = store.answers()
    templates_dir = user_templates_dir()
    document = build_document(
        name,
        answers,
        fmt=fmt_from_path(path) or "pdf",
        extras=case_extras(store, answers, flow=flow, needs=extras_needed(name, templates_dir)),
        templates_dir=templates_dir,
    )
    save_document(document, path)
    record_document(store, document, path)
    asker.say(f"Saved {document_phrase(info.title)} to {path} (only you can open it).")
    if document.advice:  # drawn like guidance: headings and lists, never Markdown marks
        asker.show_guidance(Guidance(text=document.safe_advice or document.advice), None)
    lines = []
    if name == "notice" and not (answers.get("feels_threatened") or answers.get("in_danger")):
        lines.append(f"For a final warning, or a version for email or a text: {suggest.NOTICE_HELP}")
    lines.extend(f"Note: {warning}" for warning in document.warnings)
    return "\n".join(lines)


def _ask_text(asker: Asker, key: str, prompt: str, help_text: str) -> str | None:
    question = Question(id=key, kind="text", prompt=prompt, help=help_text, required=False)
    reply = asker.ask(question, None)
    return None if isinstance(reply, Back) else clean(reply)


def ask_target(asker: Asker, default: Path) -> Path | None:
    """Ask where to save; Enter keeps ``default``. None when the user went back or gave up."""
    question = Question(
        id="document_path",
        kind="text",
        prompt="Where should it be saved?",
        help="Enter keeps the name shown. End the name with .pdf, .docx, .html, .txt or .md "
        "to choose the kind of file.",
        required=False,
    )
    for _ in range(PATH_ATTEMPTS):
        reply = asker.ask(question, str(default))
        if isinstance(reply, Back):
            return None
        typed = clean(reply)
        path = Path(typed).expanduser() if typed else default
        if path.is_dir():
            path = path / default.name
        if fmt_from_path(path) is None:
            asker.say("Please end the file name with .pdf, .docx, .html, .txt or .md.")
        elif path.parent != default.parent and not path.parent.is_dir():
            asker.say(f"There is no folder {path.parent}. Please choose a folder that exists.")
        elif path.exists() and not _may_replace(asker, path):
            asker.say("Then please choose another name.")
        else:
            return path
    return None


def _may_replace(asker: Asker, path: Path) -> bool:
    """Ask before a file that is already there is replaced; no by default."""
    return asker.confirm(f"{path} is already there. Replace it?", default=False)
