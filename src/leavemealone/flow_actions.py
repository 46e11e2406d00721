"""The guided flow's actions: add incidents to the log, and export the log, from inside a step.

Both ask through the walk's own asker, so a terminal, a screen reader and a
test script answer the same questions. A failure becomes a sentence and the
walk goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leavemealone.document_offers import ask_target
from leavemealone.engine import Back
from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow import Choice, Question

if TYPE_CHECKING:
    from leavemealone.engine import ActionPerformer, Asker
    from leavemealone.flow import Flow
    from leavemealone.store import CaseStore

MAX_INCIDENTS_AT_ONCE = 20


def flow_action_performer(store: CaseStore, asker: Asker, *, flow: Flow) -> ActionPerformer:
    """The ``perform_action`` hook of a walk."""

    def perform(name: str) -> str:
        try:
            if name == "log_incidents":
                return _add_incidents(store, asker, flow)
            if name == "log_notice_delivery":
                return _record_delivery(store, asker)
            return _export_log(store, asker)
        except LeaveMeAloneError as error:
            hint = f" {error.hint}" if error.hint else ""
            return f"That did not work: {error.message}{hint}"

    return perform


def _incident_questions(flow: Flow) -> list[Question]:
    channels = flow.questions().get("contact_channels")
    return [
        Question(
            id="what",
            kind="text",
            prompt="What happened? (Enter on an empty line to stop adding)",
            help="Say it plainly: what they did or said, and how it reached you.",
            required=False,
        ),
        Question(
            id="when",
            kind="text",
            prompt="When? (YYYY-MM-DD HH:MM, or a day YYYY-MM-DD; Enter for now)",
            required=False,
        ),
        Question(id="where", kind="text", prompt="Where did it happen?", required=False),
        Question(
            id="channels",
            kind="multi",
            prompt="How did it reach you?",
            choices=channels.choices if channels else (Choice("in_person", "In person"),),
            default=[],
        ),
        Question(
            id="witnesses",
            kind="text",
            prompt="Who saw or heard it? (names and how to reach them, separated by ';')",
            required=False,
        ),
        Question(id="police_report", kind="text", prompt="Police report number, if any", required=False),
    ]


def _add_incidents(store: CaseStore, asker: Asker, flow: Flow) -> str:
    from leavemealone.incidents import add_incident

    added = 0
    while added < MAX_INCIDENTS_AT_ONCE:
        fields: dict[str, Any] = {}
        for question in _incident_questions(flow):
            reply = _ask_field(asker, question)
            if isinstance(reply, Back) or (question.id == "what" and not reply):
                return _added_line(added)
            fields[question.id] = reply
        witnesses = [name.strip() for name in str(fields["witnesses"] or "").split(";") if name.strip()]
        entry = add_incident(
            store,
            what=fields["what"],
            when=fields["when"] or None,
            where=fields["where"],
            channels=fields["channels"] or [],
            witnesses=witnesses,
            police_report=fields["police_report"],
        )
        added += 1
        asker.say(f"Saved as entry {entry.seq} of your log.")
        if not asker.confirm("Add another incident?", default=False):
            break
    return _added_line(added)


def _ask_field(asker: Asker, question: Question) -> Any:
    """Ask one field; a time that cannot be read is explained and asked again."""
    from leavemealone.incidents_model import parse_when

    while True:
        reply = asker.ask(question, question.default)
        if question.id != "when" or isinstance(reply, Back):
            return reply
        try:
            parse_when(str(reply) if reply else None, option="The time")
        except LeaveMeAloneError as error:
            asker.say(error.message)
            continue
        return reply


def _added_line(added: int) -> str:
    if not added:
        return "Nothing was added. You can add incidents at any time with: leavemealone log add"
    noun = "incident" if added == 1 else "incidents"
    return f"Added {added} {noun} to your log. See them with: leavemealone log list"


_VIA_LABELS = {
    "letter": "By letter or post",
    "email": "By email",
    "text": "By text message",
    "social_media": "By a message on social media",
    "in_person": "In person",
    "other": "Another way",
}


def _record_delivery(store: CaseStore, asker: Asker) -> str:
    from leavemealone.incidents import record_notice_delivery
    from leavemealone.incidents_model import NOTICE_VIA

    answers = store.answers()
    # Someone afraid of the person is never shown handing it over as a choice.
    unsafe = answers.get("feels_threatened") or answers.get("in_danger")
    ways = [via for via in NOTICE_VIA if not (unsafe and via == "in_person")]
    day = Question(id="delivered_on", kind="date", prompt="On what day did it reach them?", default="today")
    how = Question(
        id="via",
        kind="select",
        prompt="How did it reach them?",
        choices=tuple(Choice(via, _VIA_LABELS.get(via, via)) for via in ways),
    )
    delivered_on = asker.ask(day, day.default)
    if isinstance(delivered_on, Back) or not delivered_on:
        return "Nothing was recorded. Later: leavemealone notice --delivered-on DATE --via HOW"
    via = asker.ask(how, None)
    if isinstance(via, Back):
        return "Nothing was recorded. Later: leavemealone notice --delivered-on DATE --via HOW"
    entry = record_notice_delivery(store, delivered_on=str(delivered_on), via=str(via))
    return (
        f"Recorded in your log (entry {entry.seq}): the notice reached them on {delivered_on}. "
        'Anything they do after it shows as "after notice".'
    )


def _export_log(store: CaseStore, asker: Asker) -> str:
    from leavemealone.incidents_export import export_log, save_export
    from leavemealone.paperwork import default_path
    from leavemealone.render import fmt_from_path

    path = ask_target(asker, default_path("log"))
    if path is None:
        return "The timeline was not made. You can make it later with: leavemealone log export --output FILE"
    export = export_log(store, fmt=fmt_from_path(path) or "pdf")
    save_export(export, path)
    lines = [f"Saved the timeline of your log to {path} (only you can open it)."]
    lines.extend(f"Note: {warning}" for warning in export.warnings)
    return "\n".join(lines)
