"""The log in small pieces: one pass that keeps, for each incident and notice, only what orders and counts it.

A long log is never held opened. ``index_log`` reads it once, a page at a
time, and keeps a few fields an incident: its time as corrected, its
channels, police report number and number of files, and which entries
correct it. ``log list``, ``log show``, the letters' counts and the export
order, filter and count from that, and open an entry in full only when they
show it (``timeline.incidents_for``). Kinds and times are sealed inside
each entry, so this pass opens every entry; it keeps nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from leavemealone.log.entries import READ_ERRORS, log_rows, open_content, unreadable_log
from leavemealone.log.model import Entry
from leavemealone.store.case_store import CaseStore

# What a correction can change, as the timeline applies it (``timeline.apply_correction``).
CORRECTED_TEXTS = ("when", "what", "where", "police_report", "officer", "via")
CORRECTED_LISTS = ("channels", "witnesses")
_KINDS = {kind: kind for kind in ("incident", "notice", "correction")}  # one string a kind, not one an entry


@dataclass(slots=True)
class Indexed:
    """An incident or notice as it stands after its corrections, in a few fields (the rest stays sealed)."""

    seq: int
    kind: str
    when: str
    channels: tuple[str, ...]
    police_report: str | None
    via: str | None
    files: int
    corrections: tuple[int, ...] = ()
    after_notice: bool = False


def incident_time(record: dict[str, Any], created_at: str) -> str:
    """When an incident happened: its ``when``, else when it was recorded (to the minute)."""
    when = record.get("when")
    return str(when) if when is not None else created_at[:16].replace("T", " ")


def text_field(record: dict[str, Any], key: str) -> str | None:
    """A text field of a record, or None when it was not given."""
    value = record.get(key)
    return None if value is None else str(value)


def list_field(record: dict[str, Any], key: str) -> tuple[str, ...]:
    """A list field of a record (channels, witnesses)."""
    return tuple(str(item) for item in record.get(key) or ())


class LogIndex:
    """Every incident and notice of a log, by entry number, in a few fields each; built by ``add``."""

    def __init__(self) -> None:
        self.items: dict[int, Indexed] = {}
        self.entries = 0  # every entry read, corrections included
        self.newest = 0  # the number of the last entry read
        self._channels: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple for each set of channels
        self._ordered: list[Indexed] | None = None
        self._notice: Indexed | None = None

    def add(self, seq: int, kind: str, amends: int | None, created_at: str, record: dict[str, Any]) -> None:
        """Take in the next entry of the log, in order."""
        self.entries += 1
        self.newest = seq
        self._ordered = None
        if kind == "correction":
            target = self.items.get(amends or 0)
            if target is not None:
                self._correct(target, seq, record)
            return
        self.items[seq] = Indexed(
            seq,
            _KINDS.get(kind, kind),
            incident_time(record, created_at),
            self._shared(list_field(record, "channels")),
            text_field(record, "police_report"),
            text_field(record, "via"),
            len(record.get("evidence") or ()),
        )

    def add_entry(self, entry: Entry) -> None:
        """``add`` for an entry already opened (``log verify`` opens each one anyway)."""
        self.add(entry.seq, entry.kind, entry.amends, entry.created_at, entry.record)

    def _correct(self, target: Indexed, seq: int, record: dict[str, Any]) -> None:
        if "when" in record:
            target.when = text_field(record, "when") or target.when
        if "channels" in record:
            target.channels = self._shared(list_field(record, "channels"))
        if "police_report" in record:
            target.police_report = text_field(record, "police_report")
        if "via" in record:
            target.via = text_field(record, "via")
        target.files += len(record.get("evidence") or ())
        target.corrections += (seq,)

    def _shared(self, channels: tuple[str, ...]) -> tuple[str, ...]:
        return self._channels.setdefault(channels, channels)

    def ordered(self) -> list[Indexed]:
        """Incidents and notices by time (then number), "after notice" marked."""
        if self._ordered is None:
            self._ordered = sorted(self.items.values(), key=attrgetter("when", "seq"))
            notice = self._notice = next((item for item in self._ordered if item.kind == "notice"), None)
            for item in self._ordered:
                item.after_notice = (
                    notice is not None and item.kind == "incident" and is_after(item.when, notice.when)
                )
        return self._ordered

    @property
    def notice(self) -> Indexed | None:
        """The earliest recorded delivery of the no-contact notice, if any."""
        self.ordered()
        return self._notice


def is_after(when: str, notice_when: str) -> bool:
    """Whether a time is surely after the notice: a notice known only by day counts from the next day."""
    if len(notice_when) <= 10:
        return when[:10] > notice_when
    return when > notice_when


def index_log(store: CaseStore) -> LogIndex:
    """The whole log read once, a page at a time, into a ``LogIndex``; a damaged entry is an error."""
    index = LogIndex()
    for seq, content in log_rows(store, "seq, content"):
        try:
            kind, amends, created_at, record = open_content(store, seq, content)
        except READ_ERRORS as error:
            raise unreadable_log() from error
        index.add(seq, kind, amends, created_at, record)
    return index
