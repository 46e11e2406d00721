"""The guided flow's actions: add incidents to the log, and export the log, from inside a step.

Both ask through the walk's own asker, so a terminal, a screen reader and a
test script answer the same questions. A failure becomes a sentence and the
walk goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leavemealone import suggest
from leavemealone.ask.protocol import Back
from leavemealone.errors import LeaveMeAloneError
from leavemealone.flow.model import Choice, Question
from leavemealone.guide.offers import ask_target

if TYPE_CHECKING:
    from leavemealone.ask.protocol import Asker
    from leavemealone.guide.walk import ActionPerformer
    from leavemealone.store.case_store import CaseStore

MAX_INCIDENTS_AT_ONCE = 20


def flow_action_performer(store: CaseStore, asker: Asker) -> ActionPerformer:
    """The ``perform_action`` hook of a walk."""

    def perform(name: str) -> str:
        try:
            if name == "log_incidents":
                return _add_incidents(store, asker)
            if name == "log_notice_delivery":
                return _record_delivery(store, asker)
            return _export_log(store, asker)
        except LeaveMeAloneError as error:
            hint = f" {error.hint}" if error.hint else ""
            return f"That did not work: {error.message}{hint}"

    return perform


def _add_incidents(store: CaseStore, asker: Asker) -> str:
    from leavemealone.guide.incidents import ask_incident
    from leavemealone.log.entries import add_incident

    added = 0
    while added < MAX_INCIDENTS_AT_ONCE:
        fields = ask_incident(asker, {}, empty_what_stops=True)
        if fields is None:
            break
        entry = add_incident(store, **fields)
        added += 1
        asker.say(f"Saved as entry {entry.seq} of your log.")
        if not asker.confirm("Add another incident?", default=False):
            break
    return _added_line(added)


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
    from leavemealone.log.entries import record_notice_delivery
    from leavemealone.log.model import NOTICE_VIA

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
        return f"Nothing was recorded. Later: {suggest.RECORD_DELIVERY}"
    via = asker.ask(how, None)
    if isinstance(via, Back):
        return f"Nothing was recorded. Later: {suggest.RECORD_DELIVERY}"
    entry = record_notice_delivery(store, delivered_on=str(delivered_on), via=str(via))
    return (
        f"Recorded in your log (entry {entry.seq}): the notice reached them on {delivered_on}. "
        'Anything they do after it shows as "after notice".'
    )


def _export_log(store: CaseStore, asker: Asker) -> str:
    from leavemealone.documents.formats import fmt_from_path
    from leavemealone.guide.paperwork import default_path
    from leavemealone.log.export import save_export

    path = ask_target(asker, default_path("log"))
    if path is None:
        return f"The timeline was not made. You can make it later with: {suggest.EXPORT_LOG}"
    export = save_export(store, path, fmt=fmt_from_path(path) or "pdf")
    lines = [f"Saved the timeline of your log to {path} (only you can open it)."]
    lines.extend(f"Note: {warning}" for warning in export.warnings)
    return "\n".join(lines)
