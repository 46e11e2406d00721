"""The CSV and JSON exports, for lawyers and advocates: written row by row as the log is read.

CSV has one row per entry as recorded (corrections are rows of their own)
with every hash; JSON has the summary, the timeline as it stands, the
exhibits, the entries as recorded and the chain, laid out exactly as
``json.dumps(indent=2)`` would, but one item at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from leavemealone.log.entries import iter_entries
from leavemealone.log.model import GENESIS, Entry, Incident
from leavemealone.log.report import HOW_TO_CHECK, TITLE, ExportContext
from leavemealone.log.timeline import incidents_for
from leavemealone.store.case_store import CaseStore

CSV_COLUMNS = (
    "entry", "kind", "corrects_entry", "when", "what", "where", "channels", "witnesses", "police_report",
    "officer", "notice_via", "note", "evidence", "after_notice", "corrected_by", "recorded_at",
    "content_hash", "prev_hash", "entry_hash",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Utf8:
    """Text written as UTF-8 into a binary target (what ``csv.writer`` needs)."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target

    def write(self, text: str) -> None:
        self.target.write(text.encode("utf-8"))


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(store: CaseStore, context: ExportContext, target: BinaryIO) -> None:
    """One row per entry as recorded (corrections are rows of their own), with every hash."""
    writer = csv.writer(_Utf8(target), lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in iter_entries(store, upto=context.newest):
        if not context.shows(entry):
            continue
        incident = context.incidents.get(entry.seq)
        record = entry.record
        evidence = "; ".join(f"{item.name} sha256:{item.sha256}" for item in entry.evidence)
        after = ("yes" if incident.after_notice else "no") if incident and entry.kind == "incident" else ""
        corrected_by = "; ".join(str(seq) for seq in incident.corrections) if incident else ""
        texts = [record.get(key) for key in ("when", "what", "where")]
        lists = ["; ".join(entry.items("channels")), "; ".join(entry.items("witnesses"))]
        more = [record.get(key) for key in ("police_report", "officer", "via", "note")]
        hashes = [entry.created_at, entry.content_hash, entry.prev_hash, entry.entry_hash]
        marks = [evidence, after, corrected_by]
        row = [entry.seq, entry.kind, entry.amends, *texts, *lists, *more, *marks, *hashes]
        writer.writerow([_cell(value) for value in row])


class _JsonObject:
    """A JSON object written member by member, laid out as ``json.dumps(indent=2)`` lays it out."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.members = 0
        self._out("{")

    def _out(self, text: str) -> None:
        self.target.write(text.encode("utf-8"))

    def _key(self, key: str) -> None:
        self._out(("\n" if not self.members else ",\n") + f"  {indented_json(key, 0)}: ")
        self.members += 1

    def member(self, key: str, value: Any) -> None:
        """One member whose value is small enough to hold."""
        self._key(key)
        self._out(indented_json(value, 1))

    def array(self, key: str, items: Iterable[Any]) -> None:
        """One member whose value is a list, written item by item as ``items`` gives them."""
        self._key(key)
        count = 0
        for item in items:
            self._out(("[" if not count else ",") + "\n    " + indented_json(item, 2))
            count += 1
        self._out("\n  ]" if count else "[]")

    def close(self) -> None:
        """End the object (and the file, with a newline)."""
        self._out("\n}\n")


_STRING = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes a string as
_MARKS = {None: "null", True: "true", False: "false"}
_BREAKS = tuple("\n" + "  " * depth for depth in range(32))  # a new line indented ``depth`` deep


def _break(depth: int) -> str:
    return _BREAKS[depth] if depth < len(_BREAKS) else "\n" + "  " * depth


def indented_json(value: Any, depth: int = 0) -> str:
    """``value`` exactly as ``json.dumps(indent=2, ensure_ascii=False)`` writes it, nested ``depth`` deep.

    json writes indented JSON with its pure-Python encoder; this writes the
    strings, numbers and marks with the same functions but skips its
    generators (and dispatches on the exact type, as JSON read back gives),
    which makes a JSON export about twice as fast.
    """
    kind = type(value)
    if kind is str:
        return str(_STRING(value))
    if kind is dict:
        if not value:
            return "{}"
        inner = _break(depth + 1)
        members = []
        for key, item in value.items():
            if type(key) is not str:  # json.dumps turns other keys into text its own way
                return _dumped(value, depth)
            members.append(f"{inner}{_STRING(key)}: {indented_json(item, depth + 1)}")
        return "{" + ",".join(members) + _break(depth) + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = _break(depth + 1)
        items = [inner + indented_json(item, depth + 1) for item in value]
        return "[" + ",".join(items) + _break(depth) + "]"
    if value is None or value is True or value is False:
        return _MARKS[value]
    if kind is int:
        return int.__repr__(value)
    return _dumped(value, depth)  # floats, and the rare rest (subclasses of str, dict, list, int)


def _dumped(value: Any, depth: int) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", _break(depth))


def write_json(store: CaseStore, context: ExportContext, target: BinaryIO) -> None:
    """The export as plain data: summary, timeline as it stands, entries as recorded, exhibits, chain."""
    summary = context.summary
    notice = summary.notice
    document = _JsonObject(target)
    document.member("title", TITLE)
    document.member("exported_on", context.day)
    document.member("kept_by", context.your_name)
    document.member("about", context.their_name)
    document.member("covers", {"since": context.since, "until": context.until})
    document.member(
        "summary",
        {
            "incidents": summary.incidents,
            "first": summary.first,
            "last": summary.last,
            "notice": {"entry": notice.seq, "delivered": notice.when, "via": notice.via} if notice else None,
            "after_notice": summary.after_notice,
            "by_channel": {channel or "not_recorded": count for channel, count in summary.by_channel.items()},
            "by_month": {
                month: {"incidents": total, "after_notice": after}
                for month, (total, after) in summary.by_month.items()
            },
            "police_reports": [{"number": number, "entry": seq} for number, seq in summary.police_reports],
            "with_evidence": summary.with_evidence,
        },
    )
    timeline = incidents_for(store, context.chosen)
    document.array("timeline", (_incident_json(context, incident) for incident in timeline))
    with_files = incidents_for(store, (item for item in context.chosen if item.files))
    document.array(
        "exhibits",
        (
            {"exhibit": exhibit.number, "entry": exhibit.seq, **exhibit.evidence.as_dict()}
            for incident in with_files
            for exhibit in context.exhibits(incident)
        ),
    )
    shown = (entry for entry in iter_entries(store, upto=context.newest) if context.shows(entry))
    document.array("entries", (_entry_json(entry) for entry in shown))
    report = context.report
    chain = {"head": report.head, "entries": report.entries, "genesis": GENESIS, "how_to_check": HOW_TO_CHECK}
    document.member("chain", chain)
    document.member("verification", {"ok": report.ok, "problems": report.messages})
    document.close()


def _incident_json(context: ExportContext, incident: Incident) -> dict[str, Any]:
    numbers = context.exhibit_numbers(incident)
    return {
        "entry": incident.seq,
        "kind": incident.kind,
        "when": incident.when,
        "what": incident.what,
        "where": incident.where,
        "channels": list(incident.channels),
        "witnesses": list(incident.witnesses),
        "police_report": incident.police_report,
        "officer": incident.officer,
        "notice_via": incident.via,
        "after_notice": incident.after_notice,
        "exhibits": [numbers.get(item.sha256) for item in incident.evidence],
        "corrected_in": [correction.seq for correction in incident.corrections],
    }


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "amends": entry.amends,
        "created_at": entry.created_at,
        "record": entry.record,
        "content_hash": entry.content_hash,
        "prev_hash": entry.prev_hash,
        "entry_hash": entry.entry_hash,
    }
