"""The export a user hands to an officer or a court, in md, txt, html, pdf, csv or json, written as read.

Every export first runs the same check as ``log verify`` (and, in that same
pass, indexes the log), says what it found, and then writes entry by entry
straight from the database: the document's blocks (``report``) go to the
writer of the chosen format (``documents.formats.block_writer``), the same
writers the letters use; CSV and JSON (``export_data``) are written row by
row, for lawyers and advocates. A log of any length needs little memory.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from leavemealone.documents.formats import EXTENSIONS as DOCUMENT_EXTENSIONS
from leavemealone.documents.formats import BlockWriter
from leavemealone.errors import UsageError
from leavemealone.files import save_private_stream
from leavemealone.log.entries import unreadable_log
from leavemealone.log.export_data import write_csv, write_json
from leavemealone.log.index import LogIndex
from leavemealone.log.model import Entry
from leavemealone.log.report import (
    TITLE,
    ExportContext,
    check_blocks,
    cover_blocks,
    exhibit_blocks,
    exhibits_start,
    timeline_block,
)
from leavemealone.log.timeline import incidents_for, select
from leavemealone.log.verify import VerifyReport, verify_log
from leavemealone.store.case_store import CaseStore

FORMATS = ("md", "txt", "html", "pdf", "csv", "json")
INSTEAD_OF_PDF = ("html", "txt", "md")  # what to make when no font can draw a character in the log
EXTENSIONS = {**DOCUMENT_EXTENSIONS, ".csv": "csv", ".json": "json"}


@dataclass(frozen=True)
class ExportResult:
    """What a finished export holds, and what the user should be told."""

    fmt: str
    entries: int
    head: str | None
    verified: bool
    warnings: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        """A sensible file name, such as ``incident-log-2024-05-31.pdf``."""
        return f"incident-log-{dt.date.today().isoformat()}.{self.fmt}"


@dataclass(frozen=True)
class LogExport(ExportResult):
    """An export made in memory, with its bytes (a short log, or a test)."""

    content: bytes = b""


def write_export(
    store: CaseStore,
    target: BinaryIO,
    *,
    fmt: str,
    since: str | None = None,
    until: str | None = None,
    today: dt.date | None = None,
    paper: str = "letter",
) -> ExportResult:
    """Write the export in ``fmt`` (md, txt, html, pdf, csv, json) of the chosen days into ``target``.

    ``paper`` (``letter`` or ``a4``) is the PDF's page size.
    """
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(FORMATS) + ".")
    day = (today or dt.date.today()).isoformat()
    warnings: list[str] = []
    entries, report, writer = _write_log(
        store, target, fmt=fmt, day=day, since=since, until=until, warnings=warnings, paper=paper
    )
    if writer is not None:
        writer.close()  # once the log's index is let go: a long PDF needs the room to be written out
    if not report.ok:
        warnings.insert(0, f"The log did not verify, and the export says so: {report.messages[0]}")
    return ExportResult(fmt, entries, report.head, report.ok, tuple(warnings))


def _write_log(
    store: CaseStore,
    target: BinaryIO,
    *,
    fmt: str,
    day: str,
    since: str | None,
    until: str | None,
    warnings: list[str],
    paper: str,
) -> tuple[int, VerifyReport, BlockWriter | None]:
    """Check and index the log in one pass, then write it entry by entry; return what was checked.

    A document format's writer is returned unfinished, for the caller to close.
    """
    index = LogIndex()
    characters: set[str] = set()  # every character of the user's text: a PDF finds fonts for them first

    def take(entry: Entry) -> None:
        index.add_entry(entry)
        if fmt == "pdf":
            _gather_characters(entry.record, characters)

    report = verify_log(store, on_entry=take)
    if index.entries < report.entries:  # an entry that does not open: nothing can be shown for it
        raise unreadable_log()
    chosen = select(index.ordered(), since=since, until=until)
    notice = index.notice
    if notice is not None and not any(item is notice for item in chosen):
        chosen = sorted([*chosen, notice], key=lambda item: (item.when, item.seq))
    answers = store.answers()
    context = ExportContext(index, chosen, report, answers, day, since, until)
    if fmt == "csv":
        write_csv(store, context, target)
        return index.entries, report, None
    if fmt == "json":
        write_json(store, context, target)
        return index.entries, report, None
    from leavemealone.documents.formats import block_writer

    # The names, and the check's problems, which name files and the case folder: text the PDF shows too.
    _gather_characters([context.your_name, context.their_name, report.messages], characters)
    writer = block_writer(
        fmt,
        target,
        title=TITLE,
        date=day,
        warnings=warnings,
        paper=paper,
        instead=INSTEAD_OF_PDF,
        characters=characters,
    )
    writer.write(cover_blocks(context))
    for incident in incidents_for(store, chosen):
        writer.write([timeline_block(context, incident)])
    writer.write(exhibits_start(context))
    for incident in incidents_for(store, (item for item in chosen if item.files)):
        writer.write(exhibit_blocks(context, incident))
    writer.write(check_blocks(report))
    return index.entries, report, writer


def _gather_characters(value: Any, characters: set[str]) -> None:
    """Every character of the text in ``value`` (a record, its lists and mappings)."""
    if isinstance(value, str):
        characters.update(value)
    elif isinstance(value, dict):
        for item in value.values():
            _gather_characters(item, characters)
    elif isinstance(value, list):
        for item in value:
            _gather_characters(item, characters)


def save_export(
    store: CaseStore,
    path: Path,
    *,
    fmt: str,
    since: str | None = None,
    until: str | None = None,
    paper: str = "letter",
) -> ExportResult:
    """Write the export to ``path`` as it is made, readable by this user only (0600), whole or not at all."""
    with save_private_stream(path) as target:
        return write_export(store, target, fmt=fmt, since=since, until=until, paper=paper)


def export_log(
    store: CaseStore,
    *,
    fmt: str,
    since: str | None = None,
    until: str | None = None,
    today: dt.date | None = None,
    paper: str = "letter",
) -> LogExport:
    """The export made in memory, for a short log (``save_export`` writes a long one as it goes)."""
    buffer = io.BytesIO()
    result = write_export(store, buffer, fmt=fmt, since=since, until=until, today=today, paper=paper)
    content = buffer.getvalue()
    return LogExport(result.fmt, result.entries, result.head, result.verified, result.warnings, content)
