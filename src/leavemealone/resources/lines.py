"""The national lines as plain data, from the file ``help-now`` reads (``data/hotlines.json``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from leavemealone.errors import LeaveMeAloneError
from leavemealone.resources.hotlines import emergency_lines
from leavemealone.resources.orders import Source, read_source

FIELD_LABELS = {
    "who_qualifies": "who it covers",
    "relationships": "who it covers",
    "court": "court",
    "form": "form",
    "fee": "fee",
    "temporary_length": "temporary order",
    "final_length": "final order",
    "phone": "call",
    "tty": "TTY",
    "legacy_phone": "old number",
    "text": "text",
    "chat_url": "chat",
    "website": "web",
    "email_hotline": "email",
    "hours": "hours",
    "status": "status",
}


@dataclass(frozen=True)
class Line:
    """A national phone, text or web line. ``unknown`` means not confirmed; None means none."""

    id: str
    name: str
    summary: str
    purpose: str
    contacts: tuple[tuple[str, str], ...]
    uncertain: bool
    check_this: Mapping[str, str]
    notes: Mapping[str, str]
    sources: tuple[Source, ...]
    source_date: str | None


def _line(raw: Mapping[str, Any]) -> Line:
    contacts = tuple(
        (field, str(raw[field]))
        for field in ("phone", "tty", "legacy_phone", "text", "chat_url", "website", "email_hotline", "hours")
        if raw.get(field) is not None
    )
    sources = [read_source(raw["source"])] + [read_source(item) for item in raw.get("also_seen_at", ())]
    if raw.get("source_note"):
        sources[0] = Source(sources[0].url, note=raw["source_note"])
    return Line(
        id=raw["id"],
        name=raw["name"],
        summary=raw["summary"],
        purpose=raw["purpose"],
        contacts=contacts,
        uncertain=bool(raw.get("uncertain")),
        check_this=dict(raw.get("check_this") or {}),
        notes=dict(raw.get("notes") or {}),
        sources=tuple(sources),
        source_date=raw.get("source_date"),
    )


@lru_cache(maxsize=1)
def national_lines() -> tuple[Line, ...]:
    """The national lines in display order (911 first), from the file help-now reads."""
    try:
        return tuple(_line(raw) for raw in emergency_lines())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LeaveMeAloneError(f"Cannot read the national lines: {error}") from error
