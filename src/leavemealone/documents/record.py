"""The incident log as templates see it: each incident in the user's words, exhibits by letter.

The guide reads the log and hands over plain data (``timeline`` in the
extras); this turns it into objects a template reads (``incident.what``,
``exhibit.letter``), with dates in words and the course of conduct counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
_BLANK_LINES = re.compile(r"\n\s*\n+")


def exhibit_letter(number: int) -> str:
    """Exhibits go by letter in court papers: 1 is A, 26 is Z, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def exhibit_file_name(number: int, name: str) -> str:
    """``Exhibit-A-screenshot.png``: the exhibit's letter and its original name, safe as a file name."""
    safe = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", name).strip(" .") or "file"
    return f"Exhibit-{exhibit_letter(number)}-{safe[:120]}"


def date_words(when: str | None) -> str | None:
    """``2024-04-01 20:15`` -> ``April 1, 2024, at 20:15``; a day alone has no time."""
    if not when or len(when) < 10 or not when[:4].isdigit():
        return when
    year, month, day = when[:4], int(when[5:7]), int(when[8:10])
    words = f"{MONTHS[month - 1]} {day}, {year}"
    return f"{words}, at {when[11:16]}" if len(when) >= 16 else words


def month_words(month: str) -> str:
    """``2024-04`` -> ``April 2024``."""
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}" if len(month) == 7 else month


def words(text: Any) -> str | None:
    """The user's own account: kept line by line, without blank lines (which would end a quote)."""
    if text is None:
        return None
    lines = [" ".join(line.split()) for line in _BLANK_LINES.sub("\n", str(text)).split("\n")]
    return "\n".join(line for line in lines if line) or None


def timeline_facts(value: Any, clean: Any) -> SimpleNamespace | None:
    """``timeline`` extras as objects; ``clean`` tidies one-line text (``context.clean``)."""
    if not value:
        return None
    exhibits = [
        SimpleNamespace(
            number=int(item["number"]),
            letter=exhibit_letter(int(item["number"])),
            file_name=exhibit_file_name(int(item["number"]), str(item.get("name") or "")),
            seq=item.get("seq"),
            when=date_words(item.get("when")),
            name=clean(item.get("name")) or "",
            sha256=clean(item.get("sha256")) or "",
            size=int(item.get("size") or 0),
        )
        for item in value.get("exhibits") or ()
    ]
    by_number = {exhibit.number: exhibit for exhibit in exhibits}
    incidents = [_incident(item, by_number, clean) for item in value.get("incidents") or ()]
    notice = value.get("notice")
    return SimpleNamespace(
        incidents=incidents,
        count=len(incidents),
        first=date_words(incidents[0].date) if incidents else None,
        last=date_words(incidents[-1].date) if incidents else None,
        notice=_notice(notice) if notice else None,
        exhibits=exhibits,
        after_notice=int(value.get("after_notice") or 0),
        by_month=[
            SimpleNamespace(month=month, words=month_words(month), count=count, after=after)
            for month, count, after in value.get("by_month") or ()
        ],
        by_channel=[
            SimpleNamespace(words=label, count=count) for label, count in value.get("by_channel") or ()
        ],
        threats=[incident for incident in incidents if incident.threat],
        following=[incident for incident in incidents if incident.following],
        reports=[
            SimpleNamespace(
                number=clean(report.get("number")),
                officer=clean(report.get("officer")),
                date=date_words((report.get("when") or "")[:10]),
                seq=report.get("seq"),
            )
            for report in value.get("reports") or ()
        ],
    )


def _incident(
    item: Mapping[str, Any], exhibits: Mapping[int, SimpleNamespace], clean: Any
) -> SimpleNamespace:
    flags = item.get("flags") or ()
    channels = [str(channel) for channel in item.get("channels") or ()]
    when = str(item.get("when") or "")
    what = words(item.get("what"))
    return SimpleNamespace(
        seq=item.get("seq"),
        when=when,
        date=when[:10],
        when_words=date_words(when),
        what=what,
        lines=what.split("\n") if what else [],
        where=clean(item.get("where")),
        channels=channels,
        how=", ".join(str(label) for label in item.get("channel_words") or ()),
        witnesses=[name for name in (clean(witness) for witness in item.get("witnesses") or ()) if name],
        police_report=clean(item.get("police_report")),
        officer=clean(item.get("officer")),
        exhibits=[exhibits[number] for number in item.get("exhibits") or () if number in exhibits],
        after_notice=bool(item.get("after_notice")),
        threat="threat" in flags,
        following="following" in flags,
        at_work="at_work" in channels,
        at_school="at_school" in channels,
    )


def _notice(notice: Mapping[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(
        seq=notice.get("seq"),
        when=notice.get("when"),
        when_words=date_words(notice.get("when")),
        via_words=notice.get("via_words") or "how is not recorded",
    )
