"""A PDF drawn in the bundled fonts, written straight to its file page by page: no fpdf2.

Nearly every paper (English letters, a log in a Latin, Greek or Cyrillic
script) needs nothing but the bundled DejaVu Sans, one glyph per character,
left to right. For those ``PdfWriter`` draws here: the same page, margins,
sizes and footer as fpdf2 gives, without its 0.4 s of loading (issue 14).
Each page's content is compressed and written as soon as the page is done,
so a long log never sits in memory; the footers ("Page n of N") and the
fonts, subset to the glyphs used, are written at the end. Text the bundled
fonts cannot set alone (shaping, fallback fonts) goes to fpdf2 instead.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import BinaryIO

from leavemealone.documents.truetype import TrueTypeFont

K = 72 / 25.4  # points per mm
PAPER_POINTS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
LINE_WIDTH = 0.2  # mm, what a line is drawn with unless told otherwise
FOOTER_FROM_BOTTOM = 14.0  # mm, the top of the footer line's cell
FOOTER_HEIGHT = 5.0
CELL_MARGIN = 1.0  # mm between a footer cell's edge and its text
PAGE_START = "2 J"  # square line ends, as fpdf2 draws them
CATALOG, PAGES, INFO = 1, 2, 3  # objects numbered before the first page is written


class GlyphTable(dict[int, str]):
    """Character code -> its glyph's number in four hex digits; remembers the glyphs used, for the subset."""

    def __init__(self, font: TrueTypeFont) -> None:
        super().__init__()
        self.font = font
        self.used: dict[int, int] = {}  # glyph number -> the character it was first used for

    def __missing__(self, code: int) -> str:
        glyph = self.font.glyphs.get(code)
        if glyph is None:  # a joiner or a mark with no glyph of its own: drawn as nothing, never as a box
            self[code] = ""
            return ""
        self.used.setdefault(glyph, code)
        piece = self[code] = f"{glyph:04X}"
        return piece


class PdfCanvas:
    """Pages drawn in mm from the top-left corner, as fpdf2 draws them; ``close`` finishes the file."""

    def __init__(
        self,
        target: BinaryIO,
        fonts: dict[str, TrueTypeFont],
        *,
        paper: str,
        margins: tuple[float, float, float],
        bottom_margin: float,
    ) -> None:
        self.target = target
        width, height = PAPER_POINTS[paper]
        self.size_points = (width, height)
        self.w, self.h = width / K, height / K
        self.l_margin, self.t_margin, self.r_margin = margins
        self.page_break_trigger = self.h - bottom_margin
        self.page = 0
        self.tables = {style: GlyphTable(font) for style, font in fonts.items()}
        self.names = {style: f"F{number}" for number, style in enumerate(fonts, start=1)}
        self.offsets: dict[int, int] = {}
        self.written = 0
        self.next_object = INFO + 1
        self.contents: list[int] = []  # each page's content stream
        self.parts: list[str] = []  # the page being drawn
        self.style = ("", 0.0)
        self.drawn_style: tuple[str, float] | None = None  # the font the page's content last set
        self.line_width = LINE_WIDTH
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    # --- drawing ---------------------------------------------------------------------------------

    def set_font(self, family: str, style: str, size: float) -> None:
        self.style = (style, size)

    def add_page(self) -> None:
        if self.page:
            self._finish_page()
        self.page += 1
        self.parts = [f"{PAGE_START}\n{self.line_width * K:.2f} w"]
        self.drawn_style = None

    def text(self, x: float, y: float, text: str) -> None:
        """``text`` with its baseline starting at (x, y)."""
        if self.drawn_style != self.style:
            style, size = self.drawn_style = self.style
            self.parts.append(f"/{self.names[style]} {size:.2f} Tf")
        glyphs = text.translate(self.tables[self.style[0]])
        self.parts.append(f"BT {x * K:.2f} {(self.h - y) * K:.2f} Td <{glyphs}> Tj ET")

    def set_line_width(self, width: float) -> None:
        self.line_width = width
        self.parts.append(f"{width * K:.2f} w")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        h = self.h
        self.parts.append(f"{x1 * K:.2f} {(h - y1) * K:.2f} m {x2 * K:.2f} {(h - y2) * K:.2f} l S")

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.parts.append(f"{x * K:.2f} {(self.h - y) * K:.2f} {width * K:.2f} {-height * K:.2f} re S")

    # --- the file --------------------------------------------------------------------------------

    def close(
        self, *, title: str, day: str, footer_left: str, footer_size: float, widths: dict[int, int]
    ) -> None:
        """Finish the last page, then write each page's footer, the fonts and the file's index.

        ``widths`` are the regular font's, in thousandths of an em, to set the page count flush right.
        """
        self._finish_page()
        pages = []
        count = len(self.contents)
        for number, content in enumerate(self.contents, start=1):
            footer = self._stream(self._footer(footer_left, f"Page {number} of {count}", footer_size, widths))
            pages.append((content, footer))
        fonts = {style: self._font(table) for style, table in self.tables.items() if table.used}
        font_names = " ".join(f"/{self.names[style]} {number} 0 R" for style, number in fonts.items())
        width, height = self.size_points
        kids = []
        for content, footer in pages:
            kids.append(
                self._object(
                    f"<< /Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
                    f"/Resources << /Font << {font_names} >> >> /Contents [{content} 0 R {footer} 0 R] >>"
                )
            )
        listed = " ".join(f"{kid} 0 R" for kid in kids)
        self._object(f"<< /Type /Pages /Kids [{listed}] /Count {count} >>", PAGES)
        self._object(f"<< /Type /Catalog /Pages {PAGES} 0 R /Lang (en) >>", CATALOG)
        created = day.replace("-", "")
        self._object(f"<< /Title {pdf_string(title)} /CreationDate (D:{created}) >>", INFO)
        self._index()

    def _footer(self, left: str, right: str, size: float, widths: dict[int, int]) -> str:
        top = self.h - FOOTER_FROM_BOTTOM
        baseline = top + 0.5 * FOOTER_HEIGHT + 0.3 * size / K
        saved = self.parts, self.drawn_style, self.style
        self.parts, self.drawn_style, self.style = [f"{PAGE_START}\n{LINE_WIDTH * K:.2f} w"], None, ("", size)
        self.line(self.l_margin, top - 1, self.w - self.r_margin, top - 1)
        self.text(self.l_margin + CELL_MARGIN, baseline, left)
        right_width = sum(widths.get(ord(char), 0) for char in right) * 0.001 * size / K
        self.text(self.w - self.r_margin - CELL_MARGIN - right_width, baseline, right)
        footer = "\n".join(self.parts)
        self.parts, self.drawn_style, self.style = saved
        return footer

    def _finish_page(self) -> None:
        self.contents.append(self._stream("\n".join(self.parts)))
        self.parts = []

    def _font(self, table: GlyphTable) -> int:
        """Write one font (subset to the glyphs used) and return its number."""
        font, used = table.font, table.used
        glyphs = sorted(used)
        tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(repr(glyphs).encode()).digest()[:6])
        name = f"{tag}+{font.name}"
        program = font.subset(set(glyphs))
        file_number = self._stream_bytes(program, f"/Length1 {len(program)}")
        scaled = font.scaled
        box = " ".join(str(scaled(value)) for value in font.box)
        descriptor = self._object(
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{box}] /ItalicAngle 0 "
            f"/Ascent {scaled(font.ascent)} /Descent {scaled(font.descent)} "
            f"/CapHeight {scaled(font.cap_height)} /StemV {font.stem} /FontFile2 {file_number} 0 R >>"
        )
        widths = " ".join(f"{glyph} [{scaled(font.advances[glyph])}]" for glyph in glyphs)
        cid_font = self._object(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /W [{widths}] /CIDToGIDMap /Identity >>"
        )
        to_unicode = self._stream(_to_unicode(used))
        return self._object(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        )

    def _stream(self, text: str) -> int:
        return self._stream_bytes(text.encode("latin-1"))

    def _stream_bytes(self, data: bytes, extra: str = "") -> int:
        packed = zlib.compress(data, 6)
        head = f"<< /Filter /FlateDecode /Length {len(packed)}{' ' + extra if extra else ''} >>\nstream\n"
        return self._object_bytes(head.encode("latin-1") + packed + b"\nendstream")

    def _object(self, body: str, number: int | None = None) -> int:
        return self._object_bytes(body.encode("latin-1"), number)

    def _object_bytes(self, body: bytes, number: int | None = None) -> int:
        if number is None:
            number = self.next_object
            self.next_object += 1
        self.offsets[number] = self.written
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        return number

    def _index(self) -> None:
        start = self.written
        size = self.next_object
        rows = [f"xref\n0 {size}\n0000000000 65535 f \n"]
        rows += [f"{self.offsets[number]:010d} 00000 n \n" for number in range(1, size)]
        rows.append(f"trailer\n<< /Size {size} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\n")
        rows.append(f"startxref\n{start}\n%%EOF\n")
        self._write("".join(rows).encode("latin-1"))

    def _write(self, data: bytes) -> None:
        self.target.write(data)
        self.written += len(data)


def pdf_string(text: str) -> str:
    """``text`` as a PDF text string: plain ASCII in parentheses, anything else in UTF-16 with its mark."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _to_unicode(used: dict[int, int]) -> str:
    """The CMap that turns each glyph back into its character, so the text can be copied and searched."""
    pairs = [
        f"<{glyph:04X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for glyph, code in sorted(used.items())
    ]
    blocks = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
