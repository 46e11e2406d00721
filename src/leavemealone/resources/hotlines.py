"""The national lines and emergency numbers as plain text, from ``data/hotlines.json``.

``help-now`` prints these before the CLI framework loads (see ``__main__``),
so this module reads the file with the standard library alone: nothing here
may import yaml, jinja2, rich, typer or platformdirs.
"""

from __future__ import annotations

import json
import os

from leavemealone.suggest import HELP_NOW, HELP_NOW_ALL, RESOURCES_HELP

# os.path rather than pathlib: pathlib costs about a third of a bare interpreter start.
_HERE = os.path.dirname(os.path.abspath(__file__))  # noqa: PTH100, PTH120
HOTLINES_FILE = os.path.join(_HERE, "data", "hotlines.json")  # noqa: PTH118


_SHOWN_FIELDS = (
    ("phone", "Call"),
    ("tty", "TTY"),
    ("text", "Text"),
    ("chat_url", "Chat"),
    ("website", "Web"),
    ("email_hotline", "Email"),
    ("hours", "Open"),
)


def emergency_lines(path: str = HOTLINES_FILE) -> list[dict[str, object]]:
    """The national lines in the order to show them, 911 first.

    The guided flow, ``resources`` and ``help-now`` all read this one list,
    so a number is corrected in one place.
    """
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        document = json.load(handle)
    lines = document.get("lines") if isinstance(document, dict) else None
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise ValueError(f"{path}: 'lines' must be a list of objects")
    return lines


def _known(value: object) -> bool:
    return isinstance(value, str) and value.strip() not in ("", "unknown")


def line_text(line: dict[str, object]) -> str:
    """One line as a few plain-text rows: name, then only the confirmed ways to reach it."""
    name, summary = line["name"], line.get("summary")
    rows = [f"{name} - {summary}" if summary else str(name)]
    for field, label in _SHOWN_FIELDS:
        if _known(line.get(field)):
            rows.append(f"  {label}: {line[field]}")
    if line.get("uncertain"):
        rows.append("  Not confirmed to be working now; if it fails, try another line.")
    return "\n".join(rows)


def compact_line(line: dict[str, object]) -> str:
    """One line in a single row: its name, then how to call or text it (or its website)."""
    phone, text = line.get("phone"), line.get("text")
    if _known(phone) and phone == text:
        ways = [f"call or text {phone}"]
    else:
        ways = [f"call {phone}" if _known(phone) else "", f"text {text}" if _known(text) else ""]
    reach = ", ".join(way for way in ways if way) or str(line.get("website") or "")
    doubt = " (may not be working; if it fails, try another line)" if line.get("uncertain") else ""
    return f"{line['name']}: {reach}{doubt}"


FIRST = "If you are in danger right now, call 911."
# The three lines help-now shows in full; the rest get one row each.
FIRST_LINES = 3
# Joins the words of one way to reach a line ("Text: START to 88788"), so a wrap never splits it.
_KEEP = "\u00a0"


def wrap(text: str, width: int) -> str:
    """Wrap each row at ``width`` between words (never inside one), keeping its indent.

    A few lines of our own rather than textwrap, whose import compiles
    regular expressions that cost help-now about a fifth of its start.
    """
    width = max(width, 20)
    rows = []
    for row in text.split("\n"):
        indent = row[: len(row) - len(row.lstrip(" "))]
        current = ""
        for word in (word for word in row.split(" ") if word):
            if current and len(current) + 1 + len(word) > width:
                rows.append(current)
                current = indent + "  " + word
            else:
                current = f"{current} {word}" if current else indent + word
        rows.append(current)
    return "\n".join(rows).replace(_KEEP, " ")


def emergency_text(path: str = HOTLINES_FILE, *, width: int = 80) -> str:
    """Every line in full (``help-now --all``), as plain text (ASCII-safe, no colours)."""
    blocks = [FIRST]
    blocks.extend(line_text(line) for line in emergency_lines(path))
    blocks.append(
        "These numbers are stored on this computer; looking them up sent nothing anywhere.\n"
        f"Protective orders where you live: {RESOURCES_HELP}"
    )
    return wrap("\n\n".join(blocks), width) + "\n"


def _ways(line: dict[str, object]) -> str:
    """How to call or text a line, in one row: 'Call: 988; Text: 988; Open: 24/7' (no web addresses)."""
    ways = [
        f"{label}: {line[field]}".replace(" ", _KEEP)
        for field, label in _SHOWN_FIELDS
        if field in ("phone", "tty", "text", "hours") and _known(line.get(field))
    ]
    if line.get("uncertain"):
        ways.append("not confirmed to be working now; if it fails, try another line")
    return "; ".join(ways)


def help_now_text(path: str = HOTLINES_FILE, *, width: int = 80) -> str:
    """What ``help-now`` prints: 911, the Domestic Violence Hotline and 988 first, all on one screen.

    It fits 22 rows at 80 columns, so in a small terminal 911 never scrolls
    off the top. Each other line with a number gets one row; websites,
    TTY and chat for every line are one flag away (``help-now --all``).
    """
    lines = emergency_lines(path)
    blocks = [FIRST]
    for line in lines[:FIRST_LINES]:
        blocks.append(f"{line['name']} - {line['summary']}\n  {_ways(line)}")
    more = [f"- {compact_line(line)}" for line in lines[FIRST_LINES:] if _known(line.get("phone"))]
    if more:
        blocks.append("More lines:\n" + "\n".join(more))
    blocks.append(f"Chat, websites and more about every line: {HELP_NOW_ALL}")
    return wrap("\n\n".join(blocks), width) + "\n"


def urgent_text(path: str = HOTLINES_FILE, *, count: int = FIRST_LINES, width: int = 80) -> str:
    """The first few lines only (911, the Domestic Violence Hotline, 988), for a screen in the flow.

    Short on purpose, two or three rows a line: someone in danger sees 911
    and the Hotline without scrolling, under the question they just answered.
    """
    rows = [f"{line['name']}\n  {_ways(line)}" for line in emergency_lines(path)[:count]]
    rows.append(f"More lines, at any time: {HELP_NOW}")
    return wrap("\n".join(rows), width) + "\n"
