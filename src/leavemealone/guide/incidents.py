"""Asking for an incident, one short question at a time, through any asker.

``log add`` in a terminal and the guided flow's "add incidents" action both
ask here, with the questions ``log.fields`` defines. Ctrl-C comes through
as ``IncidentStopped`` (a ``KeyboardInterrupt``) carrying what was answered;
``log add`` keeps that as a sealed draft and offers it the next time.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leavemealone.ask.protocol import Asker, Back
from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow.model import Choice, Question
from leavemealone.inputs import typed_path
from leavemealone.log import fields
from leavemealone.log.model import parse_when
from leavemealone.log.when import spoken

if TYPE_CHECKING:
    from leavemealone.log.model import Entry
    from leavemealone.store.case_store import CaseStore

MAX_FILES = 20
# What happened first: in the flow, an empty answer there means "no more incidents".
_ASKED = (
    fields.WHAT,
    fields.WHEN,
    fields.WHERE,
    fields.CHANNELS_FIELD,
    fields.WITNESSES,
    fields.POLICE_REPORT,
    fields.OFFICER,
    fields.EVIDENCE,
)
_KINDS = {"time": "text", "text": "text", "channels": "multi", "names": "text", "files": "path"}
# The draft log add keeps (by this name) when it is stopped: every field but the evidence files.
DRAFT = "incident"
_DRAFTED = tuple(field for field in _ASKED if field is not fields.EVIDENCE)
DRAFT_NOTE = "Kept from when you stopped last time: Enter keeps it; empty it to throw it away."


class IncidentStopped(KeyboardInterrupt):
    """Ctrl-C while an incident was asked: ``answers`` holds what was given and answered before it.

    ``kept`` says whether a draft is now kept for next time.
    """

    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self.answers = answers
        self.kept = False


def incident_question(field: fields.IncidentField, *, required: bool | None = None) -> Question:
    """The question that asks for ``field``."""
    choices = tuple(Choice(value, label[:1].upper() + label[1:]) for value, label in fields.CHANNEL_CHOICES)
    return Question(
        id=field.name,
        kind=_KINDS[field.kind],
        prompt=field.prompt,
        choices=choices if field.kind == "channels" else (),
        default=[] if field.kind == "channels" else None,
        required=field.required if required is None else required,
        empty=field.empty,
    )


def add_asked_incident(store: CaseStore, asker: Asker, given: dict[str, Any]) -> Entry | None:
    """``log add`` in a terminal: ask what ``given`` lacks, offering the draft a stopped run kept.

    Adding the incident drops the draft. Emptying a drafted "what happened"
    throws the draft away and adds nothing (None). Ctrl-C keeps what was
    typed as the draft (merged over the old one) and raises ``IncidentStopped``.
    """
    from leavemealone.log.entries import add_incident
    from leavemealone.store.drafts import drop_draft, keep_draft, read_draft

    drafted = read_draft(store, DRAFT)
    try:
        answers = ask_incident(asker, given, drafted=drafted)
    except IncidentStopped as stopped:
        typed = _draft_fields(stopped.answers)
        if typed.get("what"):
            keep_draft(store, DRAFT, {**(drafted or {}), **typed})
        stopped.kept = bool(typed.get("what")) or drafted is not None
        raise
    if answers is None:
        drop_draft(store, DRAFT)
        return None
    entry = add_incident(store, **answers)
    drop_draft(store, DRAFT)
    return entry


def _draft_fields(answers: dict[str, Any]) -> dict[str, Any]:
    """What a draft keeps: each text field given, the time as a fixed day ("yesterday" moves)."""
    kept = {field.name: answers[field.name] for field in _DRAFTED if not _missing(answers.get(field.name))}
    if "when" in kept:
        try:
            kept["when"] = parse_when(str(kept["when"]))
        except LeaveMeAloneError:
            del kept["when"]
    return kept


def ask_incident(
    asker: Asker,
    given: dict[str, Any],
    *,
    empty_what_stops: bool = False,
    drafted: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Ask for each field of an incident that ``given`` lacks; return all of them.

    Keys are the field names (``what``, ``when``, ... ``evidence``, a list of
    paths). With ``empty_what_stops``, an empty answer to "what happened"
    (or going back from it) returns None: the flow's way to stop adding.
    ``drafted`` answers stand in each box, for Enter to keep; an emptied
    drafted "what happened" returns None. Going back from any other
    question asks the one before it again. Ctrl-C raises ``IncidentStopped``.
    """
    answers = dict(given)
    try:
        return _ask_each(asker, answers, empty_what_stops=empty_what_stops, drafted=drafted or {})
    except IncidentStopped:
        raise
    except KeyboardInterrupt:
        raise IncidentStopped(answers) from None


def _ask_each(
    asker: Asker, answers: dict[str, Any], *, empty_what_stops: bool, drafted: dict[str, Any]
) -> dict[str, Any] | None:
    wanted = [field for field in _ASKED if _missing(answers.get(field.name))]
    index = 0
    while index < len(wanted):
        field = wanted[index]
        if field is fields.OFFICER and not answers.get("police_report"):
            index += 1
            continue
        offered = drafted.get(field.name)
        required = not empty_what_stops and field.required and offered is None
        reply = _ask_field(asker, field, required=required, offered=offered)
        if isinstance(reply, Back):
            if index == 0:
                if empty_what_stops:
                    return None
                asker.say("This is the first question; there is nothing to go back to.")
                continue
            index -= 1
            continue
        if field is fields.WHAT and (empty_what_stops or offered is not None) and not reply:
            return None
        answers[field.name] = reply
        index += 1
    return answers


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _ask_field(asker: Asker, field: fields.IncidentField, *, required: bool, offered: Any = None) -> Any:
    """Ask one field until its answer can be used; a time or a file that cannot is explained.

    ``offered`` (a draft's answer) stands in the box.
    """
    question = incident_question(field, required=required)
    if field.kind == "files":
        return _ask_files(asker, question)
    default = question.default
    if offered is not None:
        default = "; ".join(offered) if field.kind == "names" else offered
        if field is fields.WHAT:
            question = dataclasses.replace(question, help=DRAFT_NOTE)
    while True:
        reply = asker.ask(question, default)
        if isinstance(reply, Back):
            return reply
        if field.kind == "names":
            return [name.strip() for name in str(reply or "").split(";") if name.strip()]
        if field.kind == "channels":
            return list(reply or [])
        if not str(reply or "").strip():
            return None
        if field.kind != "time":
            return reply
        try:
            read = parse_when(str(reply), option="The time")
        except LeaveMeAloneError as error:
            asker.say(error.message + (f" {error.hint}" if error.hint else ""))
            continue
        if "/" in str(reply):  # the one form read a single way of two: say which
            asker.say(f"Read as {spoken(read)} (month first).")
        return str(reply).strip()


def _ask_files(asker: Asker, question: Question) -> list[Path] | Back:
    files: list[Path] = []
    while len(files) < MAX_FILES:
        prompt = question.prompt if not files else "Another file"
        reply = asker.ask(Question(id=question.id, kind="path", prompt=prompt, required=False), None)
        if isinstance(reply, Back):
            return reply if not files else files
        if not str(reply or "").strip():
            return files
        path = typed_path(str(reply))  # a dragged file arrives quoted or escaped
        if not path.is_file():
            asker.say("There is no such file. Check the path, or press Enter to skip.")
            continue
        files.append(path)
    return files
