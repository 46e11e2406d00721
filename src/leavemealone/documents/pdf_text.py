"""Text on PDF pages: which fonts draw which characters, tidying, measuring words and breaking lines.

The PDF writer (``pdf``) places what this lays out. Each distinct word is
measured once from the font's width table and remembered; only words that
need it (right-to-left and joined scripts, combining marks, characters from
a fallback font) go through fpdf2's text shaping with HarfBuzz, so Arabic
and Hebrew come out joined and in order. A character no font on the
computer can draw stops the PDF: it is never written with a stand-in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from leavemealone.documents.markdown import Block
from leavemealone.documents.truetype import TrueTypeFont, read_font
from leavemealone.errors import LeaveMeAloneError

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
BODY_SIZE = 11.0
PT = 0.352778  # mm per point
SHOWN_MISSING = 8  # characters named when no font has them
MEASURED_WORDS = 50_000  # distinct words whose width is kept; the table starts again past this
# Left to right, one glyph per character, nothing joined: what ``text()`` places without shaping.
_PLAIN_RANGES = ((0x20, 0x0590), (0x1D00, 0x2C00), (0xA720, 0xA800), (0xFB00, 0xFB07))
_NO_GLYPH = ("Mn", "Mc", "Me", "Cf", "Cc", "Zl", "Zp")

Segment = tuple[str, bool, float, bool]  # (text, bold, width in mm at its size, shaped)


class MissingGlyphsError(LeaveMeAloneError):
    """No font on this computer can draw some characters (or, ``late``, set them): no PDF was made."""

    def __init__(self, characters: Iterable[str], instead: tuple[str, ...], *, late: bool = False) -> None:
        self.characters = sorted(characters)
        shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in self.characters[:SHOWN_MISSING])
        extra = len(self.characters) - SHOWN_MISSING
        more = f" and {extra} more" if extra > 0 else ""
        formats = ", ".join(instead[:-1]) + f" or {instead[-1]}" if len(instead) > 1 else instead[0]
        problem = (
            f"This PDF was begun without a way to set {shown}{more}"
            if late
            else f"No font on this computer can draw {shown}{more}"
        )
        install = (
            "Or install a font that has these characters (Noto Sans has most scripts), "
            "then make the PDF again."
        )
        super().__init__(
            f"{problem}, so no PDF was made; make it as {formats} instead, which keep every character.",
            hint=None if late else install,
        )


def bundled_fonts() -> dict[str, TrueTypeFont]:
    """The bundled fonts by fpdf2 style ("" regular, "B" bold), read once per run."""
    return {style: read_font(FONT_DIR / filename) for style, filename in FONT_FILES.items()}


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[str]:
    """Characters both bundled fonts can draw."""
    maps = [set(font.glyphs) for font in bundled_fonts().values()]
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


def is_plain(characters: Iterable[str]) -> bool:
    """Whether the bundled fonts alone draw all of ``characters``, one glyph each, left to right."""
    return set(characters) - {"\n"} <= plain_characters()


class Fonts:
    """The fonts a PDF draws with: the bundled ones, and fonts on this computer for what they lack.

    With ``add_fonts`` off (a PDF drawn without fpdf2), a character the
    canvas cannot set glyph by glyph (one that needs shaping, or a font from
    this computer) cannot be added late: ``cover`` names it instead, so a
    caller that forgot to declare it gets no PDF rather than a wrong one.
    """

    def __init__(self, pdf: Any, instead: tuple[str, ...], *, add_fonts: bool = True) -> None:
        self.pdf = pdf
        self.instead = instead  # the formats a MissingGlyphsError suggests
        self.add_fonts = add_fonts
        # Drawn by a font in the PDF, or needing none; on a canvas, only what it sets glyph by glyph.
        self.known = set(covered_characters() if add_fonts else plain_characters())
        self.fallbacks: list[str] = []

    def cover(self, characters: Iterable[str]) -> None:
        """Add fonts for the characters not covered yet; ``MissingGlyphsError`` names what no font has."""
        new = set(characters) - self.known
        if not new:
            return
        missing = {
            char for char in new if char != "\n" and unicodedata.category(char) not in ("Cf", "Zl", "Zp")
        }  # joiners need no glyph
        if missing and not self.add_fonts:  # never set unshaped, nor drawn as a box: no PDF instead
            raise MissingGlyphsError(missing, self.instead, late=True)
        if missing:
            from leavemealone.documents.system_fonts import find_fonts_for

            found, nowhere = find_fonts_for(missing)
            if nowhere:
                raise MissingGlyphsError(nowhere, self.instead)
            for font in found:
                name = f"Fallback{len(self.fallbacks)}"
                self.pdf.add_font(name, "", str(font.path), collection_font_number=font.index)
                self.fallbacks.append(name)
            if found:
                self.pdf.set_fallback_fonts(self.fallbacks, exact_match=False)
        self.known |= new


def tidied(block: Block) -> tuple[Block, set[str]]:
    """The block tidied for the PDF, and every character it uses.

    Composed accents, tabs as spaces, no control characters but line breaks;
    the block is copied only when something in it changes.
    """
    texts = [text for text, _ in block.runs] + block.cells
    if any(_needs_tidying(text) for text in texts):
        runs = [(_tidy(text), bold) for text, bold in block.runs]
        block = replace(block, runs=runs, cells=[_tidy(cell) for cell in block.cells])
        texts = [text for text, _ in block.runs] + block.cells
    characters: set[str] = set()
    for text in texts:
        characters.update(text)
    return block, characters


def tidied_characters(characters: Iterable[str]) -> set[str]:
    """What tidying leaves of ``characters`` (as a caller gathered them from raw text): no control characters.

    A tab becomes spaces and the rest go, so none of them needs a font, nor stops the PDF.
    """
    return {char for char in characters if unicodedata.category(char) != "Cc"}


_UNTIDY = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _needs_tidying(text: str) -> bool:
    return bool(_UNTIDY.search(text)) or not unicodedata.is_normalized("NFC", text)


def _tidy(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\t", "    ")
    return "".join(char for char in text if char == "\n" or unicodedata.category(char) != "Cc")


class Layout:
    """Breaks text into lines and places them on pages; switches the font only when it changes."""

    def __init__(self, pdf: Any, shaping: dict[str, Any] | None) -> None:
        self.pdf = pdf
        # fpdf2's shaping settings, switched on only for the words that need it; None: a page
        # drawn without fpdf2, where every word is set glyph by glyph from the width table.
        self.shaping = shaping
        self.style: tuple[bool, float] | None = None
        fonts = bundled_fonts()
        # By character code; a character no bundled font has (a joiner) takes no room.
        self.widths = {bold: defaultdict(int, fonts["B" if bold else ""].widths()) for bold in (False, True)}
        self.measured: dict[bool, dict[str, float]] = {False: {}, True: {}}  # width at 1 pt, by word
        self.plain = plain_characters()
        self.y = pdf.t_margin

    def font(self, bold: bool, size: float) -> None:
        if self.style != (bold, size):
            self.pdf.set_font(FAMILY, "B" if bold else "", size)
            self.style = (bold, size)

    def is_plain(self, text: str) -> bool:
        return self.shaping is None or set(text) <= self.plain

    def width(self, text: str, bold: bool, size: float) -> float:
        """Width in mm from the width table; each distinct word is measured once and remembered."""
        measured = self.measured[bold]
        unit = measured.get(text)
        if unit is None:
            if len(measured) >= MEASURED_WORDS:
                measured.clear()
            table = self.widths[bold]
            unit = measured[text] = float(sum(table[ord(char)] for char in text)) * 0.001 * PT
        return unit * size

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
        """Break runs into lines no wider than ``room`` mm; a newline always starts a line.

        Spaces between words become one space, drawn with the word after it (in that word's
        run), so a line never starts or ends with one.
        """
        line = _Line()
        lines = [line]
        used = 0.0
        pending = False  # whitespace since the last word, carried across runs
        for text, bold in runs:
            space = self.width(" ", bold, size)
            measured = self.measured[bold]
            run_plain = self.is_plain(text.replace("\n", " "))
            for number, piece in enumerate(text.split("\n")):
                if number:
                    line = _Line()
                    lines.append(line)
                    used = 0.0
                gap = pending or piece[:1].isspace()
                words = piece.split()
                for word in words:
                    lead = space if gap and used else 0.0  # the space before it, added with it
                    gap = True
                    plain = run_plain or self.is_plain(word)
                    unit = measured.get(word) if plain else None
                    needed = unit * size if unit is not None else self.measure(word, bold, size, plain)
                    if used and used + lead + needed > room:
                        line = _Line()
                        lines.append(line)
                        used = lead = 0.0
                    if needed > room and plain:  # a word longer than the line, set glyph by glyph
                        word, needed, line = self._split_plain(word, bold, size, room, line, lines)
                    while needed > room:  # a shaped word longer than the line: split it
                        cut, fitted = self._fit(word, bold, size, room, plain)
                        line.add(word[:cut], bold, fitted, not plain)
                        line = _Line()
                        lines.append(line)
                        word = word[cut:]
                        needed = self.measure(word, bold, size, plain)
                    line.add(" " + word if lead else word, bold, lead + needed, not plain)
                    used += lead + needed
                pending = piece[-1:].isspace() if words else gap
        return [line.segments() for line in lines]

    def _split_plain(
        self, word: str, bold: bool, size: float, room: float, line: _Line, lines: list[_Line]
    ) -> tuple[str, float, _Line]:
        """Fill whole lines with the start of ``word``; return what is left, its width, and its line.

        One pass over the characters, whatever the word's length (a pasted blob of 100,000
        characters): each piece is as long as fits, exactly as ``_fit`` would cut it.
        """
        table = self.widths[bold]

        def mm(units: int) -> float:  # as ``width`` works it out, to the last bit
            return float(units) * 0.001 * PT * size

        start = taken = 0  # the piece being filled: where it starts, and its width in font units
        for at, char in enumerate(word):
            units = table[ord(char)]
            if at > start and mm(taken + units) > room:
                line.add(word[start:at], bold, mm(taken), False)
                line = _Line()
                lines.append(line)
                start, taken = at, 0
            taken += units
        return word[start:], mm(taken), line

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
                else:  # the common case, kept tight: every log entry passes here
                    self.font(bold, size)
                    text_at(left, self.y + height * 0.75, text)
                    left += width
            self.y += height


class _SubsetTable(dict[int, str]):
    """Each character as it goes into the PDF for one font: its number in the font's subset, escaped.

    Filled as characters are first met, by fpdf2's own ``subset.pick`` and
    ``escape_text``, so ``str.translate`` gives what fpdf2's ``encode_text``
    gives, without its loop in Python over every character of every line.
    """

    def __init__(self, font: Any) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, code: int) -> str:
        mapped = self.font.subset.pick(code)
        piece = "" if mapped is None else str(self.font.escape_text(chr(mapped)))
        self[code] = piece
        return piece


@lru_cache(maxsize=1)
def _table_font_class() -> Any:
    from weakref import WeakKeyDictionary

    from fpdf.fonts import TTFFont

    tables: WeakKeyDictionary[Any, _SubsetTable] = WeakKeyDictionary()  # by the font's subset

    class TableFont(TTFFont):
        """A bundled font whose text is encoded with a ``_SubsetTable`` (a fifth of a long PDF's time)."""

        __slots__ = ()

        def encode_text(self, text: str) -> str:
            table = tables.get(self.subset)
            if table is None:
                table = tables[self.subset] = _SubsetTable(self)
            return f"({text.translate(table)}) Tj"

    return TableFont


def encode_by_table(font: Any) -> None:
    """Have fpdf2's ``text()`` encode this font's text by table (a plain TrueType font only)."""
    table_font = _table_font_class()
    if type(font) is table_font.__base__ and not font.is_symbol:
        font.__class__ = table_font


class _Line:
    """A line being filled: its finished segments, and the words of the last one (joined once, at the end).

    A segment is shaped when any word in it is, so a name of several Arabic
    words is shaped, and ordered right to left, as one piece.
    """

    __slots__ = ("done", "words", "bold", "width", "shaped")

    def __init__(self) -> None:
        self.done: list[Segment] = []
        self.words: list[str] = []
        self.bold = False
        self.width = 0.0
        self.shaped = False

    def add(self, text: str, bold: bool, width: float, shaped: bool) -> None:
        if self.words and bold != self.bold:
            self.done.append(("".join(self.words), self.bold, self.width, self.shaped))
            self.words, self.width, self.shaped = [], 0.0, False
        self.words.append(text)
        self.bold = bold
        self.width += width
        self.shaped = self.shaped or shaped

    def segments(self) -> list[Segment]:
        if not self.words:
            return self.done
        return [*self.done, ("".join(self.words), self.bold, self.width, self.shaped)]
