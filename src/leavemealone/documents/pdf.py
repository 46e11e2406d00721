"""The one PDF writer: Markdown blocks laid out with fpdf2 and the bundled DejaVu Sans.

Letters and the incident log export share it, so every PDF has the same page
look: margins, fonts, sizes, and a footer with the title, the date and "Page n
of N". ``PdfWriter`` takes blocks as they come, so a long log is laid out
entry by entry and never held as one document. Lines are broken once, each
distinct word measured once from the font's width table, and placed with
``text()``. Imported only when a PDF is asked for: fpdf2 costs about half a
second to load.
"""

from __future__ import annotations

import io
import unicodedata
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

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
MEASURED_WORDS = 50_000  # distinct words whose width is kept; the table starts again past this

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
        self.measured: dict[bool, dict[str, float]] = {False: {}, True: {}}  # width at 1 pt, by word
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
        """Width in mm; each distinct word is measured once and remembered."""
        measured = self.measured[bold]
        unit = measured.get(text)
        if unit is None:
            if len(measured) >= MEASURED_WORDS:
                measured.clear()
            table = self.widths[bold]
            unit = measured[text] = float(sum(table[ord(char)] for char in text)) * 0.001 * PT
        return unit * size

    def wrap(self, runs: list[tuple[str, bool]], room: float, size: float) -> list[list[Segment]]:
        """Break runs into lines no wider than ``room`` mm; a newline always starts a line.

        Spaces between words become one space; a line never starts or ends with one.
        """
        line = _Line()
        lines = [line]
        used = 0.0
        for text, bold in runs:
            space = self.width(" ", bold, size)
            measured = self.measured[bold]
            for number, piece in enumerate(self.clean(text).split("\n")):
                if number:
                    line.trim(space)
                    line = _Line()
                    lines.append(line)
                    used = 0.0
                gap = piece[:1].isspace()  # whitespace before the first word
                for word in piece.split():
                    if gap and used:
                        line.add(" ", bold, space)
                        used += space
                    gap = True
                    unit = measured.get(word)
                    needed = unit * size if unit is not None else self.width(word, bold, size)
                    if used and used + needed > room:
                        line.trim(space)
                        line = _Line()
                        lines.append(line)
                        used = 0.0
                    while needed > room:  # a word longer than the line: split it
                        cut, fitted = self._fit(word, bold, size, room)
                        line.add(word[:cut], bold, fitted)
                        line = _Line()
                        lines.append(line)
                        word = word[cut:]
                        needed -= fitted
                    line.add(word, bold, needed)
                    used += needed
                if piece[-1:].isspace() and used:  # whitespace after the last word (or only whitespace)
                    line.add(" ", bold, space)
                    used += space
        if runs:
            line.trim(self.width(" ", runs[-1][1], size))
        return [line.segments() for line in lines]

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


class _Line:
    """A line being filled: its finished segments, and the words of the last one (joined once, at the end)."""

    __slots__ = ("done", "words", "bold", "width")

    def __init__(self) -> None:
        self.done: list[Segment] = []
        self.words: list[str] = []
        self.bold = False
        self.width = 0.0

    def add(self, text: str, bold: bool, width: float) -> None:
        if self.words and bold != self.bold:
            self.done.append(("".join(self.words), self.bold, self.width))
            self.words, self.width = [], 0.0
        self.words.append(text)
        self.bold = bold
        self.width += width

    def trim(self, space: float) -> None:
        """Drop the space the line ended on (at most one: whitespace runs are added as one space)."""
        if self.words and self.words[-1] == " ":
            self.words.pop()
            self.width -= space

    def segments(self) -> list[Segment]:
        return [*self.done, ("".join(self.words), self.bold, self.width)] if self.words else self.done


def to_pdf(
    blocks: list[Block], *, title: str, day: str, warnings: list[str], paper: str = "letter"
) -> bytes:
    """A printable PDF with the title, the date and "Page n of N" in every footer.

    Characters the bundled fonts cannot draw are replaced with a visible
    mark, and a sentence saying so is appended to ``warnings``.
    """
    buffer = io.BytesIO()
    writer = PdfWriter(buffer, title=title, day=day, warnings=warnings, paper=paper)
    writer.write(blocks)
    writer.close()
    return buffer.getvalue()


class PdfWriter:
    """Lays blocks out on pages as they come; ``close`` writes the PDF to ``target``.

    Never the blocks, only the pages drawn so far are kept: the caller can
    make the blocks one entry at a time. fpdf2 keeps every page until the end
    (it writes "of N" into every footer then), so each finished page is
    kept compressed, and opened again only as fpdf2 writes it out
    (``_packed_output``): a 10,000-page log needs tens of MB, not hundreds.
    """

    def __init__(
        self, target: BinaryIO, *, title: str, day: str, warnings: list[str], paper: str = "letter"
    ) -> None:
        from fpdf import FPDF

        self.target = target
        self.warnings = warnings
        self.previous = ""
        self.packed: dict[int, bytes] = {}  # finished pages' content, compressed, by page number
        writer = self

        class _Document(FPDF):
            def add_page(self, *args: Any, **kwargs: Any) -> None:
                super().add_page(*args, **kwargs)
                if self.page > 1:  # the page before is finished, footer and all
                    writer.pack(self.pages[self.page - 1])

            def footer(self) -> None:
                self.set_y(-14)
                self.set_font(FAMILY, "", FOOTER_SIZE)
                self.set_draw_color(0)
                self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
                self.cell(0, 5, writer.footer_left, align="L")
                self.set_x(self.l_margin)
                self.cell(0, 5, f"Page {self.page_no()} of {PAGES_ALIAS}", align="R")
                writer.layout.style = None

        pdf = _Document(format=paper)
        pdf.alias_nb_pages(PAGES_ALIAS)  # room for five digits: a long log runs past 999 pages
        for style, filename in FONT_FILES.items():
            pdf.add_font(FAMILY, style, str(FONT_DIR / filename))
        self.layout = _Layout(pdf)
        self.footer_left = self.layout.clean(f"{title} · {day}")
        pdf.set_title(self.layout.clean(title))
        pdf.set_creator("leavemealone")
        pdf.set_lang("en")
        pdf.set_margins(*MARGINS)
        pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
        pdf.set_text_color(0)
        self.layout.new_page()
        self.pdf = pdf

    def write(self, document: Iterable[Block]) -> None:
        """Lay out blocks in reading order, after those written before."""
        layout, pdf = self.layout, self.pdf
        room = pdf.w - pdf.l_margin - pdf.r_margin
        for block in document:
            if block.kind == "rule":
                if layout.y > pdf.t_margin + 1:
                    layout.new_page()
                self.previous = ""
            elif block.kind == "heading":
                size = HEADING_SIZES.get(block.level, BODY_SIZE)
                layout.y += (6 if block.level == 1 else 4) if self.previous else 0
                layout.need(25)  # keep a heading with what follows it
                layout.lines(layout.wrap([(block.text, True)], room, size), pdf.l_margin, size, size * 0.5)
                layout.y += 1.5
                self.previous = "heading"
            elif block.kind == "row":
                if self.previous != "row":
                    layout.y += 1
                _row(layout, block)
                self.previous = "row"
            else:
                _paragraph(layout, block, room, self.previous)
                self.previous = "item" if block.marker or block.checked is not None else "paragraph"

    def pack(self, page: Any) -> None:
        """Keep a finished page's content compressed until fpdf2 writes it out."""
        self.packed[page.index()] = zlib.compress(bytes(page.contents), 1)
        page.contents = bytearray()

    def unpack(self, page: Any) -> None:
        """Put a packed page's content back, with the page count written in, just before it is written."""
        packed = self.packed.pop(page.index(), None)
        if packed is None:
            return
        content = zlib.decompress(packed)
        for placeholder in page.get_text_substitutions():
            mark = placeholder.get_placeholder_string().encode("latin-1")
            count = placeholder.render_text_substitution(str(self.pdf.pages_count)).encode("latin-1")
            content = content.replace(mark, count)
        page.contents = bytearray(content)

    def close(self) -> None:
        """Finish the pages and write the PDF; note characters the fonts could not draw."""
        if self.layout.missing:
            self.warnings.append(_missing_warning(list(self.layout.missing)))
        self.target.write(self.pdf.output(output_producer_class=_packed_output(self)))
        if self.packed:  # fpdf2 no longer writes pages the way this relies on: never write blank pages
            raise RuntimeError(f"{len(self.packed)} PDF pages were not written out")


def _packed_output(writer: PdfWriter) -> Any:
    """fpdf2's output, opening each packed page as it is about to compress and write it."""
    from fpdf.output import OutputProducer, PDFPage

    class _Output(OutputProducer):
        def _add_pdf_obj(self, pdf_obj: Any, trace_label: str | None = None) -> int:
            if isinstance(pdf_obj, PDFPage):
                writer.unpack(pdf_obj)
            return int(super()._add_pdf_obj(pdf_obj, trace_label))

    return _Output


def _missing_warning(missing: list[str]) -> str:
    shown = " ".join(missing)[:60]
    count = len(missing)
    noun = "character" if count == 1 else "characters"
    return (
        f"The PDF font cannot draw {count} {noun} ({shown}); "
        f"{'it was' if count == 1 else 'they were'} replaced with {REPLACEMENT}. "
        "The other formats keep them."
    )


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
