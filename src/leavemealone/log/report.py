"""What the export says, whatever its format: the cover's numbers, the exhibits, and the document's blocks.

The document is made as blocks (``documents.markdown.Block``), a few at a
time, and each writer (md, txt, html, pdf) writes them as they come: never
the whole log at once, never Markdown parsed back. User text goes into the
blocks as it was typed; each writer escapes it for its format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from leavemealone import suggest
from leavemealone.documents.markdown import Block
from leavemealone.documents.user_text import strip_controls
from leavemealone.log import fields
from leavemealone.log.index import Indexed, LogIndex
from leavemealone.log.model import (
    CHANNEL_LABELS,
    CHANNELS,
    GENESIS,
    Entry,
    Evidence,
    Incident,
    notice_via_words,
)
from leavemealone.log.verify import VerifyReport

TITLE = "Incident log"
HOW_TO_CHECK = (
    "Each entry's content hash is the SHA-256 of its record as compact JSON with sorted keys "
    "(the record's fields plus seq, kind, amends and created_at). Each entry's chain hash is the "
    "SHA-256 of the previous entry's chain hash followed by its own content hash, both as hex text; "
    f"the first entry follows {GENESIS[:8]}... (64 zeros). The head is the newest entry's chain hash."
)
Run = tuple[str, bool]  # (text, bold)


class LogSummary:
    """The cover's numbers over the incidents shown (notices are not incidents): counts, notice, reports."""

    def __init__(self, chosen: Sequence[Indexed], notice: Indexed | None) -> None:
        incidents = [item for item in chosen if item.kind == "incident"]
        channels: Counter[str] = Counter()
        months: dict[str, list[int]] = {}
        reports: dict[str, int] = {}
        for item in incidents:
            channels.update(item.channels or ("",))
            counts = months.setdefault(item.when[:7], [0, 0])
            counts[0] += 1
            counts[1] += item.after_notice
            if item.police_report:
                reports.setdefault(item.police_report, item.seq)
        self.incidents = len(incidents)
        self.first = incidents[0].when if incidents else None
        self.last = incidents[-1].when if incidents else None
        self.notice = notice
        self.after_notice = sum(item.after_notice for item in incidents)
        self.by_channel = {channel: channels[channel] for channel in CHANNELS if channels[channel]}
        if channels[""]:
            self.by_channel[""] = channels[""]
        self.by_month = {month: (total, after) for month, (total, after) in sorted(months.items())}
        self.police_reports = list(reports.items())
        self.with_evidence = sum(1 for item in incidents if item.files)


class ExportContext:
    """Everything one export needs, worked out from the index before any entry is written."""

    def __init__(
        self,
        index: LogIndex,
        chosen: list[Indexed],
        report: VerifyReport,
        answers: dict[str, Any],
        day: str,
        since: str | None,
        until: str | None,
    ) -> None:
        self.chosen = chosen
        self.report = report
        self.newest = index.newest
        self.day = day
        self.since, self.until = since, until
        self.your_name = _answer(answers, "your_name")
        self.their_name = _answer(answers, "their_name")
        self.summary = LogSummary(chosen, index.notice)
        self.first_exhibit, self.exhibit_count = first_exhibits(chosen)

    @cached_property
    def incidents(self) -> dict[int, Indexed]:
        """The chosen incidents by entry number (only CSV and JSON need them: a PDF keeps the room)."""
        return {item.seq: item for item in self.chosen}

    def shows(self, entry: Entry) -> bool:
        """Whether an entry as recorded belongs in this export: a chosen incident, or a correction of one."""
        target = entry.amends if entry.kind == "correction" else entry.seq
        return target in self.incidents

    def exhibits(self, incident: Incident) -> list[Exhibit]:
        """An incident's files as exhibits, in the order they were kept."""
        return exhibits_of(incident, self.first_exhibit)

    def exhibit_numbers(self, incident: Incident) -> dict[str, int]:
        """Exhibit number by SHA-256 (the same file kept twice shows its later number)."""
        return {exhibit.evidence.sha256: exhibit.number for exhibit in self.exhibits(incident)}


@dataclass(frozen=True)
class Exhibit:
    """An evidence file as listed in the export: its number, the entry it came with, and its hash."""

    number: int
    seq: int
    evidence: Evidence


def first_exhibits(timeline: Iterable[Indexed | Incident]) -> tuple[dict[int, int], int]:
    """Files are numbered from 1 in timeline order: each incident's first number, and how many in all."""
    first: dict[int, int] = {}
    count = 0
    for item in timeline:
        if item.files:
            first[item.seq] = count + 1
            count += item.files
    return first, count


def exhibits_of(incident: Incident, first: dict[int, int]) -> list[Exhibit]:
    """An incident's files as exhibits, numbered from its first number (``first_exhibits``)."""
    start = first.get(incident.seq, 0)
    return [Exhibit(start + offset, incident.seq, item) for offset, item in enumerate(incident.evidence)]


def list_exhibits(timeline: Sequence[Incident]) -> list[Exhibit]:
    """Every evidence file of a timeline already opened, numbered from 1 in its order."""
    first, _ = first_exhibits(timeline)
    return [exhibit for incident in timeline for exhibit in exhibits_of(incident, first)]


def _answer(answers: dict[str, Any], key: str) -> str | None:
    value = answers.get(key)
    if value is None:
        return None
    return str(value).strip() or None


# --- blocks ---------------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n\s*\n+")


def user(text: str | None) -> str:
    """User text as shown: no control or escape sequences, blank lines closed up, no space around it.

    Nothing is escaped: each writer escapes for its format.
    """
    return _BLANK_LINES.sub("\n", strip_controls(text or "")).strip()


def _paragraph(*lines: list[Run]) -> Block:
    runs: list[Run] = []
    for number, line in enumerate(lines):
        runs += [("\n", False), *line] if number else line
    return Block("paragraph", runs)


def _plain(text: str) -> Block:
    return Block("paragraph", [(text, False)])


def _heading(level: int, text: str) -> Block:
    return Block("heading", [(text, False)], level=level)


def _item(text: str) -> Block:
    return Block("paragraph", [(text, False)], indent=1, marker="•")


def _row(*cells: object, header: bool = False) -> Block:
    texts = [str(cell) for cell in cells]
    return Block("row", [(" | ".join(texts), header)], cells=texts)


RULE = Block("rule")


def cover_blocks(context: ExportContext) -> list[Block]:
    """The cover: who kept the log, about whom, and the summary in numbers and tables."""
    summary = context.summary
    blank = "______________"
    names = [
        [("Kept by:", True), (" " + (user(context.your_name) if context.your_name else blank), False)],
        [("About:", True), (" " + (user(context.their_name) if context.their_name else blank), False)],
        [("Exported on:", True), (f" {context.day}", False)],
    ]
    if context.since or context.until:
        covers = f" {context.since or 'the start'} to {context.until or 'today'}"
        names.append([("Covers:", True), (covers, False)])
    blocks = [_heading(1, TITLE), _paragraph(*names), _heading(2, "Summary")]
    span = f", from {summary.first} to {summary.last}" if summary.first else ""
    items = [f"Incidents recorded: {summary.incidents}{span}"]
    if summary.notice is not None:
        notice = summary.notice
        items.append(
            f"No-contact notice delivered: {notice.when}, {notice_via_words(notice.via)} (entry {notice.seq})"
        )
        items.append(f"Incidents after the notice was delivered: {summary.after_notice}")
    else:
        items.append("No-contact notice: no delivery recorded in this log")
    if summary.police_reports:
        numbers = "; ".join(f"{user(number)} (entry {seq})" for number, seq in summary.police_reports)
        items.append(f"Police report numbers: {numbers}")
    else:
        items.append("Police report numbers: none recorded")
    if context.exhibit_count:
        files = _count(context.exhibit_count, "file")
        items.append(f"Incidents with evidence files: {summary.with_evidence} ({files}; see Exhibits)")
    else:
        items.append("Evidence files: none kept with these entries")
    items.append(f"Integrity check on export: {_verdict(context.report)}")
    blocks += [_item(text) for text in items]
    if summary.by_channel:
        blocks += [_heading(3, "Incidents by channel"), _row("Channel", "Incidents", header=True)]
        for channel, count in summary.by_channel.items():
            blocks.append(_row(CHANNEL_LABELS.get(channel, "not recorded"), count))
    if summary.by_month:
        blocks += [_heading(3, "Incidents by month"), _row("Month", "Incidents", "After notice", header=True)]
        blocks += [_row(month, count, after) for month, (count, after) in summary.by_month.items()]
    blocks += [RULE, _heading(2, "Timeline")]
    return blocks if context.chosen else [*blocks, _plain("No incidents in this range.")]


def _verdict(report: VerifyReport) -> str:
    if report.ok:
        files = _count(report.files, "evidence file")
        return f"all {_count(report.entries, 'entry', 'entries')} and {files} match their hashes."
    return f"PROBLEM FOUND. {report.messages[0]}"


def timeline_block(context: ExportContext, incident: Incident) -> Block:
    """One incident or notice as it stands, with its marks, files and corrections."""
    head: Run = (f"Entry {incident.seq} · {incident.when}", True)
    if incident.kind == "notice":
        how = f", {notice_via_words(incident.via)}"
        lines = [[head, (" · ", False), ("No-contact notice delivered", True), (how, False)]]
    else:
        channels = ", ".join(CHANNEL_LABELS[channel] for channel in incident.channels)
        first: list[Run] = [head] + ([(f" · {channels}", False)] if channels else [])
        if incident.after_notice:
            first += [(" · ", False), ("after notice", True)]
        lines = [first, [(f"{fields.WHAT.label}: {user(incident.what)}", False)]]
        if incident.where:
            lines.append([(f"{fields.WHERE.label}: {user(incident.where)}", False)])
        if incident.witnesses:
            names = "; ".join(user(name) for name in incident.witnesses)
            lines.append([(f"{fields.WITNESSES.label}: {names}", False)])
        police = [f"report {user(incident.police_report)}"] if incident.police_report else []
        police += [f"officer {user(incident.officer)}"] if incident.officer else []
        if police:
            lines.append([("Police: " + ", ".join(police), False)])
    if incident.evidence:
        numbers = context.exhibit_numbers(incident)
        files = [f"Exhibit {numbers[item.sha256]} ({user(item.name)})" for item in incident.evidence]
        lines.append([("Evidence: " + ", ".join(files), False)])
    for correction in incident.corrections:
        note = f": {user(correction.text('note'))}" if correction.text("note") else ""
        changed = changed_fields(correction) or "a note only"
        day = correction.created_at[:10]
        lines.append([(f"Corrected in entry {correction.seq} on {day} ({changed}){note}", False)])
    return _paragraph(*lines)


def changed_fields(correction: Entry) -> str:
    """What a correction changed, in words: ``where, police report, evidence added``."""
    keys = [key for key in correction.record if key not in ("nonce", "note")]
    return ", ".join("evidence added" if key == "evidence" else key.replace("_", " ") for key in keys)


def exhibits_start(context: ExportContext) -> list[Block]:
    """The heading of the exhibits, and what they are."""
    blocks = [RULE, _heading(2, "Exhibits")]
    if not context.exhibit_count:
        return [*blocks, _plain("No evidence files were kept with these entries.")]
    return [
        *blocks,
        _plain(
            "Copies of these files are kept in the log's folder. Each file's SHA-256 below shows the "
            "copy is the same file that was recorded. The originals were only read, never changed."
        ),
    ]


def exhibit_blocks(context: ExportContext, incident: Incident) -> list[Block]:
    """One block for each file kept with an incident: its number, name, size, time and SHA-256."""
    blocks = []
    for exhibit in context.exhibits(incident):
        item = exhibit.evidence
        about = f" {user(item.name)} (entry {exhibit.seq}), {_size(item.size)}, "
        changed = f"last changed {item.modified.replace('T', ' ')}"
        heading: list[Run] = [(f"Exhibit {exhibit.number}.", True), (about + changed, False)]
        blocks.append(_paragraph(heading, [(f"SHA-256: {item.sha256}", False)]))
    return blocks


def check_blocks(report: VerifyReport) -> list[Block]:
    """How anyone can check the log against this export, and any problem the check on export found."""
    blocks = [_heading(2, "Checking that nothing was changed")]
    if report.head is None:
        return [*blocks, _plain("The log is empty.")]
    blocks += [
        _plain(f"Chain head (entry {report.entries}): {report.head}"),
        _plain(
            "Every entry is stored with a SHA-256 hash of its content and of the entry before it, so "
            "changing, removing or reordering any entry changes every hash after it. To check this log, "
            "on the computer that keeps it, run:"
        ),
        Block("paragraph", [(suggest.verify_against(report.head), True)]),
        _plain(
            "It recomputes every hash and every evidence file's hash and says whether entries "
            f"1 to {report.entries} are exactly as they were when this was exported."
        ),
        _plain(HOW_TO_CHECK + " The JSON export holds every field needed to recompute them."),
    ]
    if not report.ok:
        blocks.append(Block("paragraph", [("The check on export found problems:", True)]))
        blocks += [_item(message) for message in report.messages]
    return blocks


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit} ({size:,} bytes)"
        value /= 1024
    return f"{value:.1f} GB ({size:,} bytes)"
