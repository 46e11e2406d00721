"""The one PDF writer: Markdown blocks laid out with fpdf2 and the bundled DejaVu Sans.

Letters and the incident log export share it, so every PDF has the same page
look: margins, fonts, sizes, and a footer with the title, the date and "Page n
of N". Lines are broken once, with each word measured once from the font's
width table, and placed with ``text()``: fast enough for a log of ten
thousand entries. Only words that need it (right-to-left and joined scripts,
combining marks, characters from a fallback font) go through fpdf2's text
shaping with HarfBuzz, so Arabic and Hebrew come out joined and in order.
A character no font on the computer can draw stops the PDF: it is never
written with a stand-in. Imported only when a PDF is asked for: fpdf2 costs
about half a second to load.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from leavemealone.documents.markdown import Block
from leavemealone.errors import LeaveMeAloneError

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
PAPER_SIZES = ("letter", "a4")
MARGINS = (20.0, 18.0, 20.0)  # left, top, right, in mm
BOTTOM_MARGIN = 22.0
BODY_SIZE = 11.0
LINE = 5.6  # mm per body line
HEADING_SIZES = {1: 17.0, 2: 13.5, 3: 12.0}
FOOTER_SIZE = 8.5
INDENT = 7.0  # mm per list level
BOX = 3.6  # mm, a checkbox side
TABLE_COLUMN = 48.0  # mm
KEEP_TOGETHER = 12  # lines: a paragraph this short is never split across pages
PT = 0.352778  # mm per point
PAGES_ALIAS = "{pages}"
SHOWN_MISSING = 8  # characters named when no font has them
_TOKENS = re.compile(r"\S+|\s+")
# Left to right, one glyph per character, nothing joined: what ``text()`` places without shaping.
_PLAIN_RANGES = ((0x20, 0x0590), (0x1D00, 0x2C00), (0xA720, 0xA800), (0xFB00, 0xFB07))
_NO_GLYPH = ("Mn", "Mc", "Me", "Cf", "Cc", "Zl", "Zp")

Segment = tuple[str, bool, float, bool]  # (text, bold, width in mm at its size, shaped)


class MissingGlyphsError(LeaveMeAloneError):
    """No font on this computer can draw some characters, so no PDF was made."""

    def __init__(self, characters: Iterable[str], instead: tuple[str, ...]) -> None:
        self.characters = sorted(characters)
        shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in self.characters[:SHOWN_MISSING])
        extra = len(self.characters) - SHOWN_MISSING
        more = f" and {extra} more" if extra > 0 else ""
        formats = ", ".join(instead[:-1]) + f" or {instead[-1]}" if len(instead) > 1 else instead[0]
        super().__init__(
            f"No font on this computer can draw {shown}{more}, so no PDF was made; "
            f"make it as {formats} instead, which keep every character.",
            hint="Or install a font that has these characters (Noto Sans has most scripts), "
            "then make the PDF again.",
        )


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[str]:
    """Characters both bundled fonts can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    maps = []
    for filename in FONT_FILES.values():
        with TTFont(FONT_DIR / filename, lazy=True) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(map(chr, set.intersection(*maps)))


@lru_cache(maxsize=1)
def plain_characters() -> frozenset[str]:
    """Characters the bundled fonts draw one by one, left to right: no shaping needed."""
    return frozenset(
        char
        for char in covered_characters()
        if any(low <= ord(char) < high for low, high in _PLAIN_RANGES)
        and unicodedata.category(char) not in _NO_GLYPH
    )


class _Layout:
    """Places wrapped lines on pages; switches the font only when it changes."""

    def __init__(self, pdf: Any, shaping: dict[str, Any]) -> None:
        self.pdf = pdf
        self.shaping = shaping  # fpdf2's shaping settings, switched on only for the words that need it
        self.style: tuple[bool, float] | None = None
        self.widths: dict[bool, Any] = {}
        for bold in (False, True):
            pdf.set_font(FAMILY, "B" if bold else "", BODY_SIZE)
            self.widths[bold] = pdf.current_font.cw
        self.plain = plain_characters()
        self.y = pdf.t_margin

    def font(self, bold: bool, size: float) -> None:
        if self.style != (bold, size):
            self.pdf.set_font(FAMILY, "B" if bold else "", size)
            self.style = (bold, size)

    def is_plain(self, text: str) -> bool:
        return set(text) <= self.plain

    def width(self, text: str, bold: bool, size: float) -> float:
        table = self.widths[bold]
        return float(sum(table[ord(char)] for char in text)) * size * 0.001 * PT

    def shaped_width(self, text: str, bold: bool, size: float) -> float:
        """The width of ``text`` as HarfBuzz lays it out: joined, reordered, fallback fonts included."""
        self.font(bold, size)
        self.pdf.text_shaping = self.shaping
        try:
            return float(self.pdf.get_string_width(text))
        finally:
            self.pdf.text_shaping = None

    def measure(self, token: str, bold: bool, size: float, plain: bool) -> float:
        return self.width(token, bold, size) if plain else self.shaped_width(token, bold, size)

    def wrap(self, runs: list[tuple[str, bool]], room: float, size: float) -> list[list[Segment]]:
        """Break runs into lines no wider than ``room`` mm; a newline always starts a line."""
        lines: list[list[Segment]] = [[]]
        used = 0.0
        for text, bold in runs:
            space = self.width(" ", bold, size)
            run_plain = self.is_plain(text.replace("\n", " "))
            for number, piece in enumerate(text.split("\n")):
                if number:
                    _trim(lines[-1], space)
                    lines.append([])
                    used = 0.0
                for token in _TOKENS.findall(piece):
                    if token.isspace():
                        if used:
                            _add(lines[-1], " ", bold, space, False)
                            used += space
                        continue
                    plain = run_plain or self.is_plain(token)
                    needed = self.width(token, bold, size) if plain else self.shaped_width(token, bold, size)
                    if used and used + needed > room:
                        _trim(lines[-1], space)
                        lines.append([])
                        used = 0.0
                    while needed > room:  # a word longer than the line: split it
                        cut, fitted = self._fit(token, bold, size, room, plain)
                        _add(lines[-1], token[:cut], bold, fitted, not plain)
                        lines.append([])
                        token = token[cut:]
                        needed = self.measure(token, bold, size, plain)
                    _add(lines[-1], token, bold, needed, not plain)
                    used += needed
        if runs:
            _trim(lines[-1], self.width(" ", runs[-1][1], size))
        return lines

    def _fit(self, token: str, bold: bool, size: float, room: float, plain: bool) -> tuple[int, float]:
        """How many characters of ``token`` fit in ``room`` (at least one), and their width."""
        low, high = 1, len(token)
        while low < high:  # the longest start of the word that fits
            middle = (low + high + 1) // 2
            if self.measure(token[:middle], bold, size, plain) <= room:
                low = middle
            else:
                high = middle - 1
        return low, self.measure(token[:low], bold, size, plain)

    def need(self, height: float) -> None:
        if self.y + height > self.pdf.page_break_trigger:
            self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = self.pdf.t_margin

    def place(self, x: float, text: str, bold: bool, size: float, height: float, *, shaped: bool) -> float:
        """Draw ``text`` on the current line at ``x``; for shaped text, return the width it took."""
        self.font(bold, size)
        if not shaped:
            self.pdf.text(x, self.y + height * 0.75, text)
            return 0.0  # the caller measured it already, from the width table
        pdf = self.pdf
        pdf.text_shaping, margin = self.shaping, pdf.c_margin
        pdf.c_margin = 0
        try:
            width = float(pdf.get_string_width(text))
            # A cell's baseline sits at half its height plus 0.3 of the font size: put it where text()'s is.
            pdf.set_xy(x, self.y + height * 0.25 - 0.3 * size * PT)
            pdf.cell(width, height, text)
        finally:
            pdf.text_shaping, pdf.c_margin = None, margin
        return width

    def lines(self, lines: list[list[Segment]], x: float, size: float, height: float) -> None:
        text_at = self.pdf.text
        for line in lines:
            self.need(height)
            left = x
            for text, bold, width, shaped in line:
                if shaped:
                    left += self.place(left, text, bold, size, height, shaped=True)
                else:  # the common case, kept tight: ten thousand log entries pass here
                    self.font(bold, size)
                    text_at(left, self.y + height * 0.75, text)
                    left += width
            self.y += height


def _add(line: list[Segment], text: str, bold: bool, width: float, shaped: bool) -> None:
    """Append to the line; a word joins the segment before it when the style is the same.

    A segment is shaped when any word in it is, so a name of several Arabic
    words is shaped, and ordered right to left, as one piece.
    """
    if line and line[-1][1] == bold:
        previous, _, previous_width, previous_shaped = line[-1]
        line[-1] = (previous + text, bold, previous_width + width, previous_shaped or shaped)
    else:
        line.append((text, bold, width, shaped))


def _trim(line: list[Segment], space: float) -> None:
    """Drop the space a line ended on (at most one: whitespace runs are added as one space)."""
    if line and line[-1][0].endswith(" "):
        text, bold, width, shaped = line[-1]
        line[-1] = (text[:-1], bold, width - space, shaped)


def to_pdf(
    blocks: list[Block],
    *,
    title: str,
    day: str,
    warnings: list[str],
    paper: str = "letter",
    instead: tuple[str, ...] = ("html", "docx", "txt"),
) -> bytes:
    """A printable PDF with the title, the date and "Page n of N" in every footer.

    Characters the bundled fonts lack are drawn from a font on this computer
    that has them; when none has them, ``MissingGlyphsError`` names them and
    suggests the formats in ``instead``. The file's only metadata is its
    title and the day it was made: no program name. ``warnings`` is kept
    for the callers' sake; nothing is left out of a PDF quietly any more.
    """
    from fpdf import FPDF

    blocks, characters = _tidied(blocks)
    fallbacks = _fallback_fonts(characters | set(title), instead)
    layout: _Layout

    class _Document(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FAMILY, "", FOOTER_SIZE)
            self.set_draw_color(0)
            self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
            self.cell(0, 5, footer_left, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Page {self.page_no()} of {PAGES_ALIAS}", align="R")
            layout.style = None

    pdf = _Document(format=paper)
    pdf.alias_nb_pages(PAGES_ALIAS)  # room for five digits: a long log runs past 999 pages
    for style, filename in FONT_FILES.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / filename))
    for number, found in enumerate(fallbacks):
        pdf.add_font(f"Fallback{number}", "", str(found.path), collection_font_number=found.index)
    if fallbacks:
        pdf.set_fallback_fonts([f"Fallback{number}" for number in range(len(fallbacks))], exact_match=False)
    pdf.set_text_shaping(True, direction="ltr")  # the letters are in English: lines run left to right
    shaping, pdf.text_shaping = dict(pdf.text_shaping or {}), None
    layout = _Layout(pdf, shaping)
    footer_left = f"{title} · {day}"
    pdf.set_title(title)
    pdf.set_lang("en")
    pdf.set_margins(*MARGINS)
    pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
    pdf.set_text_color(0)
    layout.new_page()
    _lay_out(layout, blocks)
    return bytes(pdf.output())


def _tidied(blocks: list[Block]) -> tuple[list[Block], set[str]]:
    """Composed accents, tabs as spaces, no control characters but line breaks; and every character used.

    One pass over the text, and a block is copied only when something in it changes: the log export
    sends ten thousand entries through here.
    """
    characters: set[str] = set()
    tidied = []
    for block in blocks:
        texts = [text for text, _ in block.runs] + block.cells
        if any(_needs_tidying(text) for text in texts):
            runs = [(_tidy(text), bold) for text, bold in block.runs]
            block = replace(block, runs=runs, cells=[_tidy(cell) for cell in block.cells])
            texts = [text for text, _ in block.runs] + block.cells
        for text in texts:
            characters.update(text)
        tidied.append(block)
    return tidied, characters


_UNTIDY = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _needs_tidying(text: str) -> bool:
    return bool(_UNTIDY.search(text)) or not unicodedata.is_normalized("NFC", text)


def _tidy(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\t", "    ")
    return "".join(char for char in text if char == "\n" or unicodedata.category(char) != "Cc")


def _fallback_fonts(characters: set[str], instead: tuple[str, ...]) -> list[Any]:
    """Fonts on this computer for what DejaVu lacks; an error naming what no font has."""
    missing = {
        char
        for char in characters - covered_characters()
        if char != "\n" and unicodedata.category(char) not in ("Cf", "Zl", "Zp")  # joiners need no glyph
    }
    if not missing:
        return []
    from leavemealone.documents.system_fonts import find_fonts_for

    found, nowhere = find_fonts_for(missing)
    if nowhere:
        raise MissingGlyphsError(nowhere, instead)
    return found


def _lay_out(layout: _Layout, document: list[Block]) -> None:
    pdf = layout.pdf
    room = pdf.w - pdf.l_margin - pdf.r_margin
    previous = ""
    for number, block in enumerate(document):
        if block.kind == "rule":
            if layout.y > pdf.t_margin + 1:
                layout.new_page()
            previous = ""
        elif block.kind == "heading":
            size = HEADING_SIZES.get(block.level, BODY_SIZE)
            layout.y += (6 if block.level == 1 else 4) if previous else 0
            heading = layout.wrap([(block.text, True)], room, size)
            following = document[number + 1] if number + 1 < len(document) else None
            # Keep a heading with what follows it: with a short paragraph whole, else its first lines.
            layout.need(len(heading) * size * 0.5 + 1.5 + _kept_height(layout, following, room))
            layout.lines(heading, pdf.l_margin, size, size * 0.5)
            layout.y += 1.5
            previous = "heading"
        elif block.kind == "row":
            if previous != "row":
                layout.y += 1
            elif any(bold for _, bold in block.runs):  # a new table's heading row: a table apart
                layout.y += 4
            _row(layout, block)
            previous = "row"
        else:
            _paragraph(layout, block, room, previous)
            previous = "item" if block.marker or block.checked is not None else "paragraph"


def _kept_height(layout: _Layout, block: Block | None, room: float) -> float:
    """How much of ``block`` must share a page with the heading above it."""
    if block is None or block.kind in ("rule", "heading"):
        return 0.0
    if block.kind == "row":
        return 2 * LINE
    lines = len(layout.wrap(block.runs, room - INDENT * block.indent, BODY_SIZE))
    return (lines if lines <= KEEP_TOGETHER else 2) * LINE


def _paragraph(layout: _Layout, block: Block, room: float, previous: str) -> None:
    pdf = layout.pdf
    item = bool(block.marker) or block.checked is not None
    if previous in ("paragraph", "row") or (previous == "item" and not item):
        layout.y += 2.5
    left = pdf.l_margin + INDENT * block.indent
    lines = layout.wrap(block.runs, room - INDENT * block.indent, BODY_SIZE)
    if len(lines) <= KEEP_TOGETHER:
        layout.need(len(lines) * LINE)
    layout.need(LINE)
    page, top = pdf.page, layout.y
    if block.checked is not None:
        _checkbox(pdf, left - INDENT + 1, layout.y + (LINE - BOX) / 2, block.checked)
    elif block.marker:
        offset = 2 if block.marker == "•" else 0
        layout.place(left - INDENT + offset, block.marker, False, BODY_SIZE, LINE, shaped=False)
    layout.lines(lines, left, BODY_SIZE, LINE)
    if block.quote and pdf.page == page:  # a bar beside quoted text, as on paper
        pdf.set_line_width(0.6)
        pdf.line(left - 3.5, top + 0.5, left - 3.5, layout.y - 0.5)
        pdf.set_line_width(0.2)


def _row(layout: _Layout, block: Block) -> None:
    pdf = layout.pdf
    layout.need(LINE)
    bold = any(bold for _, bold in block.runs)
    for column, text in enumerate(block.cells):
        x = pdf.l_margin + 2 + column * TABLE_COLUMN
        layout.place(x, text, bold, BODY_SIZE, LINE, shaped=not layout.is_plain(text))
    if bold:
        pdf.line(pdf.l_margin, layout.y + LINE, pdf.l_margin + TABLE_COLUMN * 3, layout.y + LINE)
    layout.y += LINE


def _checkbox(pdf: Any, x: float, y: float, checked: bool) -> None:
    pdf.set_line_width(0.3)
    pdf.rect(x, y, BOX, BOX)
    if checked:
        pdf.set_line_width(0.5)
        pdf.line(x + 0.7, y + BOX * 0.55, x + BOX * 0.42, y + BOX - 0.7)
        pdf.line(x + BOX * 0.42, y + BOX - 0.7, x + BOX - 0.5, y + 0.6)
        pdf.set_line_width(0.2)
