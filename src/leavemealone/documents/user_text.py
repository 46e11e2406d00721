"""User text made harmless for every format: no control or escape sequences, no live Markdown.

Every value a template prints passes ``strip_controls`` (a name pasted from
a terminal can carry an escape sequence that recolours or rewrites the
screen; a bidi override can make "Sam" read as "maS"). The md file gets
``escape_markdown_readable``: a name stays readable in a text editor but
can never become a heading, a link, a list, a table or emphasis. The
converters read ``escape_markdown``, which escapes every punctuation mark.
"""

from __future__ import annotations

import re
import string

# ESC sequences: CSI (colours, cursor moves), OSC (window titles, links), and two-byte ones;
# the 8-bit CSI and OSC introducers too.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC ... ST
    r"|\x1b[ -~]?"  # a two-byte sequence, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 controls but newline and tab, DEL, and the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069) that reorder what is shown. Joiners and marks stay: scripts need them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")

# The marks Markdown lets a backslash escape: every ASCII punctuation mark (CommonMark 2.4).
MARKDOWN_ESCAPABLE = frozenset(string.punctuation)
_MARKDOWN_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
# Marks that act anywhere in a line: emphasis, code, links, raw HTML, tables, strikethrough. Underscores
# that cannot take part in emphasis stay as typed: one between two letters or digits (snake_case, a URL),
# and a run after a space (a blank to fill in by hand), which can never close emphasis, while every
# other underscore is escaped, so nothing is left for it to pair with.
_INLINE_MARKS = re.compile(
    r"(?P<inert>(?<!\S)_{3,}|(?<=[^\W_])_(?=[^\W_]))|[\\`*_\[\]<>|~]|&(?=#?\w+;)"
)
# Marks that act only at the start of a line: headings, lists, quotes, setext underlines, rules
# (a line of nothing but underscores is a rule too).
_LINE_START_MARK = re.compile(r"^([ \t]*)(#|[-+=]|_(?=[_ \t]*$)|\d+(?=[.)]))", re.MULTILINE)


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences, control characters or bidi overrides.

    Line breaks are kept (as newlines) and tabs stay; everything else that
    could move the cursor, change colours or reorder the letters is removed.
    """
    text = _LINE_BREAKS.sub("\n", text)
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROLS.sub("", text)


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so Markdown shows ``text`` literally."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def escape_markdown_readable(text: str) -> str:
    """Escape only what Markdown would act on, so ``O'Brien-Lee`` stays as typed in the md file.

    ``# Sam`` cannot become a heading, ``- Sam`` or ``1. Sam`` a list,
    ``[x](y)`` a link, ``*x*`` emphasis, ``| a |`` a table or ``<b>`` HTML;
    every escaped mark still shows as itself when the Markdown is rendered.
    """
    text = _INLINE_MARKS.sub(_escape_inline, text)
    return _LINE_START_MARK.sub(_escape_line_start, text)


def _escape_inline(match: re.Match[str]) -> str:
    return match.group(0) if match.group("inert") else "\\" + match.group(0)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    if mark.isdigit():  # "1." or "1)": escape the dot or bracket that follows (kept in the text)
        return indent + mark + "\\"
    return indent + "\\" + mark
