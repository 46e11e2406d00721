"""The conversion layer: templates in a sandbox, and Markdown to txt, html, pdf and terminal."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from rich.console import Console

from leavemealone.ask.console import print_markdown
from leavemealone.documents.formats import fmt_from_path, to_format
from leavemealone.documents.html import to_html
from leavemealone.documents.markdown import Block
from leavemealone.documents.templates import escape_markdown, render_markdown
from leavemealone.documents.terminal import terminal_text
from leavemealone.documents.text import to_text
from leavemealone.errors import LeaveMeAloneError, UsageError
from tests.html_text import html_parts

SAMPLE = """# My checklist

May 2, 2024

## Numbers

Call **911** now.
A second line.

- [ ] Call the hotline
- [x] Block them online
- a plain bullet with [a link](https://example.org)

1. first
2. second

> quoted
"""


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


# --- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.md", "md"), ("A.PDF", "pdf"), ("x.html", "html"), ("x.htm", "html"), ("x.txt", "txt"), ("x", None)],
)
def test_format_from_the_file_extension(name: str, fmt: str | None) -> None:
    assert fmt_from_path(Path(name)) == fmt


def test_to_format_rejects_an_unknown_format() -> None:
    with pytest.raises(UsageError, match="'rtf'"):
        to_format(SAMPLE, "rtf", title="x")


# --- txt -------------------------------------------------------------------------------


def test_text_has_no_markdown_marks_and_plain_checkboxes() -> None:
    text = to_text(SAMPLE)
    assert "#" not in text and "**" not in text and "> " not in text
    assert "[ ] Call the hotline" in text
    assert "[x] Block them online" in text
    assert "- a plain bullet with a link (https://example.org)" in text
    assert "Call 911 now.\nA second line." in text
    assert "My checklist\n============" in text
    assert "1. first\n2. second" in text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1))
def test_escaped_text_comes_back_exactly_as_typed(value: str) -> None:
    value = re.sub(r"\s+", " ", value).strip()
    if not value:
        return
    assert to_text("Name: " + escape_markdown(value)) == f"Name: {value}\n"


# --- html ------------------------------------------------------------------------------


def test_html_escapes_user_text_and_blocks_scripts_and_images() -> None:
    markdown = "Hello " + escape_markdown("<script>alert(1)</script> & {{ 7*7 }}")
    markdown += "\n\n![x](https://tracker.example/p.png) <b>raw</b>\n"
    page = to_html(markdown, title="A <title>")
    parts = html_parts(page)
    assert "script" not in parts.tags and "img" not in parts.tags and "b" not in parts.tags
    assert "<script>alert(1)</script> & {{ 7*7 }}" in "".join(parts.text)
    assert "<title>A &lt;title&gt;</title>" in page
    assert "default-src 'none'" in page


def test_html_checkboxes_print_as_boxes() -> None:
    page = to_html(SAMPLE, title="t")
    assert '<li class="task"><span class="box" role="img" aria-label="not done"></span>' in page
    assert 'aria-label="done">✓</span>Block them online' in page
    assert "<input" not in page
    assert "@page" in page and "@media print" in page


def test_a_users_escaped_brackets_never_become_a_box() -> None:
    page = to_html("- " + escape_markdown("[x] not a box") + "\n", title="t")
    assert "<li>[x] not a box</li>" in page


# --- pdf -------------------------------------------------------------------------------


def test_pdf_has_the_text_the_date_and_page_numbers_on_every_page() -> None:
    long = SAMPLE + "\n---\n\n## Second page\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(80))
    pages = pdf_text(to_format(long, "pdf", title="Checklist", date="2024-05-02"))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "2024-05-02" in text
        assert f"Page {number} of {len(pages)}" in text
    assert "Call the hotline" in pages[0]
    assert "Second page" in pages[1]  # "---" starts a new page


def _entries(count: int) -> Iterator[Block]:
    """Log-like paragraphs, made as they are laid out, never held as a list."""
    for number in range(count):
        yield Block("paragraph", [(f"Entry {number}", True), (" · came to my door again", False)])


def test_a_pdf_in_the_bundled_fonts_is_written_to_its_file_page_by_page() -> None:
    from leavemealone.documents.pdf import PdfWriter

    target = io.BytesIO()
    writer = PdfWriter(target, title="Incident log", day="2024-05-02", warnings=[])
    assert writer.canvas is not None
    writer.write(_entries(200))
    written = target.tell()
    writer.write(_entries(200))
    assert target.tell() > written > 0  # finished pages are already in the file, not in memory
    assert writer.canvas.parts and len(writer.canvas.contents) == writer.pdf.page - 1
    writer.close()
    pages = pdf_text(target.getvalue())
    assert len(pages) == writer.pdf.page >= 10
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert "Entry 0 · came to my door again" in pages[0] and "Entry 199" in pages[-1]


def test_a_pdf_that_needs_shaping_keeps_finished_pages_packed_until_the_end() -> None:
    from leavemealone.documents.pdf import PdfWriter

    target = io.BytesIO()
    writer = PdfWriter(target, title="Incident log", day="2024-05-02", warnings=[], characters="דוד")
    assert writer.canvas is None  # Hebrew is set right to left: fpdf2 shapes it
    writer.write(_entries(400))
    finished = writer.pdf.page - 1
    assert finished >= 5 and len(writer.packed) == finished  # every finished page is kept compressed
    assert all(not writer.pdf.pages[number].contents for number in writer.packed)
    writer.close()
    pages = pdf_text(target.getvalue())
    assert len(pages) == finished + 1 and not writer.packed
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert "Entry 0 · came to my door again" in pages[0] and "Entry 399" in pages[-1]


def test_a_heading_written_alone_waits_for_the_next_block_to_keep_them_together() -> None:
    from leavemealone.documents.markdown import Block
    from leavemealone.documents.pdf import PdfWriter

    paragraph = Block("paragraph", [(" ".join(["Words that fill a line of the page."] * 14), False)])
    for filler in range(22, 34):  # the heading at every height near the bottom of page one
        target = io.BytesIO()
        writer = PdfWriter(target, title="Incident log", day="2024-05-02", warnings=[])
        writer.write(Block("paragraph", [(f"Line {n}.", False)]) for n in range(filler))
        writer.write([Block("heading", [("Exhibits", False)], level=2)])  # as the export writes them
        writer.write([paragraph])
        writer.write([Block("heading", [("The end", False)], level=2)])  # a last heading is still placed
        writer.close()
        pages = [squash(text) for text in pdf_text(target.getvalue())]
        with_heading = next(text for text in pages if "Exhibits" in text)
        assert "Words that fill a line" in with_heading, filler
        assert "The end" in pages[-1]


def test_pdf_lines_keep_one_space_between_words_across_bold_and_plain_runs() -> None:
    from leavemealone.documents.pdf import PdfWriter

    layout = PdfWriter(io.BytesIO(), title="t", day="2024-05-02", warnings=[]).layout
    runs = [("Where: ", True), ("  at my door   ", False), (" again", False)]
    (line,) = layout.wrap(runs, 500.0, 11.0)
    assert "".join(text for text, *_ in line) == "Where: at my door again"
    one_line = sum(width for _, _, width, _ in line)
    narrow = layout.wrap(runs, one_line - 1.0, 11.0)  # "again" no longer fits: it starts the next line
    texts = ["".join(text for text, *_ in line) for line in narrow]
    assert texts == ["Where: at my door", "again"]
    assert sum(width for _, _, width, _ in narrow[0]) < one_line - layout.width("again", False, 11.0)


def test_pdf_text_encoded_by_table_is_what_fpdf2_itself_writes() -> None:
    from fpdf.fonts import TTFFont

    from leavemealone.documents.pdf import PdfWriter

    writer = PdfWriter(io.BytesIO(), title="t", day="2024-05-02", warnings=[], characters="דוד")
    font = writer.pdf.current_font
    assert type(font) is not TTFFont  # the writer's fonts encode by table
    text = "Entry 12 · (Zoë) said \\ “stop” – 100% ✓\r again"
    assert font.encode_text(text) == TTFFont.encode_text(font, text)


def test_pdf_keeps_accents_quotes_and_dashes() -> None:
    words = "Zoë Núñez-O'Brien said “stop” – twice — and ‘meant it’"
    content = to_format(escape_markdown(words), "pdf", title="t", date="2024-05-02")
    assert words in squash(pdf_text(content)[0])


def test_pdf_accepts_decomposed_accents() -> None:
    content = to_format("Zoe\u0308", "pdf", title="t", date="2024-05-02")
    assert "Zoë" in pdf_text(content)[0]


# --- terminal --------------------------------------------------------------------------


def test_terminal_keeps_template_lines_apart() -> None:
    buffer = io.StringIO()
    print_markdown(SAMPLE, Console(file=buffer, width=80, color_system=None))
    shown = "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
    assert "Call 911 now.\nA second line." in shown
    assert "[ ] Call the hotline" in shown
    assert to_format(SAMPLE, "terminal", title="t").decode() == terminal_text(SAMPLE)


# --- templates -------------------------------------------------------------------------


def test_a_users_template_overrides_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "notice.md.j2").write_text("Mine: {{ your_name }}\n", encoding="utf-8")
    assert render_markdown("notice", {"your_name": "Sam"}, templates_dir=tmp_path) == "Mine: Sam\n"


def test_user_values_are_data_not_template_code(tmp_path: Path) -> None:
    (tmp_path / "x.md.j2").write_text("{{ name }}\n", encoding="utf-8")
    value = "{{ 7*7 }} {% raw %} <script>"
    assert render_markdown("x", {"name": value}, templates_dir=tmp_path) == value + "\n"
    escaped = render_markdown("x", {"name": value}, templates_dir=tmp_path, escape_values=True)
    assert escaped == escape_markdown(value) + "\n"


def test_a_broken_template_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "notice.md.j2").write_text("line one\n\n{% if x %}\nno end\n", encoding="utf-8")
    with pytest.raises(LeaveMeAloneError, match=r"notice\.md\.j2 has a mistake on line \d") as caught:
        render_markdown("notice", {}, templates_dir=tmp_path)
    assert str(tmp_path) in caught.value.message


def test_an_unknown_name_in_a_template_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "notice.md.j2").write_text("one\ntwo\n{{ their_nmae }}\n", encoding="utf-8")
    with pytest.raises(LeaveMeAloneError, match=r"notice\.md\.j2 failed on line 3: 'their_nmae'"):
        render_markdown("notice", {"their_name": "x"}, templates_dir=tmp_path)


def test_any_error_in_template_code_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "odd.md.j2").write_text("fine\n{{ range(1, 2, 0) | list }}\n", encoding="utf-8")
    with pytest.raises(LeaveMeAloneError, match=r"odd\.md\.j2 failed on line 2"):
        render_markdown("odd", {}, templates_dir=tmp_path)


def test_the_sandbox_stops_a_template_reaching_python(tmp_path: Path) -> None:
    (tmp_path / "evil.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(LeaveMeAloneError, match=r"evil\.md\.j2 failed on line 1"):
        render_markdown("evil", {}, templates_dir=tmp_path)


def test_a_missing_template_or_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LeaveMeAloneError, match=r"no letter template nope\.md\.j2"):
        render_markdown("nope", {})
    with pytest.raises(LeaveMeAloneError, match="does not exist"):
        render_markdown("notice", {}, templates_dir=tmp_path / "missing")


def test_heavy_libraries_are_not_imported_with_the_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, leavemealone.documents.formats, leavemealone.documents.build; "
        "print(sorted(m for m in ('jinja2', 'fpdf', 'markdown_it', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_bare_link_is_shown_once_in_the_terminal() -> None:
    from leavemealone.ask.console import make_console
    from leavemealone.ask.console import print_markdown as print_terminal

    shown = io.StringIO()
    print_terminal("- Source: <https://example.org/a>", make_console(file=shown))
    assert shown.getvalue().count("https://example.org/a") == 1
