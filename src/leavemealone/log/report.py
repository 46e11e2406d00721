"""What the export says, whatever its format: the cover's numbers, the exhibits, and the Markdown.

The Markdown is built once; ``escape`` decides whether user text is kept as
typed (the md file) or escaped so that the converters show it literally.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from leavemealone import suggest
from leavemealone.documents.user_text import strip_controls
from leavemealone.log import fields
from leavemealone.log.model import (
    CHANNEL_LABELS,
    CHANNELS,
    GENESIS,
    Entry,
    Evidence,
    Incident,
    notice_via_words,
)
from leavemealone.log.timeline import first_notice
from leavemealone.log.verify import VerifyReport

TITLE = "Incident log"
HOW_TO_CHECK = (
    "Each entry's content hash is the SHA-256 of its record as compact JSON with sorted keys "
    "(the record's fields plus seq, kind, amends and created_at). Each entry's chain hash is the "
    "SHA-256 of the previous entry's chain hash followed by its own content hash, both as hex text; "
    f"the first entry follows {GENESIS[:8]}... (64 zeros). The head is the newest entry's chain hash."
)


@dataclass(frozen=True)
class Exhibit:
    """An evidence file as listed in the export: its number, the entry it came with, and its hash."""

    number: int
    seq: int
    evidence: Evidence


@dataclass(frozen=True)
class LogSummary:
    """The cover's numbers: counts by channel and month, the notice, police report numbers."""

    incidents: int
    first: str | None
    last: str | None
    notice: Incident | None
    after_notice: int
    by_channel: dict[str, int]
    by_month: dict[str, tuple[int, int]]
    police_reports: list[tuple[str, int]]
    with_evidence: int


class ExportContext:
    """Everything one export needs, computed once: what is shown, the summary, the exhibits."""

    def __init__(
        self,
        entries: list[Entry],
        chosen: list[Incident],
        report: VerifyReport,
        answers: dict[str, Any],
        day: str,
        since: str | None,
        until: str | None,
    ) -> None:
        self.entries = entries
        self.chosen = chosen
        self.report = report
        self.day = day
        self.since, self.until = since, until
        self.your_name = _answer(answers, "your_name")
        self.their_name = _answer(answers, "their_name")
        self.summary = summarise(chosen)
        self.exhibits = list_exhibits(chosen)
        self.exhibit_numbers = {(item.seq, item.evidence.sha256): item.number for item in self.exhibits}
        shown = {incident.seq for incident in chosen}
        shown |= {correction.seq for incident in chosen for correction in incident.corrections}
        self.shown_entries = [entry for entry in entries if entry.seq in shown]
        self.incidents = {incident.seq: incident for incident in chosen}


def _answer(answers: dict[str, Any], key: str) -> str | None:
    value = answers.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def summarise(timeline: Sequence[Incident]) -> LogSummary:
    """Counts for the cover, over the incidents shown (notices are not incidents)."""
    incidents = [incident for incident in timeline if incident.kind == "incident"]
    channels: Counter[str] = Counter()
    for incident in incidents:
        channels.update(incident.channels or ("",))
    by_channel = {channel: channels[channel] for channel in CHANNELS if channels[channel]}
    if channels[""]:
        by_channel[""] = channels[""]
    months: dict[str, list[int]] = {}
    for incident in incidents:
        counts = months.setdefault(incident.when[:7], [0, 0])
        counts[0] += 1
        counts[1] += incident.after_notice
    reports: dict[str, int] = {}
    for incident in incidents:
        if incident.police_report:
            reports.setdefault(incident.police_report, incident.seq)
    return LogSummary(
        incidents=len(incidents),
        first=incidents[0].when if incidents else None,
        last=incidents[-1].when if incidents else None,
        notice=first_notice(timeline),
        after_notice=sum(incident.after_notice for incident in incidents),
        by_channel=by_channel,
        by_month={month: (total, after) for month, (total, after) in sorted(months.items())},
        police_reports=list(reports.items()),
        with_evidence=sum(1 for incident in incidents if incident.evidence),
    )


def list_exhibits(timeline: Sequence[Incident]) -> list[Exhibit]:
    """Every evidence file in timeline order, numbered from 1."""
    exhibits: list[Exhibit] = []
    for incident in timeline:
        for evidence in incident.evidence:
            exhibits.append(Exhibit(len(exhibits) + 1, incident.seq, evidence))
    return exhibits


# --- Markdown -----------------------------------------------------------------------------


def keep_as_typed(text: str) -> str:
    """No escaping: the md export keeps user text exactly as typed."""
    return text


_BLANK_LINES = re.compile(r"\n\s*\n+")


def build_markdown(context: ExportContext, *, escape: Callable[[str], str]) -> str:
    """The whole export as Markdown; ``escape`` is applied to every piece of user text."""

    def user(text: str | None) -> str:
        return escape(_BLANK_LINES.sub("\n", strip_controls(text or "")).strip())

    parts = _cover(context, user)
    parts += ["", "---", "", "## Timeline", ""]
    if not context.chosen:
        parts.append("No incidents in this range.")
    parts += [_timeline_entry(context, incident, user) for incident in context.chosen]
    parts += ["", "---", ""]
    parts += _exhibit_section(context, user)
    parts += _check_section(context)
    return "\n".join(parts) + "\n"


def _cover(context: ExportContext, user: Callable[[str | None], str]) -> list[str]:
    summary = context.summary
    blank = "______________"
    lines = [
        f"# {TITLE}",
        "",
        f"**Kept by:** {user(context.your_name) if context.your_name else blank}",
        f"**About:** {user(context.their_name) if context.their_name else blank}",
        f"**Exported on:** {context.day}",
    ]
    if context.since or context.until:
        lines.append(f"**Covers:** {context.since or 'the start'} to {context.until or 'today'}")
    lines += ["", "## Summary", ""]
    span = f", from {summary.first} to {summary.last}" if summary.first else ""
    lines.append(f"- Incidents recorded: {summary.incidents}{span}")
    if summary.notice is not None:
        notice = summary.notice
        how = notice_via_words(notice.via)
        lines.append(f"- No-contact notice delivered: {notice.when}, {how} (entry {notice.seq})")
        lines.append(f"- Incidents after the notice was delivered: {summary.after_notice}")
    else:
        lines.append("- No-contact notice: no delivery recorded in this log")
    if summary.police_reports:
        numbers = "; ".join(f"{user(number)} (entry {seq})" for number, seq in summary.police_reports)
        lines.append(f"- Police report numbers: {numbers}")
    else:
        lines.append("- Police report numbers: none recorded")
    if context.exhibits:
        files = _count(len(context.exhibits), "file")
        lines.append(f"- Incidents with evidence files: {summary.with_evidence} ({files}; see Exhibits)")
    else:
        lines.append("- Evidence files: none kept with these entries")
    lines.append(f"- Integrity check on export: {_verdict(context.report)}")
    if summary.by_channel:
        lines += ["", "### Incidents by channel", "", "| Channel | Incidents |", "|---|---|"]
        for channel, count in summary.by_channel.items():
            lines.append(f"| {CHANNEL_LABELS.get(channel, 'not recorded')} | {count} |")
    if summary.by_month:
        lines += ["", "### Incidents by month", "", "| Month | Incidents | After notice |", "|---|---|---|"]
        for month, (count, after) in summary.by_month.items():
            lines.append(f"| {month} | {count} | {after} |")
    return lines


def _verdict(report: VerifyReport) -> str:
    if report.ok:
        files = _count(report.files, "evidence file")
        return f"all {_count(report.entries, 'entry', 'entries')} and {files} match their hashes."
    return f"PROBLEM FOUND. {report.messages[0]}"


def _timeline_entry(context: ExportContext, incident: Incident, user: Callable[[str | None], str]) -> str:
    head = f"**Entry {incident.seq} · {incident.when}**"
    if incident.kind == "notice":
        lines = [f"{head} · **No-contact notice delivered**, {notice_via_words(incident.via)}"]
    else:
        channels = ", ".join(CHANNEL_LABELS[channel] for channel in incident.channels)
        marks = [channels] if channels else []
        if incident.after_notice:
            marks.append("**after notice**")
        lines = [" · ".join([head, *marks]), f"{fields.WHAT.label}: {user(incident.what)}"]
        if incident.where:
            lines.append(f"{fields.WHERE.label}: {user(incident.where)}")
        if incident.witnesses:
            lines.append(f"{fields.WITNESSES.label}: " + "; ".join(user(name) for name in incident.witnesses))
        police = [f"report {user(incident.police_report)}"] if incident.police_report else []
        police += [f"officer {user(incident.officer)}"] if incident.officer else []
        if police:
            lines.append("Police: " + ", ".join(police))
    if incident.evidence:
        files = [
            f"Exhibit {context.exhibit_numbers.get((incident.seq, item.sha256), '?')} ({user(item.name)})"
            for item in incident.evidence
        ]
        lines.append("Evidence: " + ", ".join(files))
    for correction in incident.corrections:
        note = f": {user(correction.text('note'))}" if correction.text("note") else ""
        changed = changed_fields(correction) or "a note only"
        lines.append(f"Corrected in entry {correction.seq} on {correction.created_at[:10]} ({changed}){note}")
    return "\n".join(lines) + "\n"


def changed_fields(correction: Entry) -> str:
    """What a correction changed, in words: ``where, police report, evidence added``."""
    keys = [key for key in correction.record if key not in ("nonce", "note")]
    return ", ".join("evidence added" if key == "evidence" else key.replace("_", " ") for key in keys)


def _exhibit_section(context: ExportContext, user: Callable[[str | None], str]) -> list[str]:
    lines = ["## Exhibits", ""]
    if not context.exhibits:
        return [*lines, "No evidence files were kept with these entries.", ""]
    lines.append(
        "Copies of these files are kept in the log's folder. Each file's SHA-256 below shows the "
        "copy is the same file that was recorded. The originals were only read, never changed."
    )
    lines.append("")
    for exhibit in context.exhibits:
        item = exhibit.evidence
        lines.append(
            f"**Exhibit {exhibit.number}.** {user(item.name)} (entry {exhibit.seq}), {_size(item.size)}, "
            f"last changed {item.modified.replace('T', ' ')}\n"
            f"SHA-256: {item.sha256}\n"
        )
    return lines


def _check_section(context: ExportContext) -> list[str]:
    report = context.report
    lines = ["## Checking that nothing was changed", ""]
    if report.head is None:
        return [*lines, "The log is empty.", ""]
    lines += [
        f"Chain head (entry {report.entries}): {report.head}",
        "",
        "Every entry is stored with a SHA-256 hash of its content and of the entry before it, so "
        "changing, removing or reordering any entry changes every hash after it. To check this log, "
        "on the computer that keeps it, run:",
        "",
        f"`{suggest.verify_against(report.head)}`",
        "",
        "It recomputes every hash and every evidence file's hash and says whether entries "
        f"1 to {report.entries} are exactly as they were when this was exported.",
        "",
        HOW_TO_CHECK + " The JSON export holds every field needed to recompute them.",
    ]
    if not report.ok:
        lines += ["", "**The check on export found problems:**", ""]
        lines += [f"- {message}" for message in report.messages]
    return [*lines, ""]


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
