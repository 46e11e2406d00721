"""The export a user hands to an officer or a court, in md, txt, html, pdf, csv or json.

The document is built once as Markdown (``report``) and converted by
``documents.formats``, the same writers the letters use; CSV and JSON are
written directly, for lawyers and advocates. Every export first runs the same
check as ``log verify`` and says what it found.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leavemealone.documents.formats import EXTENSIONS as DOCUMENT_EXTENSIONS
from leavemealone.errors import UsageError
from leavemealone.files import save_private
from leavemealone.log.entries import load_entries
from leavemealone.log.model import GENESIS, Entry, Incident
from leavemealone.log.report import HOW_TO_CHECK, TITLE, ExportContext, build_markdown, keep_as_typed
from leavemealone.log.timeline import build_timeline, first_notice, select
from leavemealone.log.verify import verify_log
from leavemealone.store.case_store import CaseStore

FORMATS = ("md", "txt", "html", "pdf", "csv", "json")
EXTENSIONS = {**DOCUMENT_EXTENSIONS, ".csv": "csv", ".json": "json"}
CSV_COLUMNS = (
    "entry", "kind", "corrects_entry", "when", "what", "where", "channels", "witnesses", "police_report",
    "officer", "notice_via", "note", "evidence", "after_notice", "corrected_by", "recorded_at",
    "content_hash", "prev_hash", "entry_hash",
)


@dataclass(frozen=True)
class LogExport:
    """A finished export: the bytes of the chosen format and what the user should be told."""

    fmt: str
    content: bytes
    entries: int
    head: str | None
    verified: bool
    warnings: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        """A sensible file name, such as ``incident-log-2024-05-31.pdf``."""
        return f"incident-log-{dt.date.today().isoformat()}.{self.fmt}"


def export_log(
    store: CaseStore,
    *,
    fmt: str,
    since: str | None = None,
    until: str | None = None,
    today: dt.date | None = None,
) -> LogExport:
    """Build the export in ``fmt`` (md, txt, html, pdf, csv, json) for the chosen date range."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(FORMATS) + ".")
    day = (today or dt.date.today()).isoformat()
    report = verify_log(store)
    entries = load_entries(store)
    timeline = build_timeline(entries)
    chosen = select(timeline, since=since, until=until)
    notice = first_notice(timeline)
    if notice is not None and notice not in chosen:
        chosen = sorted([*chosen, notice], key=lambda incident: (incident.when, incident.seq))
    answers = store.answers()
    context = ExportContext(entries, chosen, report, answers, day, since, until)
    warnings: list[str] = []
    if not report.ok:
        warnings.append(f"The log did not verify, and the export says so: {report.messages[0]}")
    if fmt == "csv":
        content = to_csv(context).encode("utf-8")
    elif fmt == "json":
        content = (json.dumps(to_json(context), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    elif fmt == "md":
        content = build_markdown(context, escape=keep_as_typed).encode("utf-8")
    else:
        from leavemealone.documents.formats import to_format
        from leavemealone.documents.templates import escape_markdown

        markdown = build_markdown(context, escape=escape_markdown)
        instead = ("html", "txt", "md")  # what to make when no font can draw a character in the log
        content = to_format(markdown, fmt, title=TITLE, date=day, warnings=warnings, instead=instead)
    return LogExport(fmt, content, len(entries), report.head, report.ok, tuple(warnings))


def save_export(export: LogExport, path: Path) -> Path:
    """Write the export to ``path``, readable by this user only (0600)."""
    return save_private(path, export.content)


# --- CSV and JSON ---------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(context: ExportContext) -> str:
    """One row per entry as recorded (corrections are rows of their own), with every hash."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in context.shown_entries:
        incident = context.incidents.get(entry.seq)
        record = entry.record
        evidence = "; ".join(f"{item.name} sha256:{item.sha256}" for item in entry.evidence)
        after = ("yes" if incident.after_notice else "no") if incident and entry.kind == "incident" else ""
        corrected_by = "; ".join(str(item.seq) for item in incident.corrections) if incident else ""
        fields = [record.get(key) for key in ("when", "what", "where")]
        lists = ["; ".join(entry.items("channels")), "; ".join(entry.items("witnesses"))]
        more = [record.get(key) for key in ("police_report", "officer", "via", "note")]
        hashes = [entry.created_at, entry.content_hash, entry.prev_hash, entry.entry_hash]
        marks = [evidence, after, corrected_by]
        row = [entry.seq, entry.kind, entry.amends, *fields, *lists, *more, *marks, *hashes]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def to_json(context: ExportContext) -> dict[str, Any]:
    """The export as plain data: summary, timeline as it stands, entries as recorded, exhibits, chain."""
    summary = context.summary
    notice = summary.notice
    return {
        "title": TITLE,
        "exported_on": context.day,
        "kept_by": context.your_name,
        "about": context.their_name,
        "covers": {"since": context.since, "until": context.until},
        "summary": {
            "incidents": summary.incidents,
            "first": summary.first,
            "last": summary.last,
            "notice": {"entry": notice.seq, "delivered": notice.when, "via": notice.via} if notice else None,
            "after_notice": summary.after_notice,
            "by_channel": {channel or "not_recorded": count for channel, count in summary.by_channel.items()},
            "by_month": {month: {"incidents": total, "after_notice": after}
                         for month, (total, after) in summary.by_month.items()},
            "police_reports": [{"number": number, "entry": seq} for number, seq in summary.police_reports],
            "with_evidence": summary.with_evidence,
        },
        "timeline": [_incident_json(context, incident) for incident in context.chosen],
        "exhibits": [
            {"exhibit": exhibit.number, "entry": exhibit.seq, **exhibit.evidence.as_dict()}
            for exhibit in context.exhibits
        ],
        "entries": [_entry_json(entry) for entry in context.shown_entries],
        "chain": {
            "head": context.report.head,
            "entries": context.report.entries,
            "genesis": GENESIS,
            "how_to_check": HOW_TO_CHECK,
        },
        "verification": {"ok": context.report.ok, "problems": context.report.messages},
    }


def _incident_json(context: ExportContext, incident: Incident) -> dict[str, Any]:
    return {
        "entry": incident.seq,
        "kind": incident.kind,
        "when": incident.when,
        "what": incident.what,
        "where": incident.where,
        "channels": list(incident.channels),
        "witnesses": list(incident.witnesses),
        "police_report": incident.police_report,
        "officer": incident.officer,
        "notice_via": incident.via,
        "after_notice": incident.after_notice,
        "exhibits": [context.exhibit_numbers.get((incident.seq, item.sha256)) for item in incident.evidence],
        "corrected_in": [correction.seq for correction in incident.corrections],
    }


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "amends": entry.amends,
        "created_at": entry.created_at,
        "record": entry.record,
        "content_hash": entry.content_hash,
        "prev_hash": entry.prev_hash,
        "entry_hash": entry.entry_hash,
    }
