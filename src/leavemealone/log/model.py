"""What an incident log entry is: its fields, how they are checked, and how an entry is hashed.

The hashes cover the plaintext, so changing the passphrase (which re-seals
every entry) never breaks the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from leavemealone.errors import UsageError
from leavemealone.inputs import without_controls
from leavemealone.log.when import read_when_words

CHANNELS = (
    "in_person",
    "phone",
    "text",
    "email",
    "social_media",
    "mail",
    "third_parties",
    "at_home",
    "at_work",
    "at_school",
    "gifts",
    "following",
)
CHANNEL_LABELS = {
    "in_person": "in person",
    "phone": "phone",
    "text": "text message",
    "email": "email",
    "social_media": "social media",
    "mail": "mail",
    "third_parties": "through other people",
    "at_home": "at my home",
    "at_work": "at my work",
    "at_school": "at my school",
    "gifts": "gifts",
    "following": "following me",
}
NOTICE_VIA = ("email", "text", "letter", "in_person", "social_media", "other")
GENESIS = "0" * 64
EARLIEST_YEAR = 1900
WHEN_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class Evidence:
    """A kept copy of a file: its original name, size, SHA-256 and the original's modification time."""

    name: str
    size: int
    sha256: str
    modified: str

    def as_dict(self) -> dict[str, Any]:
        """The form kept inside an entry (and hashed with it)."""
        return {"name": self.name, "size": self.size, "sha256": self.sha256, "modified": self.modified}


@dataclass(frozen=True)
class Entry:
    """One entry exactly as recorded: an incident, a correction or a notice delivery."""

    seq: int
    kind: str
    amends: int | None
    created_at: str
    record: dict[str, Any]
    content_hash: str
    prev_hash: str
    entry_hash: str

    def text(self, key: str) -> str | None:
        """A text field of the record, or None when it was not given."""
        value = self.record.get(key)
        return None if value is None else str(value)

    def items(self, key: str) -> tuple[str, ...]:
        """A list field of the record (channels, witnesses)."""
        return tuple(str(item) for item in self.record.get(key) or ())

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The files kept with this entry."""
        return tuple(Evidence(**item) for item in self.record.get("evidence") or ())


@dataclass
class Incident:
    """An incident or notice as it stands after its corrections: what list, show and export print."""

    entry: Entry
    when: str
    what: str | None
    where: str | None
    channels: tuple[str, ...]
    witnesses: tuple[str, ...]
    police_report: str | None
    officer: str | None
    via: str | None
    evidence: tuple[Evidence, ...]
    corrections: list[Entry] = field(default_factory=list)
    after_notice: bool = False

    @property
    def seq(self) -> int:
        """The entry number the user refers to (``log show N``)."""
        return self.entry.seq

    @property
    def kind(self) -> str:
        """``incident`` or ``notice``."""
        return self.entry.kind

    @property
    def files(self) -> int:
        """How many evidence files it has, its corrections' included."""
        return len(self.evidence)

    def summary(self) -> str:
        """One line saying what happened."""
        if self.kind == "notice":
            return f"No-contact notice delivered ({notice_via_words(self.via)})."
        return self.what or ""


# --- checking what the user gave ------------------------------------------------------


def parse_when(value: str | dt.date | None, *, option: str = "The time", future_ok: bool = False) -> str:
    """Normalise an incident time to ``YYYY-MM-DD HH:MM`` (or ``YYYY-MM-DD`` for a day).

    ``None`` or ``now`` means this minute. A day after today is refused
    (unless ``future_ok``, for filters): it is nearly always a typing slip,
    and a log must be right.
    """
    now = dt.datetime.now()
    if value is None or (isinstance(value, str) and value.strip().lower() == "now"):
        return now.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.datetime):
        moment: dt.datetime | dt.date = value
    elif isinstance(value, dt.date):
        moment = value
    else:
        moment = _parse_when_text(value.strip(), option)
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone().replace(tzinfo=None)
        _check_day(moment.date(), now.date(), value, option, future_ok=future_ok)
        return moment.isoformat(sep=" ", timespec="minutes")
    _check_day(moment, now.date(), value, option, future_ok=future_ok)
    return moment.isoformat()


def _check_day(day: dt.date, today: dt.date, value: object, option: str, *, future_ok: bool) -> None:
    if day.year < EARLIEST_YEAR:
        raise UsageError(
            f"{option} {value!s} is before {EARLIEST_YEAR}, so it cannot be the time of an incident.",
            hint="Check the year and try again.",
        )
    if day > today and not future_ok:
        raise UsageError(f"{option} {value!s} is in the future.", hint="Check the date and try again.")


_PLAIN_MINUTE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2})")


def _parse_when_text(text: str, option: str) -> dt.datetime | dt.date:
    if text.lower() == "today":
        return dt.date.today()
    plain = _PLAIN_MINUTE.fullmatch(text)  # the usual form, read without strptime (an import reads 100,000)
    if plain is not None:
        try:
            year, month, day, hour, minute = map(int, plain.groups())
            return dt.datetime(year, month, day, hour, minute)
        except ValueError:
            pass  # the patterns below say what is wrong with it
    for pattern in WHEN_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            pass
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return read_when_words(text, option)  # 11/29/2026 10pm, yesterday; or the forms that work


def check_channels(values: Iterable[str], *, option: str = "The channel") -> list[str]:
    """The channels, each one of ``CHANNELS`` (the contact_channels answer values)."""
    chosen: list[str] = []
    for value in values:
        channel = value.strip().lower()
        if not channel:
            continue
        if channel not in CHANNELS:
            raise UsageError(
                f"{option} {value!r} is not a known channel.", hint="Use one of: " + ", ".join(CHANNELS) + "."
            )
        if channel not in chosen:
            chosen.append(channel)
    return chosen


def clean_text(value: str | None) -> str | None:
    """User text with control characters and surrounding blank space removed; empty means None.

    Line ends become line feeds; newlines and tabs stay; other control characters
    (NUL, escape sequences) are removed, never stored (see ``inputs``).
    """
    if value is None:
        return None
    text = without_controls(value).strip()
    return text or None


def clean_list(values: Iterable[str]) -> list[str]:
    """The non-empty items, each tidied like ``clean_text``."""
    return [text for text in (clean_text(value) for value in values) if text]


def notice_via_words(via: str | None) -> str:
    """How the notice reached the person, in words."""
    words = {"in_person": "handed over in person", "social_media": "by social media message"}
    if via is None:
        return "how is not recorded"
    return words.get(via, f"by {via}")


# --- hashing ----------------------------------------------------------------------------


def canonical_bytes(entry_fields: dict[str, Any]) -> bytes:
    """The exact bytes an entry's content hash covers: sorted-key, compact JSON in UTF-8."""
    return json.dumps(entry_fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_hash(seq: int, kind: str, amends: int | None, created_at: str, record: dict[str, Any]) -> str:
    """SHA-256 of an entry's canonical content: its record plus number, kind, target and time."""
    hashed = {**record, "seq": seq, "kind": kind, "amends": amends, "created_at": created_at}
    return hashlib.sha256(canonical_bytes(hashed)).hexdigest()


def chain_hash(prev_hash: str, entry_content_hash: str) -> str:
    """SHA-256 linking an entry to the one before: of the previous hash and this content hash."""
    return hashlib.sha256(f"{prev_hash}{entry_content_hash}".encode("ascii")).hexdigest()
