"""Proving the incident log is intact: recompute every hash, the chain, and every evidence copy.

Anything changed, removed or reordered behind the tool's back shows up as a
problem naming the entry (or the evidence file) where the record stops
matching.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from leavemealone.log.model import GENESIS, HEAD_KEY, Evidence, chain_hash, content_hash
from leavemealone.store.case_store import CaseStore

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

    @property
    def ok(self) -> bool:
        """True when everything matches (and an expected head, if given, was found)."""
        return not self.problems and (self.expected_head is None or self.expected_head_entry is not None)

    @property
    def messages(self) -> list[str]:
        """The problems as sentences, the first one first."""
        return [problem.message for problem in self.problems]


def verify_log(store: CaseStore, *, expected_head: str | None = None) -> VerifyReport:
    """Check every entry's content hash, the chain between entries, the head, and every evidence copy.

    ``expected_head`` is a chain hash from an earlier export: the report says
    which entry it belongs to, which proves entries 1 to N are as they were then.
    """
    report = VerifyReport(expected_head=expected_head.strip().lower() if expected_head else None)
    rows = store.connection.execute(
        "SELECT seq, kind, amends, content, created_at, content_hash, prev_hash, entry_hash "
        "FROM log_entries ORDER BY seq"
    ).fetchall()
    previous_seq, previous_hash = 0, GENESIS
    files: dict[str, tuple[int, Evidence]] = {}
    problems = report.problems
    for seq, kind, amends, content, created_at, stored_content, stored_prev, stored_link in rows:
        report.entries += 1
        if seq != previous_seq + 1:
            first = previous_seq + 1
            gap = f"entry {first} was" if seq == first + 1 else f"entries {first} to {seq - 1} were"
            message = f"The log jumps from entry {previous_seq} to {seq}: {gap} removed."
            problems.append(Problem(first, message))
        try:
            record = store.open_value(content)
            if not isinstance(record, dict):
                raise ValueError("not a mapping")
            evidence = [Evidence(**item) for item in record.get("evidence") or ()]
        except Exception:  # noqa: BLE001 - any codec or decoding failure means the same thing here
            problems.append(Problem(seq, f"Entry {seq} cannot be read: it was changed or damaged."))
        else:
            if content_hash(seq, kind, amends, created_at, record) != stored_content:
                problems.append(Problem(seq, f"Entry {seq} has been changed since it was recorded."))
            for item in evidence:
                files.setdefault(item.sha256, (seq, item))
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
        previous_seq, previous_hash = seq, stored_link
    _check_head(store, previous_seq, previous_hash, problems)
    report.files = len(files)
    for digest, (seq, item) in files.items():
        problem = _check_file(store, digest, item, seq)
        if problem:
            problems.append(Problem(seq, problem))
    problems.sort(key=lambda problem: problem.seq)
    report.head = previous_hash if rows else None
    return report


def _check_head(store: CaseStore, last_seq: int, last_hash: str, problems: list[Problem]) -> None:
    head = store.get_meta(HEAD_KEY)
    if head is None:
        if last_seq:
            message = "The record of the newest entry is missing, so removals cannot be ruled out."
            problems.append(Problem(_LAST, message))
        return
    seq_text, _, head_hash = head.partition(":")
    head_seq = int(seq_text) if seq_text.isdigit() else -1
    if head_seq > last_seq:
        if head_seq == last_seq + 1:
            message = f"Entry {head_seq}, the newest one recorded, was removed."
        else:
            message = f"Entries {last_seq + 1} to {head_seq}, the newest ones recorded, were removed."
        problems.append(Problem(last_seq + 1, message))
    elif head_seq != last_seq or head_hash != last_hash:
        message = f"Entry {last_seq} does not match the newest entry the log recorded."
        problems.append(Problem(last_seq, message))


def _check_file(store: CaseStore, digest: str, item: Evidence, seq: int) -> str | None:
    what = f"The evidence file {item.name!r} of entry {seq}"
    path = store.file_path(digest)
    if not path.is_file():
        return f"{what} is missing from the case folder ({path})."
    try:
        content = store.get_file(digest)
    except Exception:  # noqa: BLE001 - any codec failure means the copy was altered
        return f"{what} cannot be read: its kept copy was changed ({path})."
    if hashlib.sha256(content).hexdigest() != digest:
        return f"{what} has been changed: its kept copy no longer matches SHA-256 {digest}."
    return None
