"""Proving the incident log is intact: recompute every hash, the chain, the head and every evidence copy.

Anything changed, removed or reordered behind the tool's back shows up as a
problem naming the entry (or the evidence file) where the record stops
matching. What that proves depends on what an attacker could redo: without
a passphrase, someone who edits the file with care can recompute every
hash; with one, entries are sealed and bound to their place and the newest
entry's record is authenticated; a receipt kept elsewhere pins the log
against both, and against an older copy put back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from leavemealone import suggest
from leavemealone.errors import LeaveMeAloneError
from leavemealone.log.entries import log_rows, open_entry
from leavemealone.log.model import GENESIS, Entry, Evidence, chain_hash, content_hash
from leavemealone.log.receipts import Receipt, receipt_for
from leavemealone.store.case_store import CaseStore
from leavemealone.store.sealing import PLAIN

_LAST = 1 << 62  # problems that belong to no single entry sort after the others


@dataclass(frozen=True)
class Problem:
    """One thing that no longer matches, tied to the entry it was found in."""

    seq: int
    message: str


@dataclass
class VerifyReport:
    """What ``log verify`` found: counts, the chain head, and every problem in log order."""

    entries: int = 0
    files: int = 0
    head: str | None = None
    problems: list[Problem] = field(default_factory=list)
    expected_head: str | None = None
    expected_head_entry: int | None = None
    protected: bool = False

    @property
    def ok(self) -> bool:
        """True when everything matches (and an expected head, if given, was found)."""
        return not self.problems and (self.expected_head is None or self.expected_head_entry is not None)

    @property
    def messages(self) -> list[str]:
        """The problems as sentences, the first one first."""
        return [problem.message for problem in self.problems]


def verify_log(
    store: CaseStore,
    *,
    expected_head: str | None = None,
    receipt: Receipt | None = None,
    on_entry: Callable[[Entry], object] | None = None,
) -> VerifyReport:
    """Check every entry's content hash, the chain between entries, the head, and every evidence copy.

    ``expected_head`` is a chain hash from an earlier export: the report says
    which entry it belongs to, which proves entries 1 to N are as they were
    then. A ``receipt`` does the same for the short line ``log receipt``
    printed, and is a problem of its own when the log no longer holds it.
    The log is read a page at a time; ``on_entry`` is given each entry that
    opens, so the export indexes the log in the same pass.
    """
    report = VerifyReport(expected_head=expected_head.strip().lower() if expected_head else None)
    previous_seq, previous_hash = 0, GENESIS
    files: dict[str, tuple[int, Evidence]] = {}
    problems = report.problems
    receipt_hash: str | None = None
    for row in log_rows(store):
        seq, _content, stored_content, stored_prev, stored_link = row
        report.entries += 1
        if seq != previous_seq + 1:
            first = previous_seq + 1
            gap = f"entry {first} was" if seq == first + 1 else f"entries {first} to {seq - 1} were"
            message = f"The log jumps from entry {previous_seq} to {seq}: {gap} removed."
            problems.append(Problem(first, message))
        try:
            entry = open_entry(store, row)
            evidence = list(entry.evidence)
        except Exception:  # noqa: BLE001 - any codec or decoding failure means the same thing here
            message = f"Entry {seq} cannot be read: it was changed, moved or damaged outside leavemealone."
            problems.append(Problem(seq, message))
        else:
            if content_hash(seq, entry.kind, entry.amends, entry.created_at, entry.record) != stored_content:
                problems.append(Problem(seq, f"Entry {seq} has been changed since it was recorded."))
            for item in evidence:
                files.setdefault(item.sha256, (seq, item))
            if on_entry is not None:
                on_entry(entry)
        if stored_prev != previous_hash and seq == previous_seq + 1:
            problems.append(
                Problem(
                    seq,
                    f"The chain breaks between entry {previous_seq} and entry {seq}: "
                    f"entry {previous_seq or seq} was changed, or entries were removed or reordered.",
                )
            )
        elif chain_hash(stored_prev, stored_content) != stored_link:
            message = f"Entry {seq} has been changed since it was recorded (its chain hash)."
            problems.append(Problem(seq, message))
        if report.expected_head and stored_link == report.expected_head:
            report.expected_head_entry = seq
        if receipt is not None and seq == receipt.entries:
            receipt_hash = stored_link
        previous_seq, previous_hash = seq, stored_link
    _check_head(store, previous_seq, previous_hash, problems)
    if receipt is not None:
        _check_receipt(receipt, previous_seq, receipt_hash, problems)
    report.files = len(files)
    for digest, (seq, item) in files.items():
        problem = _check_file(store, digest, item, seq)
        if problem:
            problems.append(Problem(seq, problem))
    problems.sort(key=lambda problem: problem.seq)
    report.head = previous_hash if report.entries else None
    report.protected = store.codec.state != PLAIN
    return report


def _check_head(store: CaseStore, last_seq: int, last_hash: str, problems: list[Problem]) -> None:
    head = store.log_head()
    if head is None:
        if last_seq:
            message = "The record of the newest entry is missing, so removals cannot be ruled out."
            problems.append(Problem(_LAST, message))
        return
    if head.trusted is False:
        message = (
            "The record of the newest entry was changed outside leavemealone: "
            "the newest entries may have been removed."
        )
        problems.append(Problem(_LAST, message))
    if head.seq > last_seq:
        if head.seq == last_seq + 1:
            message = f"Entry {head.seq}, the newest one recorded, was removed."
        else:
            message = f"Entries {last_seq + 1} to {head.seq}, the newest ones recorded, were removed."
        problems.append(Problem(last_seq + 1, message))
    elif head.seq != last_seq or head.entry_hash != last_hash:
        message = f"Entry {last_seq} does not match the newest entry the log recorded."
        problems.append(Problem(last_seq, message))


def _check_receipt(receipt: Receipt, last_seq: int, found: str | None, problems: list[Problem]) -> None:
    if last_seq < receipt.entries:
        missing = (
            f"entry {receipt.entries} was"
            if last_seq + 1 == receipt.entries
            else f"entries {last_seq + 1} to {receipt.entries} were"
        )
        message = (
            f"Your receipt of {receipt.day} counted {receipt.entries} entries, but the log now has "
            f"{last_seq}: {missing} removed (or this is another case)."
        )
        problems.append(Problem(last_seq + 1, message))
    elif found is None or not found.startswith(receipt.head):
        message = (
            f"The log no longer matches your receipt of {receipt.day}: at least one of entries 1 to "
            f"{receipt.entries} was changed or replaced since then (or this is another case)."
        )
        problems.append(Problem(receipt.entries, message))


def _check_file(store: CaseStore, digest: str, item: Evidence, seq: int) -> str | None:
    what = f"The evidence file {item.name!r} of entry {seq}"
    path = store.file_path(digest)
    if not path.is_file():
        return f"{what} is missing from the case folder ({path})."
    hasher = hashlib.sha256()
    try:
        for chunk in store.open_file(digest):
            hasher.update(chunk)
    except Exception:  # noqa: BLE001 - any codec failure means the copy was altered
        return f"{what} cannot be read: its kept copy was changed ({path})."
    if hasher.hexdigest() != digest:
        return f"{what} has been changed: its kept copy no longer matches SHA-256 {digest}."
    return None


def make_receipt(store: CaseStore) -> Receipt:
    """The receipt of the log as it is now; a log that does not verify gets none (it would vouch for it)."""
    report = verify_log(store)
    if report.problems:
        raise LeaveMeAloneError(
            f"The log does not verify, so no receipt was made: {report.messages[0]}",
            hint=f"See everything that does not match: {suggest.LOG_VERIFY}",
        )
    return receipt_for(report.entries, report.head)
