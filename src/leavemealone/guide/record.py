"""The incident log as the letters see it: counts, and every incident with its exhibits.

The police summary, the declaration and the employer and school letters
list the incidents in the user's own words; this reads them through the
log's own timeline, summary and exhibit numbering (the same the export
uses), and hands them on as plain data, so ``documents`` never opens a case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leavemealone.log.index import LogIndex
    from leavemealone.log.model import Incident
    from leavemealone.store.case_store import CaseStore


def log_extras(store: CaseStore, *, timeline: bool = True) -> dict[str, Any]:
    """``incidents`` (the log in numbers) and ``timeline`` (the incidents in full); None when empty.

    The counts come from the log's index; the incidents are opened only when
    there are some and ``timeline`` is asked for (these papers list every one).
    """
    from leavemealone.log.index import index_log
    from leavemealone.log.timeline import counts_of

    index = index_log(store)
    counts = counts_of(index)
    if not counts["count"] and not counts["notice_on"]:
        return {"incidents": None, "timeline": None}
    if not timeline:
        return {"incidents": counts}
    return {"incidents": counts, "timeline": _timeline(store, index)}


def _timeline(store: CaseStore, index: LogIndex) -> dict[str, Any]:
    from leavemealone.log.model import CHANNEL_LABELS, notice_via_words
    from leavemealone.log.report import LogSummary, list_exhibits
    from leavemealone.log.timeline import incidents_for

    timeline = list(incidents_for(store, index.ordered()))
    summary = LogSummary(index.ordered(), index.notice)
    exhibits = list_exhibits(timeline)
    numbers = {(exhibit.seq, exhibit.evidence.sha256): exhibit.number for exhibit in exhibits}
    when = {incident.seq: incident.when for incident in timeline}
    notice = summary.notice
    return {
        "incidents": [_incident(incident, numbers) for incident in timeline if incident.kind == "incident"],
        "notice": {"seq": notice.seq, "when": notice.when, "via_words": notice_via_words(notice.via)}
        if notice
        else None,
        "exhibits": [
            {
                "number": exhibit.number,
                "seq": exhibit.seq,
                "when": when.get(exhibit.seq),
                **exhibit.evidence.as_dict(),
            }
            for exhibit in exhibits
        ],
        "by_month": [(month, total, after) for month, (total, after) in summary.by_month.items()],
        "by_channel": [
            (CHANNEL_LABELS.get(channel, "not recorded"), count)
            for channel, count in summary.by_channel.items()
        ],
        "after_notice": summary.after_notice,
        "reports": _reports(timeline),
    }


def _incident(incident: Incident, numbers: dict[tuple[int, str], int]) -> dict[str, Any]:
    from leavemealone.log.model import CHANNEL_LABELS
    from leavemealone.log.timeline import conduct_flags

    return {
        "seq": incident.seq,
        "when": incident.when,
        "what": incident.what,
        "where": incident.where,
        "channels": list(incident.channels),
        "channel_words": [CHANNEL_LABELS[channel] for channel in incident.channels],
        "witnesses": list(incident.witnesses),
        "police_report": incident.police_report,
        "officer": incident.officer,
        "exhibits": [numbers[(incident.seq, item.sha256)] for item in incident.evidence],
        "after_notice": incident.after_notice,
        "flags": list(conduct_flags(incident)),
    }


def _reports(timeline: list[Incident]) -> list[dict[str, Any]]:
    """Each police report number once, with its officer and the day of the first incident it covers."""
    reports: dict[str, dict[str, Any]] = {}
    for incident in timeline:
        if incident.kind == "incident" and incident.police_report:
            found = reports.setdefault(
                incident.police_report,
                {
                    "number": incident.police_report,
                    "officer": None,
                    "when": incident.when,
                    "seq": incident.seq,
                },
            )
            found["officer"] = found["officer"] or incident.officer
    return list(reports.values())
