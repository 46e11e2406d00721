"""The one PDF writer: Markdown blocks laid out on pages in the bundled DejaVu Sans.

Letters and the incident log export share it, so every PDF has the same page
look: margins, fonts, sizes, and a footer with the title, the date and "Page n
of N". ``PdfWriter`` takes blocks as they come, so a long log is laid out
entry by entry and never held as one document; ``pdf_text`` measures and
breaks the lines and finds fonts for every character.

Where to draw is chosen once, from the characters the document holds: text
the bundled fonts set alone, one glyph per character (nearly every paper),
goes on a ``PdfCanvas``, written straight to the file; text that needs
shaping (Arabic, Hebrew, combining marks) or a font from this computer goes
to fpdf2, which costs about 0.4 s to load, so only then is it loaded.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from typing import Any, BinaryIO

from leavemealone.documents.markdown import Block
from leavemealone.documents.pdf_canvas import FOOTER_FROM_BOTTOM, FOOTER_HEIGHT, PdfCanvas
from leavemealone.documents.pdf_text import (
    BODY_SIZE,
    FAMILY,
    FONT_DIR,
    FONT_FILES,
    Fonts,
    Layout,
    MissingGlyphsError,
    bundled_fonts,
    covered_characters,
    encode_by_table,
    is_plain,
    tidied,
    tidied_characters,
)

__all__ = ["FONT_DIR", "MissingGlyphsError", "PdfWriter", "covered_characters", "to_pdf"]

PAPER_SIZES = ("letter", "a4")
MARGINS = (20.0, 18.0, 20.0)  # left, top, right, in mm
BOTTOM_MARGIN = 22.0
LINE = 5.6  # mm per body line
HEADING_SIZES = {1: 17.0, 2: 13.5, 3: 12.0}
FOOTER_SIZE = 8.5
INDENT = 7.0  # mm per list level
BOX = 3.6  # mm, a checkbox side
TABLE_COLUMN = 48.0  # mm
KEEP_TOGETHER = 12  # lines: a paragraph this short is never split across pages
PAGES_ALIAS = "{pages}"
LETTER_INSTEAD = ("html", "docx", "txt")  # what to make when no font can draw a character


def to_pdf(
    blocks: list[Block],
    *,
    title: str,
    day: str,
    warnings: list[str],
    paper: str = "letter",
    instead: tuple[str, ...] = LETTER_INSTEAD,
) -> bytes:
    """A printable PDF with the title, the date and "Page n of N" in every footer.

    Characters the bundled fonts lack are drawn from a font on this computer
    that has them; when none has them, ``MissingGlyphsError`` names them all
    (before anything is laid out) and suggests the formats in ``instead``.
    The file's only metadata is its title and the day it was made: no
    program name. ``warnings`` is kept for the callers' sake; nothing is
    left out of a PDF quietly any more.
    """
    characters: set[str] = set()
    document = []
    for block in blocks:
        block, used = tidied(block)
        characters |= used
        document.append(block)
    buffer = io.BytesIO()
    writer = PdfWriter(
        buffer, title=title, day=day, warnings=warnings, paper=paper, instead=instead, characters=characters
    )
    writer.write(document)
    writer.close()
    return buffer.getvalue()


class PdfWriter:
    """Lays blocks out on pages as they come; ``close`` finishes the PDF in ``target``.

    ``characters`` are those the caller knows the document will hold, so
    fonts are found (or the missing ones named, all at once) before anything
    is laid out, and the drawing surface is chosen; with fpdf2, a block with
    others finds fonts as it comes. The blocks are never kept: a canvas
    writes each finished page to the file at once, and fpdf2 keeps every page
    until the end (it writes "of N" into every footer then), so each finished
    page is kept compressed and opened again only as fpdf2 writes it out
    (``_packed_output``): a 10,000-page log needs tens of MB, not hundreds.
    """

    def __init__(
        self,
        target: BinaryIO,
        *,
        title: str,
        day: str,
        warnings: list[str],
        paper: str = "letter",
        instead: tuple[str, ...] = LETTER_INSTEAD,
        characters: Iterable[str] = (),
    ) -> None:
        self.target = target
        self.warnings = warnings
        self.title, self.day = title, day
        self.previous = ""
        self.heading: Block | None = None  # placed once the block after it is known, to keep them together
        self.packed: dict[int, bytes] = {}  # finished pages' content, compressed, by page number
        self.footer_left = f"{title} · {day}"
        characters = tidied_characters(characters) | set(self.footer_left)
        self.canvas: PdfCanvas | None = None
        if is_plain(characters):  # the bundled fonts alone: drawn here, straight to the file
            self.canvas = PdfCanvas(
                target, bundled_fonts(), paper=paper, margins=MARGINS, bottom_margin=BOTTOM_MARGIN
            )
            pdf: Any = self.canvas
            self.fonts = Fonts(pdf, instead, add_fonts=False)
            self.layout = Layout(pdf, None)
        else:
            pdf = self._fpdf_document(paper, title)
            self.fonts = Fonts(pdf, instead)
            self.fonts.cover(characters)
            pdf.set_text_shaping(True, direction="ltr")  # the letters are in English: lines run left to right
            shaping, pdf.text_shaping = dict(pdf.text_shaping or {}), None
            self.layout = Layout(pdf, shaping)
            for style in FONT_FILES:
                pdf.set_font(FAMILY, style, BODY_SIZE)
                encode_by_table(pdf.current_font)
        self.pdf = pdf
        self.layout.new_page()

    def _fpdf_document(self, paper: str, title: str) -> Any:
        """An fpdf2 document with the page look: for text that needs shaping or a font from this computer."""
        from fpdf import FPDF

        writer = self

        class _Document(FPDF):
            def add_page(self, *args: Any, **kwargs: Any) -> None:
                super().add_page(*args, **kwargs)
                if self.page > 1:  # the page before is finished, footer and all
                    writer.pack(self.pages[self.page - 1])

            def footer(self) -> None:
                self.set_y(-FOOTER_FROM_BOTTOM)
                self.set_font(FAMILY, "", FOOTER_SIZE)
                self.set_draw_color(0)
                self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
                self.cell(0, FOOTER_HEIGHT, writer.footer_left, align="L")
                self.set_x(self.l_margin)
                self.cell(0, FOOTER_HEIGHT, f"Page {self.page_no()} of {PAGES_ALIAS}", align="R")
                writer.layout.style = None

        pdf = _Document(format=paper)
        pdf.alias_nb_pages(PAGES_ALIAS)  # room for five digits: a long log runs past 999 pages
        for style, filename in FONT_FILES.items():
            pdf.add_font(FAMILY, style, str(FONT_DIR / filename))
        pdf.set_title(title)
        pdf.set_lang("en")
        pdf.set_margins(*MARGINS)
        pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
        pdf.set_text_color(0)
        return pdf

    def write(self, document: Iterable[Block]) -> None:
        """Lay out blocks in reading order, after those written before."""
        layout, pdf = self.layout, self.pdf
        room = pdf.w - pdf.l_margin - pdf.r_margin
        for block in document:
            block, characters = tidied(block)
            self.fonts.cover(characters)
            if self.heading is not None:
                self._heading(_kept_height(layout, block, room))
            if block.kind == "rule":
                if layout.y > pdf.t_margin + 1:
                    layout.new_page()
                self.previous = ""
            elif block.kind == "heading":
                self.heading = block  # placed with the block after it
            elif block.kind == "row":
                if self.previous != "row":
                    layout.y += 1
                elif any(bold for _, bold in block.runs):  # a new table's heading row: a table apart
                    layout.y += 4
                _row(layout, block)
                self.previous = "row"
            else:
                _paragraph(layout, block, room, self.previous)
                self.previous = "item" if block.marker or block.checked is not None else "paragraph"

    def _heading(self, kept: float) -> None:
        """Place the heading waiting for its next block, on a page with room for ``kept`` mm of it."""
        layout, pdf, block = self.layout, self.pdf, self.heading
        assert block is not None
        self.heading = None
        size = HEADING_SIZES.get(block.level, BODY_SIZE)
        layout.y += (6 if block.level == 1 else 4) if self.previous else 0
        lines = layout.wrap([(block.text, True)], pdf.w - pdf.l_margin - pdf.r_margin, size)
        # Keep a heading with what follows it: with a short paragraph whole, else its first lines.
        layout.need(len(lines) * size * 0.5 + 1.5 + kept)
        layout.lines(lines, pdf.l_margin, size, size * 0.5)
        layout.y += 1.5
        self.previous = "heading"

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
        """Finish the pages and write the PDF."""
        if self.heading is not None:  # the document ends with a heading
            self._heading(0.0)
        if self.canvas is not None:
            self.canvas.close(
                title=self.title,
                day=self.day,
                footer_left=self.footer_left,
                footer_size=FOOTER_SIZE,
                widths=self.layout.widths[False],
            )
            return
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


def _kept_height(layout: Layout, block: Block, room: float) -> float:
    """How much of ``block`` must share a page with the heading above it."""
    if block.kind in ("rule", "heading"):
        return 0.0
    if block.kind == "row":
        return 2 * LINE
    lines = len(layout.wrap(block.runs, room - INDENT * block.indent, BODY_SIZE))
    return (lines if lines <= KEEP_TOGETHER else 2) * LINE


def _paragraph(layout: Layout, block: Block, room: float, previous: str) -> None:
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


def _row(layout: Layout, block: Block) -> None:
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
