"""A lean PDF writer for the incident log export, fast enough for ten thousand entries.

The shared PDF writer lets fpdf2 break every line (``write``), which is
exact but takes longer than a user should wait for a long log. Here lines
are broken once with a width table per font, and each piece is placed with
``text()``. It lays out the same Markdown blocks, so the content is the same
as in every other format. Imported only when a PDF is asked for.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from leavemealone.render_pdf import FAMILY, FONT_DIR, FONT_FILES, REPLACEMENT, covered_characters
from leavemealone.render_text import Block, blocks

BODY_SIZE = 10.0
LINE = 5.0  # mm per body line
HEADING_SIZES = {1: 17.0, 2: 13.5, 3: 11.5}
LIST_INDENT = 6.0  # mm
TABLE_COLUMN = 48.0  # mm
KEEP_TOGETHER = 12  # lines
PT = 0.352778  # mm per point
PAGES_ALIAS = "{pages}"
_TOKENS = re.compile(r"\S+|\s+")

Segment = tuple[str, bool]  # (text, bold)


class _Layout:
    """Places wrapped lines on pages; remembers the font so it is only switched when it changes."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.style: tuple[bool, float] | None = None
        self.widths: dict[bool, dict[int, float]] = {}
        for bold in (False, True):
            pdf.set_font(FAMILY, "B" if bold else "", BODY_SIZE)
            self.widths[bold] = pdf.current_font.cw
        self.covered = frozenset(map(chr, covered_characters())) | {"\n"}
        self.missing: dict[str, None] = {}
        self.y = pdf.t_margin

    def font(self, bold: bool, size: float) -> None:
        if self.style != (bold, size):
            self.pdf.set_font(FAMILY, "B" if bold else "", size)
            self.style = (bold, size)

    def clean(self, text: str) -> str:
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
        return sum(table[ord(char)] for char in text) * size * 0.001 * PT

    def wrap(self, runs: list[Segment], room: float, size: float) -> list[list[Segment]]:
        """Break runs into lines no wider than ``room`` mm; a newline always starts a line."""
        lines: list[list[Segment]] = [[]]
        used = 0.0
        for text, bold in runs:
            for number, piece in enumerate(self.clean(text).split("\n")):
                if number:
                    lines.append([])
                    used = 0.0
                for token in _TOKENS.findall(piece):
                    if token.isspace():
                        if used:
                            used += self._add(lines[-1], " ", bold, size)
                        continue
                    needed = self.width(token, bold, size)
                    if used and used + needed > room:
                        _trim(lines[-1])
                        lines.append([])
                        used = 0.0
                    while needed > room:  # a word longer than the line: split it
                        cut = self._fit(token, bold, size, room)
                        self._add(lines[-1], token[:cut], bold, size)
                        lines.append([])
                        token = token[cut:]
                        needed = self.width(token, bold, size)
                    used += self._add(lines[-1], token, bold, size)
        _trim(lines[-1])
        return lines

    def _add(self, line: list[Segment], text: str, bold: bool, size: float) -> float:
        if line and line[-1][1] == bold:
            line[-1] = (line[-1][0] + text, bold)
        else:
            line.append((text, bold))
        return self.width(text, bold, size)

    def _fit(self, token: str, bold: bool, size: float, room: float) -> int:
        used, cut = 0.0, 0
        for cut, char in enumerate(token):
            used += self.width(char, bold, size)
            if used > room:
                return max(cut, 1)
        return len(token)

    def need(self, height: float) -> None:
        if self.y + height > self.pdf.page_break_trigger:
            self.pdf.add_page()
            self.y = self.pdf.t_margin

    def lines(self, lines: list[list[Segment]], x: float, size: float, height: float) -> None:
        for line in lines:
            self.need(height)
            left = x
            for text, bold in line:
                self.font(bold, size)
                self.pdf.text(left, self.y + height * 0.75, text)
                left += self.width(text, bold, size)
            self.y += height


def _trim(line: list[Segment]) -> None:
    if line and line[-1][0].endswith(" "):
        text, bold = line[-1]
        line[-1] = (text.rstrip(" "), bold)


def to_pdf(markdown: str, *, title: str, day: str, warnings: list[str], paper: str = "letter") -> bytes:
    """The export as a printable PDF, with the title, date and page number in every footer."""
    from fpdf import FPDF

    class _Document(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FAMILY, "", 8)
            self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
            self.cell(0, 5, f"{title} · {day}", align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Page {self.page_no()} of {PAGES_ALIAS}", align="R")
            layout.style = None

    pdf = _Document(format=paper)
    pdf.alias_nb_pages(PAGES_ALIAS)  # room for five digits: a long log runs past 999 pages
    for style, filename in FONT_FILES.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / filename))
    pdf.set_title(title)
    pdf.set_creator("leavemealone")
    pdf.set_lang("en")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    layout = _Layout(pdf)
    pdf.add_page()
    layout.y = pdf.t_margin
    _lay_out(layout, blocks(markdown))
    if layout.missing:
        shown = " ".join(layout.missing)[:60]
        warnings.append(
            f"The PDF font cannot draw some characters ({shown}); they were replaced with {REPLACEMENT}. "
            "The md, txt, html, csv and json formats keep them."
        )
    return bytes(pdf.output())


def _lay_out(layout: _Layout, document: list[Block]) -> None:
    pdf = layout.pdf
    room = pdf.w - pdf.l_margin - pdf.r_margin
    previous = ""
    for block in document:
        if block.kind == "rule":
            if layout.y > pdf.t_margin + 1:
                pdf.add_page()
                layout.y = pdf.t_margin
            previous = ""
            continue
        if block.kind == "heading":
            size = HEADING_SIZES.get(block.level, BODY_SIZE)
            layout.y += (6 if block.level == 1 else 4) if previous else 0
            layout.need(25)  # keep a heading with what follows it
            lines = layout.wrap([(block.text, True)], room, size)
            layout.lines(lines, pdf.l_margin, size, size * 0.5)
            layout.y += 1.5
            previous = "heading"
            continue
        if block.kind == "row":
            if previous != "row":
                layout.y += 1
            _row(layout, block)
            previous = "row"
            continue
        item = bool(block.marker)
        if previous in ("paragraph", "row") or (previous == "item" and not item):
            layout.y += 2.5
        indent = LIST_INDENT * block.indent if item else 0.0
        lines = layout.wrap(block.runs, room - indent, BODY_SIZE)
        if len(lines) <= KEEP_TOGETHER:  # an entry is not split across pages when it fits on one
            layout.need(len(lines) * LINE)
        if item:
            layout.need(LINE)
            layout.font(False, BODY_SIZE)
            pdf.text(pdf.l_margin + indent - 4, layout.y + LINE * 0.75, block.marker)
        layout.lines(lines, pdf.l_margin + indent, BODY_SIZE, LINE)
        previous = "item" if item else "paragraph"


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
