"""Asking for an incident, one short question at a time, through any asker.

``log add`` in a terminal and the guided flow's "add incidents" action both
ask here, with the questions ``log.fields`` defines. Nothing is saved here;
Ctrl-C comes through as ``KeyboardInterrupt`` before anything is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leavemealone.ask.protocol import Asker, Back
from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow.model import Choice, Question
from leavemealone.inputs import typed_path
from leavemealone.log import fields
from leavemealone.log.model import parse_when
from leavemealone.log.when import spoken

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


def ask_incident(
    asker: Asker, given: dict[str, Any], *, empty_what_stops: bool = False
) -> dict[str, Any] | None:
    """Ask for each field of an incident that ``given`` lacks; return all of them.

    Keys are the field names (``what``, ``when``, ... ``evidence``, a list of
    paths). With ``empty_what_stops``, an empty answer to "what happened"
    (or going back from it) returns None: the flow's way to stop adding.
    Going back from any other question asks the one before it again.
    """
    answers = dict(given)
    wanted = [field for field in _ASKED if _missing(answers.get(field.name))]
    index = 0
    while index < len(wanted):
        field = wanted[index]
        if field is fields.OFFICER and not answers.get("police_report"):
            index += 1
            continue
        reply = _ask_field(asker, field, required=not empty_what_stops and field.required)
        if isinstance(reply, Back):
            if index == 0:
                if empty_what_stops:
                    return None
                asker.say("This is the first question; there is nothing to go back to.")
                continue
            index -= 1
            continue
        if field is fields.WHAT and empty_what_stops and not reply:
            return None
        answers[field.name] = reply
        index += 1
    return answers


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _ask_field(asker: Asker, field: fields.IncidentField, *, required: bool) -> Any:
    """Ask one field until its answer can be used; a time or a file that cannot is explained."""
    question = incident_question(field, required=required)
    if field.kind == "files":
        return _ask_files(asker, question)
    while True:
        reply = asker.ask(question, question.default)
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
