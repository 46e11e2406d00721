"""The national lines and emergency numbers as plain text, from ``data/hotlines.json``.

``help-now`` prints these before the CLI framework loads (see ``__main__``),
so this module reads the file with the standard library alone: nothing here
may import yaml, jinja2, rich, typer or platformdirs.
"""

from __future__ import annotations

import json
import os

from leavemealone.suggest import RESOURCES_HELP

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
    ways = [f"call {line['phone']}" if _known(line.get("phone")) else ""]
    ways.append(f"text {line['text']}" if _known(line.get("text")) else "")
    reach = ", ".join(way for way in ways if way) or str(line.get("website") or "")
    doubt = " (may not be working; if it fails, try another line)" if line.get("uncertain") else ""
    return f"{line['name']}: {reach}{doubt}"


def emergency_text(path: str = HOTLINES_FILE) -> str:
    """The whole emergency block as plain text (ASCII-safe, no colours)."""
    blocks = ["If you are in danger right now, call 911."]
    blocks.extend(line_text(line) for line in emergency_lines(path))
    blocks.append(
        "These numbers are stored on this computer; looking them up sent nothing anywhere.\n"
        f"Protective orders where you live: {RESOURCES_HELP}"
    )
    return "\n\n".join(blocks) + "\n"


def urgent_text(path: str = HOTLINES_FILE, *, count: int = 3) -> str:
    """The first few lines only (911, the Domestic Violence Hotline, 988), for a screen in the flow.

    Short on purpose: someone in danger should see 911 without scrolling.
    """
    blocks = [line_text(line) for line in emergency_lines(path)[:count]]
    blocks.append("More lines, at any time: leavemealone help-now")
    return "\n\n".join(blocks) + "\n"
