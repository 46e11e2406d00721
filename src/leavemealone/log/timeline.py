"""The log as it stands: entries read back, corrections applied, "after notice" marked, filtered.

``log list``, ``log show``, the letters' counts and the export read the log
through here; nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from leavemealone.log.entries import load_entries, load_entry
from leavemealone.log.model import Entry, Incident, check_channels, notice_via_words, parse_when
from leavemealone.store.case_store import CaseStore


def build_timeline(entries: Sequence[Entry]) -> list[Incident]:
    """Incidents and notices with their corrections applied, oldest first, "after notice" marked."""
    incidents: dict[int, Incident] = {}
    for entry in entries:
        if entry.kind == "correction":
            target = incidents.get(entry.amends or 0)
            if target is not None:
                _apply(target, entry)
            continue
        incidents[entry.seq] = Incident(
            entry,
            when=entry.text("when") or entry.created_at[:16].replace("T", " "),
            what=entry.text("what"),
            where=entry.text("where"),
            channels=entry.items("channels"),
            witnesses=entry.items("witnesses"),
            police_report=entry.text("police_report"),
            officer=entry.text("officer"),
            via=entry.text("via"),
            evidence=entry.evidence,
        )
    timeline = sorted(incidents.values(), key=lambda incident: (incident.when, incident.seq))
    notice = first_notice(timeline)
    if notice is not None:
        for incident in timeline:
            incident.after_notice = incident.kind == "incident" and is_after(incident.when, notice.when)
    return timeline


def _apply(incident: Incident, correction: Entry) -> None:
    record = correction.record
    for key in ("when", "what", "where", "police_report", "officer", "via"):
        if key in record:
            setattr(incident, key, correction.text(key))
    for key in ("channels", "witnesses"):
        if key in record:
            setattr(incident, key, correction.items(key))
    incident.evidence = incident.evidence + correction.evidence
    incident.corrections.append(correction)


def first_notice(timeline: Sequence[Incident]) -> Incident | None:
    """The earliest recorded delivery of the no-contact notice, if any."""
    notices = [incident for incident in timeline if incident.kind == "notice"]
    return min(notices, key=lambda notice: notice.when) if notices else None


def is_after(when: str, notice_when: str) -> bool:
    """Whether a time is surely after the notice: a notice known only by day counts from the next day."""
    if len(notice_when) <= 10:
        return when[:10] > notice_when
    return when > notice_when


def in_range(when: str, since: str | None, until: str | None) -> bool:
    """Whether ``when`` falls between ``since`` and ``until``, both inclusive (a day covers all of it)."""
    if since is not None and when[: len(since)] < since:
        return False
    return until is None or when[: len(until)] <= until


def select(
    timeline: Sequence[Incident],
    *,
    since: str | None = None,
    until: str | None = None,
    channel: str | None = None,
) -> list[Incident]:
    """The incidents (and notices) inside the filters, in the timeline's order."""
    start = parse_when(since, option="The first day", future_ok=True) if since else None
    end = parse_when(until, option="The last day", future_ok=True) if until else None
    chosen = check_channels([channel] if channel else [])
    wanted = chosen[0] if chosen else None
    return [
        incident
        for incident in timeline
        if in_range(incident.when, start, end) and (wanted is None or wanted in incident.channels)
    ]


def list_incidents(
    store: CaseStore, *, since: str | None = None, until: str | None = None, channel: str | None = None
) -> list[Incident]:
    """The timeline, newest first, filtered by day range and channel."""
    timeline = build_timeline(load_entries(store))
    return list(reversed(select(timeline, since=since, until=until, channel=channel)))


@dataclass(frozen=True)
class EntryDetail:
    """One entry in full: as recorded, and (for an incident) as it stands after corrections."""

    entry: Entry
    incident: Incident | None
    corrected: Incident | None  # for a correction: the incident it corrects
    notice: Incident | None  # the first notice delivery in the log, if any


def show_entry(store: CaseStore, seq: int) -> EntryDetail:
    """Everything about entry ``seq``: its fields, evidence, hashes and corrections."""
    entry = load_entry(store, seq)  # a clear error for a number that is not there
    timeline = build_timeline(load_entries(store))
    by_seq = {incident.seq: incident for incident in timeline}
    notice = first_notice(timeline)
    if entry.kind == "correction":
        return EntryDetail(entry, None, by_seq.get(entry.amends or 0), notice)
    return EntryDetail(entry, by_seq.get(seq), None, notice)


def incident_counts(store: CaseStore) -> dict[str, Any]:
    """The log in numbers, for letters; ``notice_on``/``notice_via`` tell when and how the notice arrived.

    Keys: count, first, last, with_evidence, after_notice, police_reports,
    notice_on, notice_via.
    """
    return counts_of(build_timeline(load_entries(store)))


def counts_of(everything: Sequence[Incident]) -> dict[str, Any]:
    """``incident_counts`` for a timeline already built."""
    notice = first_notice(everything)
    timeline = [incident for incident in everything if incident.kind == "incident"]
    reports = list(dict.fromkeys(incident.police_report for incident in timeline if incident.police_report))
    return {
        "notice_on": notice.when if notice else None,
        "notice_via": notice_via_words(notice.via) if notice else None,
        "count": len(timeline),
        "first": timeline[0].when[:10] if timeline else None,
        "last": timeline[-1].when[:10] if timeline else None,
        "with_evidence": sum(1 for incident in timeline if incident.evidence),
        "after_notice": sum(1 for incident in timeline if incident.after_notice),
        "police_reports": reports,
    }


# Words in the user's own account that a police officer or a judge looks for first.
_THREAT_WORDS = re.compile(
    r"\b(threat\w*|kill\w*|hurt\w*|weapons?|guns?|knife|knives|shoot\w*|stab\w*|burn\w*)\b", re.IGNORECASE
)
_FOLLOWING_WORDS = re.compile(r"\b(follow\w*|stalk\w*)\b", re.IGNORECASE)


def conduct_flags(incident: Incident) -> tuple[str, ...]:
    """``threat`` and ``following`` when the incident's channel or the user's words say so.

    The words are matched, not understood: the papers that use this say
    "mentions", and list the entries, so a reader can check each one.
    """
    words = " ".join(filter(None, (incident.what, incident.where)))
    flags = []
    if _THREAT_WORDS.search(words):
        flags.append("threat")
    if "following" in incident.channels or _FOLLOWING_WORDS.search(words):
        flags.append("following")
    return tuple(flags)
