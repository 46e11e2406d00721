"""Lay out rendered Markdown blocks as a PDF with fpdf2 and the bundled DejaVu Sans.

Imported only when a PDF is asked for: fpdf2 costs about half a second to load.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leavemealone.render_text import Block

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
BODY_SIZE = 11
LINE = 5.6  # mm per body line
HEADING_SIZES = {1: 17, 2: 13.5, 3: 12}
INDENT = 7.0  # mm per list level
BOX = 3.6  # mm, a checkbox side


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[int]:
    """Code points both bundled fonts can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    maps = []
    for filename in FONT_FILES.values():
        with TTFont(FONT_DIR / filename, lazy=True) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*maps))


class _Cleaner:
    """Makes text drawable: composed accents, and a visible stand-in for missing glyphs."""

    def __init__(self) -> None:
        self.missing: dict[str, None] = {}  # ordered set

    def __call__(self, text: str) -> str:
        covered = covered_characters()
        out = []
        for char in unicodedata.normalize("NFC", text):
            if char == "\n":
                out.append(char)
            elif char == "\t":
                out.append("    ")
            elif unicodedata.category(char) in ("Cc", "Cf"):
                continue
            elif ord(char) in covered:
                out.append(char)
            else:
                self.missing[char] = None
                out.append(REPLACEMENT)
        return "".join(out)

    def warning(self) -> str | None:
        if not self.missing:
            return None
        shown = " ".join(self.missing)[:60]
        count = len(self.missing)
        noun = "character" if count == 1 else "characters"
        return (
            f"The PDF font cannot draw {count} {noun} ({shown}); "
            f"{'it was' if count == 1 else 'they were'} replaced with {REPLACEMENT}. "
            "The md, txt and html formats keep them."
        )


def to_pdf(blocks: list[Block], *, title: str, day: str, warnings: list[str], paper: str = "letter") -> bytes:
    """A printable PDF with the title, the date and "Page n of N" in every footer."""
    from fpdf import FPDF

    clean = _Cleaner()
    footer_left = clean(f"{title} · {day}")

    class _Document(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FAMILY, "", 8.5)
            self.set_draw_color(0)
            self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
            self.cell(0, 5, footer_left, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = _Document(format=paper)
    for style, filename in FONT_FILES.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / filename))
    pdf.set_title(clean(title))
    pdf.set_creator("leavemealone")
    pdf.set_lang("en")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_text_color(0)
    _lay_out(pdf, blocks, clean)
    problem = clean.warning()
    if problem:
        warnings.append(problem)
    return bytes(pdf.output())


def _lay_out(pdf: Any, blocks: list[Block], clean: _Cleaner) -> None:
    base = pdf.l_margin
    previous = ""
    for block in blocks:
        if block.kind == "rule":
            if pdf.get_y() > pdf.t_margin + 1:
                pdf.add_page()
            previous = "rule"
            continue
        if block.kind == "heading":
            size = HEADING_SIZES.get(block.level, BODY_SIZE)
            if previous:
                pdf.ln(4 if block.level > 1 else 6)
            if pdf.get_y() > pdf.page_break_trigger - 25:  # keep a heading with its text
                pdf.add_page()
            pdf.set_font(FAMILY, "B", size)
            pdf.multi_cell(0, size * 0.5, clean(block.text), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
            previous = "heading"
            continue
        item = bool(block.marker) or block.kind == "row"
        if previous == "paragraph" or (previous == "item" and not item):
            pdf.ln(2.5)
        left = base + INDENT * block.indent
        if pdf.get_y() + LINE > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_x(base)
        if block.checked is not None:
            _checkbox(pdf, left - INDENT + 1, pdf.get_y() + (LINE - BOX) / 2, block.checked)
        elif block.marker:
            pdf.set_font(FAMILY, "", BODY_SIZE)
            pdf.set_x(left - INDENT + (2 if block.marker == "•" else 0))
            pdf.write(LINE, block.marker)
        pdf.set_left_margin(left)
        pdf.set_x(left)
        page, top = pdf.page, pdf.get_y()
        for text, bold in block.runs:
            pdf.set_font(FAMILY, "B" if bold else "", BODY_SIZE)
            pdf.write(LINE, clean(text))
        pdf.ln(LINE)
        pdf.set_left_margin(base)
        if block.quote and pdf.page == page:  # a bar beside quoted text, as on paper
            pdf.set_line_width(0.6)
            pdf.line(left - 3.5, top + 0.5, left - 3.5, pdf.get_y() - 0.5)
            pdf.set_line_width(0.2)
        previous = "item" if item else "paragraph"


def _checkbox(pdf: Any, x: float, y: float, checked: bool) -> None:
    pdf.set_line_width(0.3)
    pdf.rect(x, y, BOX, BOX)
    if checked:
        pdf.set_line_width(0.5)
        pdf.line(x + 0.7, y + BOX * 0.55, x + BOX * 0.42, y + BOX - 0.7)
        pdf.line(x + BOX * 0.42, y + BOX - 0.7, x + BOX - 0.5, y + 0.6)
        pdf.set_line_width(0.2)
