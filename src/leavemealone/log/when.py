"""Incident times as people in the US write them: 11/29/2026 10pm, yesterday, today 22:30.

``model.parse_when`` reads the ISO forms first and hands anything else
here. A date is month/day/year and nothing else is guessed: 03/04/2026
is March 4, 29/11/2026 is refused, and so is a two-digit year. A time is
10pm, 10:30 pm, 10:30 p.m. or 22:30. The date and time may come in either
order, with "at" or a comma between them.
"""

from __future__ import annotations

import datetime as dt
import re

from leavemealone.errors import UsageError

# Said whenever a time cannot be read (at a prompt, after an option, in an import's row): the
# forms that work, so the next try can be right.
ACCEPTED = "write the month first, like 11/29/2026 10:30 pm, or 2026-11-29 22:30"
ALSO = 'Just the day is fine too (11/29/2026), and so are "today", "yesterday" and "yesterday 9pm".'

_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?")
_TWENTY_FOUR = re.compile(r"(\d{1,2}):(\d{2})")
_RELATIVE = {"today": 0, "yesterday": 1}
_JOINING = {"at", "on"}


def read_when_words(text: str, option: str) -> dt.datetime | dt.date:
    """The day (and time, if given) ``text`` names, or a ``UsageError`` showing the forms that work."""
    day: dt.date | None = None
    moment: dt.time | None = None
    for part in _parts(text):
        found_day, found_time = _day(part), _time(part)
        if found_day is not None and day is None:
            day = found_day
        elif found_time is not None and moment is None:
            moment = found_time
        else:
            day = None
            break
    if day is None:
        raise UsageError(f"{option} {text!r} is not a date and time I can read: {ACCEPTED}.", hint=ALSO)
    return day if moment is None else dt.datetime.combine(day, moment)


def _parts(text: str) -> list[str]:
    """The date and the time as separate pieces: '10:30 pm' stays one piece, 'at' and commas go."""
    words = [word for word in text.lower().replace(",", " ").split() if word not in _JOINING]
    parts: list[str] = []
    for word in words:
        if parts and word.rstrip(".") in ("am", "pm", "a.m", "p.m") and parts[-1][-1:].isdigit():
            parts[-1] += word  # "10 pm", "10:30 p.m."
        else:
            parts.append(word)
    return parts


def _day(part: str) -> dt.date | None:
    if part in _RELATIVE:
        return dt.date.today() - dt.timedelta(days=_RELATIVE[part])
    us, iso = _US_DATE.fullmatch(part), _ISO_DATE.fullmatch(part)
    try:
        if us is not None:
            month, day, year = map(int, us.groups())
            return dt.date(year, month, day)
        if iso is not None:
            year, month, day = map(int, iso.groups())
            return dt.date(year, month, day)
    except ValueError:  # month 13, February 30: not a day at all
        return None
    return None


def _time(part: str) -> dt.time | None:
    clock, plain = _CLOCK.fullmatch(part), _TWENTY_FOUR.fullmatch(part)
    if clock is not None:
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return dt.time(hour % 12 + (12 if clock.group(3) == "p" else 0), minute)
    if plain is not None:
        hour, minute = int(plain.group(1)), int(plain.group(2))
        return dt.time(hour, minute) if hour <= 23 and minute <= 59 else None
    return None


def spoken(when: str) -> str:
    """A stored time (``2026-03-04 22:30`` or a day) as words: ``Wednesday, March 4, 2026, 10:30 pm``.

    Said back after a date typed with slashes, so a day-first reading shows
    before it is saved.
    """
    day = dt.date.fromisoformat(when[:10])
    words = f"{day:%A}, {day:%B} {day.day}, {day.year}"
    if len(when) > 10:
        hour, minute = int(when[11:13]), int(when[14:16])
        words += f", {hour % 12 or 12}:{minute:02d} {'am' if hour < 12 else 'pm'}"
    return words
