"""Receipts: one short line that pins the log as it is today, to keep somewhere else.

A receipt is the day, the number of entries and the first 16 hex digits
(64 bits) of the newest entry's chain hash, grouped by four for reading
aloud or copying by hand. Each chain hash covers every entry before it, so
``log verify --receipt`` proves entries 1 to N are exactly as they were
that day, even against someone who rewrote the case file with care or put
back an older copy of it; the receipt only has to be kept off this computer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from leavemealone import suggest
from leavemealone.errors import LeaveMeAloneError, UsageError

PREFIX_HEX = 16
_RECEIPT = re.compile(
    r"(?P<year>\d{4})[-/. ](?P<month>\d{2})[-/. ](?P<dom>\d{2})\W+"
    r"(?P<entries>\d{1,18})\s+entr(?:y|ies)\W+head\W+"
    r"(?P<head>[0-9a-f]{4}(?:[\s-]?[0-9a-f]{4}){3})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Receipt:
    """What a receipt pins: on ``day``, the log had ``entries`` entries and this chain head prefix."""

    day: str
    entries: int
    head: str

    @property
    def text(self) -> str:
        """The line to write down: ``2024-06-01, 12 entries, head 3f2a-9c1e-77b0-d4e8``."""
        groups = "-".join(self.head[index : index + 4] for index in range(0, PREFIX_HEX, 4))
        noun = "entry" if self.entries == 1 else "entries"
        return f"{self.day}, {self.entries} {noun}, head {groups}"


def receipt_for(entries: int, head: str | None, *, day: dt.date | None = None) -> Receipt:
    """The receipt of a log of ``entries`` entries whose newest chain hash is ``head``."""
    if not entries or head is None:
        raise LeaveMeAloneError(
            "The log is empty, so there is nothing for a receipt to pin yet.",
            hint=f"Record an incident first: {suggest.LOG_ADD}",
        )
    return Receipt((day or dt.date.today()).isoformat(), entries, head[:PREFIX_HEX].lower())


def parse_receipt(text: str) -> Receipt:
    """A receipt as ``log receipt`` printed it (spacing, case and dashes may differ)."""
    found = _RECEIPT.search(text.strip())
    if found is None:
        raise UsageError(
            f"{text.strip()!r} is not a receipt I can read.",
            hint='Give it as printed, for example: "2024-06-01, 12 entries, head 3f2a-9c1e-77b0-d4e8".',
        )
    head = re.sub(r"[\s-]", "", found["head"]).lower()
    return Receipt(f"{found['year']}-{found['month']}-{found['dom']}", int(found["entries"]), head)
