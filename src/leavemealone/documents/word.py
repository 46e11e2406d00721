"""Markdown blocks to an editable Word file (python-docx), readable by Word and LibreOffice.

The same blocks as the PDF and the text: headings, paragraphs with bold,
list items with their bullet, number or box written out (so what Word shows
is what the txt shows), tables, and a page break where the PDF starts a new
page. The file carries the document's own title and nothing else: no author,
no program name, no thumbnail. Imported only when a docx is asked for.
"""

from __future__ import annotations

import io
from typing import Any

from leavemealone.documents.markdown import Block
from leavemealone.documents.user_text import strip_controls

PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
MARGIN_MM = 20.0
INDENT_MM = 7.0
BOXES = {False: "☐", True: "☒"}
# Package parts that say who or what made the file; the document needs neither.
_TELLING_PARTS = (
    "/relationships/extended-properties",  # docProps/app.xml: the application's name
    "/relationships/metadata/thumbnail",
    "/relationships/customXml",
)


def to_docx(blocks: list[Block], *, title: str, paper: str = "letter") -> bytes:
    """A .docx of the blocks, its only metadata the title."""
    from docx import Document
    from docx.shared import Mm

    document = Document()
    _clear_metadata(document, title)
    section = document.sections[0]
    width, height = PAPER_MM[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    rows: list[Block] = []
    for block in blocks:
        if block.kind == "row":
            heading = any(bold for _, bold in block.runs)
            if heading and rows:  # a heading row after rows: the next table begins
                _table(document, rows)
                rows = []
            rows.append(block)
            continue
        if rows:
            _table(document, rows)
            rows = []
        if block.kind == "rule":
            document.add_page_break()  # type: ignore[no-untyped-call]
        elif block.kind == "heading":
            heading = document.add_heading(level=min(max(block.level, 1), 4))
            _runs(heading, block.runs)
        else:
            _paragraph(document, block)
    if rows:
        _table(document, rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _clear_metadata(document: Any, title: str) -> None:
    import datetime as dt

    properties = document.core_properties
    for name in ("author", "category", "comments", "content_status", "identifier", "keywords",
                 "language", "last_modified_by", "subject", "version"):  # fmt: skip
        setattr(properties, name, "")
    properties.title = _xml_text(title)
    properties.revision = 1
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    properties.created = properties.modified = now
    for rels in (document.part.package.rels, document.part.rels):
        for key, relation in list(rels.items()):
            if relation.reltype.endswith(_TELLING_PARTS):
                del rels[key]


def _paragraph(document: Any, block: Block) -> None:
    from docx.shared import Mm

    paragraph = document.add_paragraph(style="Quote" if block.quote else None)
    depth = block.indent if block.quote else max(block.indent - 1, 0)
    lead = ""
    if block.checked is not None:
        lead = BOXES[block.checked] + " "
    elif block.marker:
        lead = ("•" if block.marker == "•" else block.marker) + " "
    if lead or depth:
        layout = paragraph.paragraph_format
        layout.left_indent = Mm(INDENT_MM * (depth + (1 if lead else 0)))
        if lead:
            layout.first_line_indent = Mm(-INDENT_MM)
        layout.space_after = Mm(1)
    if lead:
        paragraph.add_run(lead)
    _runs(paragraph, block.runs)


def _runs(paragraph: Any, runs: list[tuple[str, bool]]) -> None:
    """Runs of text, bold where the Markdown was; a line break inside a paragraph stays one."""
    for text, bold in runs:
        run = None
        for line in _xml_text(text).split("\n"):
            if run is not None:
                run.add_break()
            run = paragraph.add_run(line)
            run.bold = bold or None


def _table(document: Any, rows: list[Block]) -> None:
    columns = max(len(row.cells) for row in rows)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for row in rows:
        bold = any(bold for _, bold in row.runs)
        cells = table.add_row().cells
        for cell, text in zip(cells, row.cells, strict=False):
            cell.text = ""
            _runs(cell.paragraphs[0], [(text, bold)])
    document.add_paragraph()


def _xml_text(text: str) -> str:
    """Text Word can hold: no control characters (XML refuses them)."""
    return strip_controls(text).replace("\t", "    ")
