"""The log as it stands: incidents with their corrections applied, "after notice" marked, filtered, counted.

``log list``, ``log show``, the letters' counts and the export read the log
through here. The order and the counts come from the index (``index``);
an incident is opened in full, with its corrections, only as it is shown
(``incidents_for``), so a long log is never held in memory. Nothing here
writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from leavemealone.log.entries import PAGE, entries_at, load_entry
from leavemealone.log.index import (
    CORRECTED_LISTS,
    CORRECTED_TEXTS,
    Indexed,
    LogIndex,
    incident_time,
    index_log,
    list_field,
    text_field,
)
from leavemealone.log.model import Entry, Incident, check_channels, notice_via_words, parse_when
from leavemealone.store.case_store import CaseStore

LIST_LIMIT = 50  # what ``log list`` shows without --all or a day range: the newest incidents

Filtered = TypeVar("Filtered", Indexed, Incident)


def incident_from(entry: Entry) -> Incident:
    """An incident or notice as recorded, before its corrections."""
    record = entry.record
    return Incident(
        entry,
        when=incident_time(record, entry.created_at),
        what=text_field(record, "what"),
        where=text_field(record, "where"),
        channels=list_field(record, "channels"),
        witnesses=list_field(record, "witnesses"),
        police_report=text_field(record, "police_report"),
        officer=text_field(record, "officer"),
        via=text_field(record, "via"),
        evidence=entry.evidence,
    )


def apply_correction(incident: Incident, correction: Entry) -> None:
    """A correction's fields replace the recorded ones; its files are added (as the index counts them)."""
    record = correction.record
    for key in CORRECTED_TEXTS:
        if key in record:
            value = text_field(record, key)
            if key == "when":
                value = value or incident.when  # an incident always has a time
            setattr(incident, key, value)
    for key in CORRECTED_LISTS:
        if key in record:
            setattr(incident, key, list_field(record, key))
    incident.evidence = incident.evidence + correction.evidence
    incident.corrections.append(correction)


def incidents_for(store: CaseStore, items: Iterable[Indexed]) -> Iterator[Incident]:
    """Each indexed incident opened in full, its corrections applied, in the given order.

    They are read a page at a time, so only that page is ever held opened.
    """
    page: list[Indexed] = []
    for item in items:
        page.append(item)
        if len(page) == PAGE:
            yield from _opened_page(store, page)
            page = []
    yield from _opened_page(store, page)


def _opened_page(store: CaseStore, page: list[Indexed]) -> Iterator[Incident]:
    entries = entries_at(store, [seq for item in page for seq in (item.seq, *item.corrections)])
    for item in page:
        incident = incident_from(entries[item.seq])
        for seq in item.corrections:
            apply_correction(incident, entries[seq])
        incident.after_notice = item.after_notice
        yield incident


def in_range(when: str, since: str | None, until: str | None) -> bool:
    """Whether ``when`` falls between ``since`` and ``until``, both inclusive (a day covers all of it)."""
    if since is not None and when[: len(since)] < since:
        return False
    return until is None or when[: len(until)] <= until


def select(
    timeline: Sequence[Filtered],
    *,
    since: str | None = None,
    until: str | None = None,
    channel: str | None = None,
) -> list[Filtered]:
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


@dataclass(frozen=True)
class Listing:
    """What ``log list`` shows: incidents newest first, opened as they are read, and what was left out."""

    incidents: Iterator[Incident]
    shown: int
    more: int  # older ones inside the filters that are not shown
    incidents_shown: int
    after_notice_shown: int
    notice_shown: bool
    newest: int = 0  # the entry number of the newest one shown
    recorded: int = 0  # incidents in the whole log, whatever the filters
    by_days: bool = False  # --since or --until narrowed it
    by_channel: bool = False


def list_log(
    store: CaseStore,
    *,
    since: str | None = None,
    until: str | None = None,
    channel: str | None = None,
    everything: bool = False,
) -> Listing:
    """The newest ``LIST_LIMIT`` incidents inside the filters, newest first; all of them with ``everything``.

    A day range (``since``, ``until``) shows all of that range: the user
    chose how much to see. The store must stay open while ``incidents`` is read.
    """
    everyone = index_log(store).ordered()
    chosen = select(everyone, since=since, until=until, channel=channel)
    limited = not (everything or since or until)
    shown = chosen[-LIST_LIMIT:] if limited else chosen
    return Listing(
        incidents=incidents_for(store, reversed(shown)),
        shown=len(shown),
        more=len(chosen) - len(shown),
        incidents_shown=sum(1 for item in shown if item.kind == "incident"),
        after_notice_shown=sum(1 for item in shown if item.after_notice),
        notice_shown=any(item.kind == "notice" for item in shown),
        newest=shown[-1].seq if shown else 0,
        recorded=sum(1 for item in everyone if item.kind == "incident"),
        by_days=bool(since or until),
        by_channel=bool(channel),
    )


def list_incidents(
    store: CaseStore, *, since: str | None = None, until: str | None = None, channel: str | None = None
) -> list[Incident]:
    """Every incident inside the filters, newest first, opened (for a short log)."""
    return list(list_log(store, since=since, until=until, channel=channel, everything=True).incidents)


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
    index = index_log(store)
    index.ordered()  # marks "after notice"
    incident = _opened(store, index.items.get((entry.amends or 0) if entry.kind == "correction" else seq))
    notice = _opened(store, index.notice)
    if entry.kind == "correction":
        return EntryDetail(entry, None, incident, notice)
    return EntryDetail(entry, incident, None, notice)


def _opened(store: CaseStore, item: Indexed | None) -> Incident | None:
    return None if item is None else next(incidents_for(store, [item]))


def incident_counts(store: CaseStore) -> dict[str, Any]:
    """The log in numbers, for letters; ``notice_on``/``notice_via`` tell when and how the notice arrived.

    Keys: count, first, last, with_evidence, after_notice, police_reports,
    notice_on, notice_via. Counted from the index: no entry is held opened.
    """
    return counts_of(index_log(store))


def counts_of(index: LogIndex) -> dict[str, Any]:
    """``incident_counts`` of a log already indexed."""
    incidents = [item for item in index.ordered() if item.kind == "incident"]
    notice = index.notice
    reports = list(dict.fromkeys(item.police_report for item in incidents if item.police_report))
    return {
        "notice_on": notice.when if notice else None,
        "notice_via": notice_via_words(notice.via) if notice else None,
        "count": len(incidents),
        "first": incidents[0].when[:10] if incidents else None,
        "last": incidents[-1].when[:10] if incidents else None,
        "with_evidence": sum(1 for item in incidents if item.files),
        "after_notice": sum(1 for item in incidents if item.after_notice),
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
