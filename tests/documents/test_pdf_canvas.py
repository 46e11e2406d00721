"""A PDF in the bundled fonts is written without fpdf2: same page, a valid font subset, the text kept."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from PIL import ImageChops
from pypdf import PdfReader

import leavemealone.documents.pdf as pdf_module
from leavemealone.documents.formats import to_format
from leavemealone.documents.pdf_canvas import pdf_string
from leavemealone.documents.pdf_text import FONT_DIR, FONT_FILES, bundled_fonts
from leavemealone.documents.truetype import FontFormatError, read_font

DAY = "2024-05-02"
SAMPLE = """# Your action checklist

If you are in danger now, call **911**. Zoë Núñez-O'Brien said “stop” – twice — and ‘meant it’.

- [ ] Save every message before you block anyone.
- [x] Tell one person you trust.

> A short, plain message leaves no room for doubt.

| date | what |
|---|---|
| 2024-05-01 | Sent 14 texts |

## Next

""" + "\n\n".join(f"Paragraph {n}: waited outside my building for an hour, again." for n in range(60))


def test_a_pdf_in_the_bundled_fonts_loads_neither_fpdf2_nor_fonttools() -> None:
    script = (
        "import sys\n"
        "from leavemealone.documents.formats import to_format\n"
        f"content = to_format({SAMPLE[:400]!r}, 'pdf', title='t', date='{DAY}')\n"
        "assert content.startswith(b'%PDF-')\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'fpdf', 'fontTools', 'PIL'}))\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_both_writers_draw_the_same_page_above_the_footer(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = to_format(SAMPLE, "pdf", title="Checklist", date=DAY)
    monkeypatch.setattr(pdf_module, "is_plain", lambda characters: False)  # as if it needed shaping
    theirs = to_format(SAMPLE, "pdf", title="Checklist", date=DAY)
    assert b"/CIDToGIDMap /Identity" in ours and b"fpdf" not in ours.lower()
    ours_pages, theirs_pages = pypdfium2.PdfDocument(ours), pypdfium2.PdfDocument(theirs)
    assert len(ours_pages) == len(theirs_pages) >= 2
    for mine, other in zip(ours_pages, theirs_pages, strict=True):
        drawn = mine.render(scale=1.5).to_pil().convert("L")
        expected = other.render(scale=1.5).to_pil().convert("L")
        body = (0, 0, drawn.width, round(drawn.height * (1 - 17 / 279.4)))  # above the footer line
        assert drawn.size == expected.size
        assert ImageChops.difference(drawn.crop(body), expected.crop(body)).getbbox() is None


def test_the_page_count_sits_flush_right_in_every_footer() -> None:
    content = to_format(SAMPLE, "pdf", title="Checklist", date=DAY)
    document = pypdfium2.PdfDocument(content)
    width_mm = document[0].get_width() * 25.4 / 72
    for number, page in enumerate(document, start=1):
        text = page.get_textpage()
        found = text.get_text_range()
        assert f"Checklist · {DAY}" in found and f"Page {number} of {len(document)}" in found
        last = text.count_chars() - 1
        while text.get_text_range(last, 1).isspace():
            last -= 1
        right_mm = text.get_charbox(last)[2] * 25.4 / 72
        assert width_mm - 20 - 1 - 0.5 <= right_mm <= width_mm - 20 - 1 + 0.1  # the right margin, less 1 mm


def test_the_embedded_font_is_a_valid_subset_that_keeps_glyph_numbers() -> None:
    regular = read_font(FONT_DIR / FONT_FILES[""])
    used = {regular.glyphs[ord(char)] for char in "Zoë é Ŵ —"}
    program = TTFont(io.BytesIO(regular.subset(used)), checkChecksums=2)  # a wrong checksum raises
    original = TTFont(FONT_DIR / FONT_FILES[""])
    order = original.getGlyphOrder()
    assert program["maxp"].numGlyphs == original["maxp"].numGlyphs
    outlines = program["glyf"]
    kept = {number for number, name in enumerate(program.getGlyphOrder()) if outlines[name].numberOfContours}
    assert used - {regular.glyphs[ord(" ")]} <= kept < set(range(len(order)))
    for glyph in used:
        name = order[glyph]
        if original["glyf"][name].isComposite():  # an accented letter brings the glyphs it is made of
            parts = {order.index(part) for part in original["glyf"][name].getComponentNames(original["glyf"])}
            assert parts <= kept
    assert "cmap" not in program and "name" not in program  # a PDF names glyphs by number


@pytest.mark.parametrize("style", sorted(FONT_FILES))
def test_the_font_reader_agrees_with_fonttools_and_fpdf2(style: str) -> None:
    from fpdf import FPDF

    font = bundled_fonts()[style]
    reference = TTFont(FONT_DIR / FONT_FILES[style])
    assert font.glyphs == {code: reference.getGlyphID(name) for code, name in reference.getBestCmap().items()}
    assert font.units_per_em == reference["head"].unitsPerEm
    document = FPDF()
    document.add_font("D", style, str(FONT_DIR / FONT_FILES[style]))
    document.set_font("D", style, 11)
    assert font.widths() == {code: document.current_font.cw[code] for code in font.glyphs}


def test_a_font_with_only_the_basic_character_map_reads_the_same(tmp_path: Path) -> None:
    font = TTFont(FONT_DIR / FONT_FILES[""])
    font["cmap"].tables = [table for table in font["cmap"].tables if table.format == 4]
    font.save(tmp_path / "Basic.ttf")
    basic = read_font(tmp_path / "Basic.ttf").glyphs
    full = bundled_fonts()[""].glyphs
    assert basic == {code: glyph for code, glyph in full.items() if code <= 0xFFFF}


def test_a_file_that_is_no_truetype_font_is_refused_plainly(tmp_path: Path) -> None:
    (tmp_path / "Not.ttf").write_bytes(b"OTTO" + bytes(40))
    with pytest.raises(FontFormatError):
        read_font(tmp_path / "Not.ttf")


@pytest.mark.parametrize("title", ["Notes", "Zoë's (draft) notes \\ 2", "Заметки – 2"])
def test_the_title_keeps_every_character_in_the_metadata(title: str) -> None:
    content = to_format("Hello", "pdf", title=title, date=DAY)
    assert (PdfReader(io.BytesIO(content)).metadata or {}).get("/Title") == title
    assert pdf_string("a(b)c\\") == "(a\\(b\\)c\\\\)"


def test_a_late_mark_with_no_glyph_is_drawn_as_nothing_and_a_late_missing_character_stops_the_pdf() -> None:
    from leavemealone.documents.markdown import Block
    from leavemealone.documents.pdf import MissingGlyphsError, PdfWriter

    target = io.BytesIO()
    writer = PdfWriter(target, title="Log", day=DAY, warnings=[])  # told of no characters: the canvas
    assert writer.canvas is not None
    writer.write([Block("paragraph", [("Sam\u2066 Roe\u2069 came by", False)])])  # isolates: no glyph
    writer.close()
    assert 0 not in writer.canvas.tables[""].used  # no glyph was ever drawn as .notdef
    assert "Sam" in pdf_text_of(target.getvalue()) and "came" in pdf_text_of(target.getvalue())
    late = PdfWriter(io.BytesIO(), title="Log", day=DAY, warnings=[])
    with pytest.raises(MissingGlyphsError):
        late.write([Block("paragraph", [("山田", False)])])


def pdf_text_of(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_paper_carries_only_the_fonts_its_pages_use() -> None:
    plain = to_format("Plain words only.", "pdf", title="t", date=DAY)
    bold = to_format("Plain words and **bold** ones.", "pdf", title="t", date=DAY)
    assert plain.count(b"/FontFile2") == 1 and bold.count(b"/FontFile2") == 2
    assert b"DejaVuSansBold" not in plain and b"DejaVuSansBold" in bold


def test_a_tab_or_control_character_among_the_declared_ones_is_no_missing_character() -> None:
    from leavemealone.documents.markdown import Block
    from leavemealone.documents.pdf import PdfWriter

    typed = "Waited\toutside\x07 my door"  # as a log entry holds it: tidied away before it is drawn
    target = io.BytesIO()
    writer = PdfWriter(target, title="Log", day=DAY, warnings=[], characters=typed)
    assert writer.canvas is not None  # nothing that needs fpdf2
    writer.write([Block("paragraph", [(typed, False)])])
    writer.close()
    assert "Waited outside my door" in pdf_text_of(target.getvalue())


def test_text_that_needs_shaping_reaching_a_canvas_late_makes_no_pdf_rather_than_a_wrong_one() -> None:
    from leavemealone.documents.markdown import Block
    from leavemealone.documents.pdf import MissingGlyphsError, PdfWriter

    writer = PdfWriter(io.BytesIO(), title="Log", day=DAY, warnings=[])  # told of plain text only
    assert writer.canvas is not None
    with pytest.raises(MissingGlyphsError) as refused:
        writer.write([Block("paragraph", [("Sam דוד and q\u0308", False)])])  # Hebrew, a combining mark
    assert "ד (U+05D3)" in refused.value.message and "U+0308" in refused.value.message
    assert refused.value.message.startswith("This PDF was begun without a way to set")
    assert "html, docx or txt" in refused.value.message


def test_a_very_long_word_is_split_in_one_pass_into_the_longest_pieces_that_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from leavemealone.documents.pdf import PdfWriter
    from leavemealone.documents.pdf_text import Layout

    def never(*args: object, **kwargs: object) -> tuple[int, float]:
        raise AssertionError("a plain word was split by trial and error")

    monkeypatch.setattr(Layout, "_fit", never)
    layout = PdfWriter(io.BytesIO(), title="t", day=DAY, warnings=[]).layout
    word = "".join(chr(ord("a") + number % 26) for number in range(200_000)) + "Ŵ" * 500
    room = 170.0
    lines = layout.wrap([("Pasted: " + word, False)], room, 11.0)
    pieces = ["".join(text for text, *_ in line) for line in lines]
    assert pieces[0] == "Pasted:" and "".join(pieces[1:]) == word
    for piece, following in zip(pieces[1:], pieces[2:], strict=False):
        assert layout.width(piece, False, 11.0) <= room < layout.width(piece + following[0], False, 11.0)
    for line, text in zip(lines[1:], pieces[1:], strict=True):  # each piece's width is its own
        assert abs(sum(width for _, _, width, _ in line) - layout.width(text, False, 11.0)) < 1e-6
