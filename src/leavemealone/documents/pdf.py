"""The one PDF writer: Markdown blocks laid out with fpdf2 and the bundled DejaVu Sans.

Letters and the incident log export share it, so every PDF has the same page
look: margins, fonts, sizes, and a footer with the title, the date and "Page n
of N". Lines are broken once, with each word measured once from the font's
width table, and placed with ``text()``: fast enough for a log of ten
thousand entries. Imported only when a PDF is asked for: fpdf2 costs about
half a second to load.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from leavemealone.documents.markdown import Block

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
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
_TOKENS = re.compile(r"\S+|\s+")

Segment = tuple[str, bool, float]  # (text, bold, width in mm at the size it was measured)


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[str]:
    """Characters both bundled fonts can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    maps = []
    for filename in FONT_FILES.values():
        with TTFont(FONT_DIR / filename, lazy=True) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(map(chr, set.intersection(*maps)))


class _Layout:
    """Places wrapped lines on pages; switches the font only when it changes."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.style: tuple[bool, float] | None = None
        self.widths: dict[bool, Any] = {}
        for bold in (False, True):
            pdf.set_font(FAMILY, "B" if bold else "", BODY_SIZE)
            self.widths[bold] = pdf.current_font.cw
        self.covered = covered_characters() | {"\n"}
        self.missing: dict[str, None] = {}  # an ordered set
        self.y = pdf.t_margin

    def font(self, bold: bool, size: float) -> None:
        if self.style != (bold, size):
            self.pdf.set_font(FAMILY, "B" if bold else "", size)
            self.style = (bold, size)

    def clean(self, text: str) -> str:
        """Composed accents; no control characters; a visible stand-in for a missing glyph."""
        text = unicodedata.normalize("NFC", text).replace("\t", "    ")
        strange = set(text) - self.covered
        if not strange:
            return text
        out = []
        for char in text:
            if char not in strange:
                out.append(char)
            elif unicodedata.category(char) in ("Cc", "Cf"):
                continue
            else:
                self.missing[char] = None
                out.append(REPLACEMENT)
        return "".join(out)

    def width(self, text: str, bold: bool, size: float) -> float:
        table = self.widths[bold]
        return float(sum(table[ord(char)] for char in text)) * size * 0.001 * PT

    def wrap(self, runs: list[tuple[str, bool]], room: float, size: float) -> list[list[Segment]]:
        """Break runs into lines no wider than ``room`` mm; a newline always starts a line."""
        lines: list[list[Segment]] = [[]]
        used = 0.0
        for text, bold in runs:
            space = self.width(" ", bold, size)
            for number, piece in enumerate(self.clean(text).split("\n")):
                if number:
                    _trim(lines[-1], space)
                    lines.append([])
                    used = 0.0
                for token in _TOKENS.findall(piece):
                    if token.isspace():
                        if used:
                            _add(lines[-1], " ", bold, space)
                            used += space
                        continue
                    needed = self.width(token, bold, size)
                    if used and used + needed > room:
                        _trim(lines[-1], space)
                        lines.append([])
                        used = 0.0
                    while needed > room:  # a word longer than the line: split it
                        cut, fitted = self._fit(token, bold, size, room)
                        _add(lines[-1], token[:cut], bold, fitted)
                        lines.append([])
                        token = token[cut:]
                        needed -= fitted
                    _add(lines[-1], token, bold, needed)
                    used += needed
        if runs:
            _trim(lines[-1], self.width(" ", runs[-1][1], size))
        return lines

    def _fit(self, token: str, bold: bool, size: float, room: float) -> tuple[int, float]:
        """How many characters of ``token`` fit in ``room`` (at least one), and their width."""
        used = 0.0
        for cut, char in enumerate(token):
            step = self.width(char, bold, size)
            if used + step > room:
                return (cut, used) if cut else (1, step)
            used += step
        return len(token), used

    def need(self, height: float) -> None:
        if self.y + height > self.pdf.page_break_trigger:
            self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = self.pdf.t_margin

    def lines(self, lines: list[list[Segment]], x: float, size: float, height: float) -> None:
        for line in lines:
            self.need(height)
            left = x
            for text, bold, width in line:
                self.font(bold, size)
                self.pdf.text(left, self.y + height * 0.75, text)
                left += width
            self.y += height


def _add(line: list[Segment], text: str, bold: bool, width: float) -> None:
    if line and line[-1][1] == bold:
        previous, _, previous_width = line[-1]
        line[-1] = (previous + text, bold, previous_width + width)
    else:
        line.append((text, bold, width))


def _trim(line: list[Segment], space: float) -> None:
    """Drop the space a line ended on (at most one: whitespace runs are added as one space)."""
    if line and line[-1][0].endswith(" "):
        text, bold, width = line[-1]
        line[-1] = (text[:-1], bold, width - space)


def to_pdf(
    blocks: list[Block], *, title: str, day: str, warnings: list[str], paper: str = "letter"
) -> bytes:
    """A printable PDF with the title, the date and "Page n of N" in every footer.

    Characters the bundled fonts cannot draw are replaced with a visible
    mark, and a sentence saying so is appended to ``warnings``.
    """
    from fpdf import FPDF

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
    layout = _Layout(pdf)
    footer_left = layout.clean(f"{title} · {day}")
    pdf.set_title(layout.clean(title))
    pdf.set_creator("leavemealone")
    pdf.set_lang("en")
    pdf.set_margins(*MARGINS)
    pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
    pdf.set_text_color(0)
    layout.new_page()
    _lay_out(layout, blocks)
    if layout.missing:
        warnings.append(_missing_warning(list(layout.missing)))
    return bytes(pdf.output())


def _missing_warning(missing: list[str]) -> str:
    shown = " ".join(missing)[:60]
    count = len(missing)
    noun = "character" if count == 1 else "characters"
    return (
        f"The PDF font cannot draw {count} {noun} ({shown}); "
        f"{'it was' if count == 1 else 'they were'} replaced with {REPLACEMENT}. "
        "The other formats keep them."
    )


def _lay_out(layout: _Layout, document: list[Block]) -> None:
    pdf = layout.pdf
    room = pdf.w - pdf.l_margin - pdf.r_margin
    previous = ""
    for block in document:
        if block.kind == "rule":
            if layout.y > pdf.t_margin + 1:
                layout.new_page()
            previous = ""
        elif block.kind == "heading":
            size = HEADING_SIZES.get(block.level, BODY_SIZE)
            layout.y += (6 if block.level == 1 else 4) if previous else 0
            layout.need(25)  # keep a heading with what follows it
            layout.lines(layout.wrap([(block.text, True)], room, size), pdf.l_margin, size, size * 0.5)
            layout.y += 1.5
            previous = "heading"
        elif block.kind == "row":
            if previous != "row":
                layout.y += 1
            _row(layout, block)
            previous = "row"
        else:
            _paragraph(layout, block, room, previous)
            previous = "item" if block.marker or block.checked is not None else "paragraph"


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
        layout.font(False, BODY_SIZE)
        offset = 2 if block.marker == "•" else 0
        pdf.text(left - INDENT + offset, layout.y + LINE * 0.75, block.marker)
    layout.lines(lines, left, BODY_SIZE, LINE)
    if block.quote and pdf.page == page:  # a bar beside quoted text, as on paper
        pdf.set_line_width(0.6)
        pdf.line(left - 3.5, top + 0.5, left - 3.5, layout.y - 0.5)
        pdf.set_line_width(0.2)


def _row(layout: _Layout, block: Block) -> None:
    pdf = layout.pdf
    layout.need(LINE)
    bold = any(bold for _, bold in block.runs)
    for column, text in enumerate(block.text.split(" | ")):
        layout.font(bold, BODY_SIZE)
        pdf.text(pdf.l_margin + 2 + column * TABLE_COLUMN, layout.y + LINE * 0.75, layout.clean(text))
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
