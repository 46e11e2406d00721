"""``help-now``'s printer: the emergency numbers, at once, with the standard library alone.

``__main__`` calls it before typer loads, so nothing here may import typer,
rich, yaml, jinja2 or platformdirs.
"""

from __future__ import annotations

import sys

from leavemealone.resources.hotlines import HOTLINES_FILE, emergency_text

# Printed if the data file cannot be read, so the most important numbers never depend on it.
_FALLBACK = """\
If you are in danger right now, call 911.

National Domestic Violence Hotline: call 1-800-799-7233, or text START to 88788.
988 Suicide & Crisis Lifeline: call or text 988.
"""


def print_help_now(path: str = HOTLINES_FILE) -> int:
    """Print the emergency numbers; return the exit code.

    If the data file is damaged the core numbers are still printed, then the
    problem is named on stderr and the exit code is 1.
    """
    try:
        text = emergency_text(path)
    except (OSError, ValueError, KeyError, TypeError) as error:
        sys.stdout.write(_FALLBACK)
        sys.stdout.flush()
        sys.stderr.write(f"The full list of lines could not be read ({error}).\n")
        return 1
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
