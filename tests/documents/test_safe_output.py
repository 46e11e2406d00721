"""Every document in every format: hostile names stay text, docx says what txt says, every script prints
right or not at all, and no file names the tool."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from leavemealone.documents.build import RenderedDocument, build_document
from leavemealone.documents.catalogue import CATALOGUE
from leavemealone.documents.formats import FORMATS, to_format
from leavemealone.documents.markdown import parse
from leavemealone.documents.pdf import MissingGlyphsError, covered_characters
from leavemealone.documents.user_text import strip_controls
from leavemealone.guide.paperwork import default_path
from tests.documents.test_case_papers import EX, five_incidents
from tests.html_text import html_parts

DAY = "2024-05-02"
# Markdown, HTML, Jinja, terminal escape sequences (colour, window title) and a bidi override in one name.
HOSTILE = (
    "# Sam [x](http://evil.example) <script>alert(1)</script> {{ 7*7 }} *b* | a | - 1. "
    "\x1b[31mred\x1b[0m\x1b]0;owned\x07 \u202eevil\u202c"
)
SHOWN = strip_controls(HOSTILE)  # what every format must show: the text, without the controls
BOTH_NAMES = {name for name, info in CATALOGUE.items() if "their_name" in info.required}
SHOWS_THEIR_NAME = BOTH_NAMES | {"court", "safety_plan"}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(content: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def docx_lines(content: bytes) -> list[str]:
    """Every paragraph of the body and of its tables, in order."""
    document = docx.Document(io.BytesIO(content))
    lines = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            lines.append(docx.text.paragraph.Paragraph(element, document).text)
        elif element.tag.endswith("}tbl"):
            table = docx.table.Table(element, document)
            lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


def shown_text(document: RenderedDocument) -> str:
    """What a reader of the file sees, flattened to one line of words."""
    content = document.content
    if document.fmt == "pdf":
        return pdf_text(content)
    if document.fmt == "docx":
        return squash(" ".join(docx_lines(content)))
    if document.fmt == "html":
        return squash("".join(html_parts(content.decode()).text))
    if document.fmt == "md":  # as a Markdown viewer shows it
        return squash("".join(html_parts(to_format(content.decode(), "html", title="t").decode()).text))
    return squash(content.decode())


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: Any) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch_module.setenv("LEAVEMEALONE_HOME", str(home))
    return five_incidents(tmp_path_factory.mktemp("files"))


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def hostile(name: str, fmt: str, extras: dict[str, Any]) -> RenderedDocument:
    answers = {**EX, "your_name": HOSTILE, "their_name": HOSTILE}
    return build_document(name, answers, fmt=fmt, extras=extras, options={"date": DAY, "recipient": HOSTILE})


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(SHOWS_THEIR_NAME))
def test_hostile_names_are_shown_as_typed_and_do_nothing(
    name: str, fmt: str, timeline: dict[str, Any]
) -> None:
    document = hostile(name, fmt, timeline)
    content = document.content
    text = content.decode() if fmt in ("md", "txt", "html", "terminal") else shown_text(document)
    for control in ("\x1b", "\u202e", "\x07"):
        assert control not in text
    assert squash(SHOWN) in shown_text(document)
    assert "49" not in shown_text(document).replace("4412", "")
    if fmt == "html":
        assert "script" not in html_parts(content.decode()).tags and "<a " not in content.decode()
    if fmt == "md":  # the name makes no heading, link, list or table of its own
        options = {"date": DAY, "recipient": "Lee"}
        plain = build_document(name, EX, fmt="md", extras=timeline, options=options)
        kinds = ("heading_open", "link_open", "table_open", "bullet_list_open", "ordered_list_open")
        for kind in kinds:
            made = [token for token in parse(content.decode()) if token.type == kind]
            expected = [token for token in parse(plain.content.decode()) if token.type == kind]
            assert len(made) == len(expected), (name, kind)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_a_docx_opens_and_says_what_the_txt_says(name: str, timeline: dict[str, Any]) -> None:
    word = build_document(name, EX, fmt="docx", extras=timeline, options={"date": DAY})
    text = build_document(name, EX, fmt="txt", extras=timeline, options={"date": DAY}).content.decode()
    boxes = {"☐ ": "[ ] ", "☒ ": "[x] ", "• ": "- "}

    def words(line: str) -> str:
        line = squash(line)
        for box, plain in boxes.items():
            line = line.replace(box, plain)
        return line

    from_word = [words(line) for line in docx_lines(word.content) if line.strip()]
    from_text = [words(line) for line in text.splitlines() if line.strip() and not set(line) <= set("=-")]
    assert " ".join(from_word) == " ".join(from_text)


def test_docx_metadata_holds_the_title_and_nothing_about_the_tool(timeline: dict[str, Any]) -> None:
    content = build_document("notice", EX, fmt="docx", extras=timeline, options={"date": DAY}).content
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert properties.title == "No-contact notice"
    for name in ("author", "comments", "last_modified_by", "subject", "keywords", "category"):
        assert getattr(properties, name) == ""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        everything = b"".join(archive.read(name) for name in names)
    assert "docProps/app.xml" not in names and not any("thumbnail" in name for name in names)
    for telling in (b"python-docx", b"leavemealone", b"generated by"):
        assert telling not in everything


@pytest.mark.parametrize("name", ["notice", "declaration"])
def test_pdf_metadata_holds_the_title_and_nothing_about_the_tool(name: str, timeline: dict[str, Any]) -> None:
    content = build_document(name, EX, fmt="pdf", extras=timeline, options={"date": DAY}).content
    metadata = PdfReader(io.BytesIO(content)).metadata or {}
    assert metadata.get("/Title") == CATALOGUE[name].title
    assert "/Creator" not in metadata and "/Producer" not in metadata
    assert b"leavemealone" not in content and b"fpdf" not in content.lower()


def test_the_paper_size_is_letter_or_a4() -> None:
    letter = PdfReader(io.BytesIO(to_format("Hello", "pdf", title="t", date=DAY))).pages[0].mediabox
    a4 = PdfReader(io.BytesIO(to_format("Hello", "pdf", title="t", date=DAY, paper="a4"))).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    section = docx.Document(io.BytesIO(to_format("Hello", "docx", title="t", paper="a4"))).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


# --- every script prints right or not at all ---------------------------------------------------

NAMES = {
    "Arabic": "محمد علي",
    "Hebrew": "דוד לוי",
    "Vietnamese": "Nguyễn Thị Ánh",
    "Chinese": "王小明",
}


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_name_in_any_script_is_in_the_pdf_in_logical_order_or_no_pdf_is_made(script: str) -> None:
    name = NAMES[script]
    answers = {**EX, "their_name": name}
    if set(name) - {" "} <= covered_characters() or _system_font_has(name):
        document = build_document("notice", answers, fmt="pdf", options={"date": DAY})
        text = pdf_text(document.content)
        assert name in text and "\ufffd" not in text
    else:
        with pytest.raises(MissingGlyphsError) as refused:
            build_document("notice", answers, fmt="pdf", options={"date": DAY})
        assert all(char in refused.value.message for char in name.replace(" ", ""))
        assert "html, docx or txt" in refused.value.message


def _system_font_has(text: str) -> bool:
    from leavemealone.documents.system_fonts import find_fonts_for

    return not find_fonts_for(set(text) - {" "} - covered_characters())[1]


def test_arabic_and_hebrew_are_shaped_and_set_right_to_left() -> None:
    content = to_format("Name: محمد علي and דוד לוי.", "pdf", title="t", date=DAY)
    text = pdf_text(content)
    assert "محمد علي" in text and "דוד לוי" in text  # logical order in the text layer
    assert b"/Lang (en)" in content or b"/Lang" in content


def test_characters_no_font_has_stop_the_pdf_with_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from leavemealone.documents import system_fonts

    monkeypatch.setattr(system_fonts, "FONT_FOLDERS", ())
    with pytest.raises(MissingGlyphsError) as refused:
        to_format("Name: 山田 and 🦄", "pdf", title="t", date=DAY)
    message = refused.value.message
    assert "山 (U+5C71)" in message and "🦄 (U+1F984)" in message and "no PDF was made" in message
    assert message.count(".") == 1 and message.endswith("which keep every character.")
    assert to_format("Name: 山田 and 🦄", "docx", title="t").startswith(b"PK")  # the other formats keep them


def test_a_font_on_this_computer_draws_what_dejavu_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in system font that maps 中 to a glyph: the PDF uses it and extracts the character."""
    from fontTools.ttLib import TTFont

    from leavemealone.documents import system_fonts
    from leavemealone.documents.pdf import FONT_DIR

    font = TTFont(FONT_DIR / "DejaVuSans.ttf")
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[ord("中")] = table.cmap[ord("A")]
    folder = tmp_path / "fonts"
    folder.mkdir()
    font.save(folder / "Stand-in.ttf")
    monkeypatch.setattr(system_fonts, "FONT_FOLDERS", (str(folder),))
    content = to_format("Name: 中 Lee", "pdf", title="t", date=DAY)
    assert "中" in pdf_text(content) and "\ufffd" not in pdf_text(content)


def test_a_log_export_with_a_character_no_font_has_suggests_the_logs_own_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.documents import system_fonts
    from leavemealone.log.entries import add_incident
    from leavemealone.log.export import export_log
    from leavemealone.store.cases import open_case

    monkeypatch.setattr(system_fonts, "FONT_FOLDERS", ())
    with open_case("default") as store:
        add_incident(store, what="Sent me 🦄 forty times", when="2024-03-01 10:00")
        with pytest.raises(MissingGlyphsError) as refused:
            export_log(store, fmt="pdf")
        assert "make it as html, txt or md instead" in refused.value.message
        assert "🦄" in export_log(store, fmt="html").content.decode()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_safety_plans_file_name_and_metadata_say_nothing_of_what_it_is(fmt: str) -> None:
    document = build_document("safety_plan", EX, fmt=fmt, options={"date": DAY})
    assert document.filename == f"notes-{DAY}.{fmt}"
    if fmt == "pdf":
        title = (PdfReader(io.BytesIO(document.content)).metadata or {}).get("/Title")
    else:
        title = docx.Document(io.BytesIO(document.content)).core_properties.title
    assert title == "Notes"
    assert default_path("safety_plan", day=DAY).name == f"notes-{DAY}.pdf"
    assert default_path("notice", day=DAY).name == f"notice-{DAY}.pdf"


def test_a_heading_never_ends_a_page_without_what_follows_it() -> None:
    paragraph = " ".join(["Words that fill a line of the page."] * 14)  # about six lines
    for filler in range(20, 44):  # push the heading to every height near the bottom of page one
        markdown = "# Plan\n\n" + "\n\n".join(f"Line {n}." for n in range(filler))
        markdown += f"\n\n## Things I can change later\n\n{paragraph}\n"
        pages = [
            " ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(to_format(markdown, "pdf", title="Notes"))).pages
        ]
        for text in pages:
            body = text.split("Notes ·")[0].strip()  # the footer follows the page's last line
            assert not body.endswith("Things I can change later"), filler
        with_heading = next(text for text in pages if "Things I can change later" in text)
        assert "Words that fill a line" in with_heading, filler
