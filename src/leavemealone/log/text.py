"""How the incident log reads on a screen: the ``log list`` table and the ``log show`` page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from leavemealone import suggest
from leavemealone.log import fields
from leavemealone.log.model import CHANNEL_LABELS, Entry, Evidence, Incident, notice_via_words
from leavemealone.log.report import changed_fields
from leavemealone.log.timeline import EntryDetail, Listing

ROW_WIDTH = 80  # a row of the ``log list`` table fits an 80-column terminal
LEAD_WIDTH = 5 + 2 + 16 + 2 + 13 + 2  # number, when and channel, with the gaps after them
SHORTEST_WHAT = 12  # what happened keeps at least this much, however long its notes


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table_rows(listing: Listing) -> Iterator[str]:
    """The heading and a row an incident, newest first, printed as they are.

    A row fits 80 columns: what happened is cut to make room for the notes,
    which are never cut (with three or more notes the row runs over).
    """
    if not listing.shown:
        return
    yield f"{'#':>5}  {'when':<16}  {'channel':<13}  what happened (notes)"
    for incident in listing.incidents:
        yield _row(incident)


def listing_notes(listing: Listing) -> list[str]:
    """The sentences after the table (or instead of it): how many were shown and how to see more."""
    if not listing.shown and listing.recorded and (listing.by_days or listing.by_channel):
        return [f"{_none_match(listing)} See them all: {suggest.LOG_LIST_ALL}"]
    if not listing.shown:
        return [f"No incidents recorded here yet. Add one with: {suggest.LOG_ADD}"]
    count = listing.incidents_shown
    footer = f"{count} incident{'s' if count != 1 else ''} shown"
    if listing.notice_shown:
        footer += f", {listing.after_notice_shown} after the no-contact notice"
    notes = [f"{footer}. See one in full, for example: {suggest.log_show(listing.newest)}"]
    if listing.more:
        older = f"{listing.more:,} older {'one is' if listing.more == 1 else 'ones are'} not shown."
        rest = f"See them all: {suggest.LOG_LIST_ALL}; or from a day on: {suggest.LOG_LIST_SINCE}"
        notes.append(f"{older} {rest}")
    return notes


def _none_match(listing: Listing) -> str:
    """Why the table is empty when the log is not: the filters left nothing."""
    ways = {
        (True, False): ("falls on those days", "does not fall on those days"),
        (False, True): ("came that way", "did not come that way"),
        (True, True): ("came that way on those days", "did not come that way on those days"),
    }
    some, one = ways[(listing.by_days, listing.by_channel)]
    if listing.recorded == 1:
        return f"The one incident in your log {one}."
    return f"None of the {listing.recorded:,} incidents in your log {some}."


def _row(incident: Incident) -> str:
    notes = []
    if incident.after_notice:
        notes.append("after notice")
    if incident.evidence:
        notes.append(f"{len(incident.evidence)} file{'s' if len(incident.evidence) != 1 else ''}")
    if incident.corrections:
        notes.append("corrected")
    if incident.police_report:
        notes.append("police report")
    channel = ", ".join(incident.channels) if incident.channels else "-"
    if incident.kind == "notice":
        channel, notes = "NOTICE", []
    noted = f" ({', '.join(notes)})" if notes else ""  # notes are never cut: what happened is
    room = max(ROW_WIDTH - LEAD_WIDTH - len(noted), SHORTEST_WHAT)
    lead = f"{incident.seq:>5}  {incident.when:<16}  {_short(channel, 13):<13}  "
    return lead + _short(incident.summary(), room) + noted


def _field(label: str, value: str | None) -> str:
    text = (value or "-").replace("\n", "\n" + " " * 17)
    return f"  {label + ':':<15}{text}"


def entry_page(detail: EntryDetail) -> str:
    """Everything about one entry: fields as they stand now, evidence, corrections and hashes."""
    entry = detail.entry
    lines: list[str] = []
    if entry.kind == "correction":
        lines.append(f"Entry {entry.seq}: a correction of entry {entry.amends}, recorded {entry.created_at}")
        lines.append(f"  Changes: {changed_fields(entry) or 'a note only'}")
        lines += _record_lines(entry)
    elif detail.incident is not None:
        incident = detail.incident
        kind = "no-contact notice delivered" if incident.kind == "notice" else "incident"
        lines.append(f"Entry {entry.seq}: {kind}, recorded {entry.created_at}")
        lines += _incident_lines(incident, detail.notice)
        for correction in incident.corrections:
            note = f": {correction.text('note')}" if correction.text("note") else ""
            lines.append(
                f"  Corrected in entry {correction.seq} on {correction.created_at[:10]} "
                f"({changed_fields(correction) or 'a note only'}){note}"
            )
        if incident.corrections:
            lines.append("  (What is shown above includes the corrections; the original entry is unchanged.)")
    lines += [
        "",
        f"  Content SHA-256: {entry.content_hash}",
        f"  Chain SHA-256:   {entry.entry_hash}",
        f"  Follows:         {entry.prev_hash}",
    ]
    return "\n".join(lines) + "\n"


def _incident_lines(incident: Incident, notice: Incident | None) -> list[str]:
    lines = [_field(fields.WHEN.label, incident.when)]
    if incident.kind == "notice":
        lines.append(_field("Delivered", notice_via_words(incident.via)))
        return lines + _evidence_lines(incident.evidence)
    channels = ", ".join(CHANNEL_LABELS[channel] for channel in incident.channels)
    lines += [
        _field(fields.WHAT.label, incident.what),
        _field(fields.WHERE.label, incident.where),
        _field(fields.CHANNELS_FIELD.label, channels or None),
        _field(fields.WITNESSES.label, "\n".join(incident.witnesses) or None),
        _field(fields.POLICE_REPORT.label, incident.police_report),
        _field(fields.OFFICER.label, incident.officer),
    ]
    if notice is not None:
        answer = "yes" if incident.after_notice else "no"
        lines.append(_field("After notice", f"{answer} (notice delivered {notice.when}, entry {notice.seq})"))
    return lines + _evidence_lines(incident.evidence)


_TEXT_LABELS = {
    **{field.name: field.label for field in fields.FIELDS if field.kind in ("time", "text")},
    "note": "Note",
    "via": "Delivered",
}


def _record_lines(entry: Entry) -> list[str]:
    lines = [_field(label, entry.text(key)) for key, label in _TEXT_LABELS.items() if key in entry.record]
    if "channels" in entry.record:
        lines.append(_field(fields.CHANNELS_FIELD.label, ", ".join(entry.items("channels")) or None))
    if "witnesses" in entry.record:
        lines.append(_field(fields.WITNESSES.label, "\n".join(entry.items("witnesses")) or None))
    return lines + _evidence_lines(entry.evidence)


def _evidence_lines(evidence: Sequence[Evidence]) -> list[str]:
    lines = []
    for item in evidence:
        lines.append(f"  Evidence:      {item.name} ({item.size:,} bytes, last changed {item.modified})")
        lines.append(f"                 SHA-256 {item.sha256}")
    return lines
