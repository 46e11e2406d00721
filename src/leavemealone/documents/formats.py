"""Markdown to every output format: the one place a format is chosen and converted.

txt, pdf and docx all read the same Markdown blocks (``markdown``), html the
same parser; the terminal format is what rich draws, saved as plain text. A
document too long to hold at once is made as blocks and written by
``block_writer``, block by block, in md, txt, html or pdf.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from leavemealone.errors import UsageError

if TYPE_CHECKING:
    from leavemealone.documents.markdown import Block

FORMATS = ("terminal", "md", "txt", "html", "pdf", "docx")
PAPERS = ("letter", "a4")


EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


def fmt_from_path(path: Path | str) -> str | None:
    """The format an output file's extension asks for, or None when it says nothing."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def to_format(
    markdown: str,
    fmt: str,
    *,
    title: str,
    date: Date | str | None = None,
    warnings: list[str] | None = None,
    paper: str = "letter",
    instead: tuple[str, ...] = ("html", "docx", "txt"),
) -> bytes:
    """Turn Markdown into ``fmt`` (md, txt, html, pdf, docx, or terminal as plain text).

    ``date`` goes in every PDF page footer (today when not given); ``paper``
    is ``letter`` or ``a4``. Problems that did not stop the conversion are
    appended to ``warnings`` when a list is given. A character no font can
    draw stops a PDF with a ``MissingGlyphsError`` that suggests the
    formats in ``instead``.
    """
    if paper not in PAPERS:
        raise UsageError(f"Unknown paper size {paper!r}.", hint="Use one of: " + ", ".join(PAPERS) + ".")
    day = _iso_date(date)
    collected: list[str] = [] if warnings is None else warnings
    # Each writer is imported only when its format is asked for: Markdown needs none of them.
    if fmt == "md":
        return markdown.encode("utf-8")
    if fmt == "txt":
        from leavemealone.documents.text import to_text

        return to_text(markdown).encode("utf-8")
    if fmt == "html":
        from leavemealone.documents.html import to_html

        return to_html(markdown, title=title).encode("utf-8")
    if fmt == "terminal":
        from leavemealone.documents.terminal import terminal_text

        return terminal_text(markdown).encode("utf-8")
    if fmt == "pdf":
        from leavemealone.documents.markdown import blocks
        from leavemealone.documents.pdf import to_pdf

        return to_pdf(
            blocks(markdown), title=title, day=day, warnings=collected, paper=paper, instead=instead
        )
    if fmt == "docx":
        from leavemealone.documents.markdown import blocks
        from leavemealone.documents.word import to_docx

        return to_docx(blocks(markdown), title=title, paper=paper)
    raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(FORMATS) + ".")


class BlockWriter(Protocol):
    """Writes a document block by block as the blocks come; ``close`` finishes it."""

    def write(self, document: Iterable[Block]) -> None:
        """Add blocks in reading order."""

    def close(self) -> None:
        """Finish the document."""


STREAMED_FORMATS = ("md", "txt", "html", "pdf")


def block_writer(
    fmt: str,
    target: BinaryIO,
    *,
    title: str,
    date: Date | str | None = None,
    warnings: list[str] | None = None,
    paper: str = "letter",
    instead: tuple[str, ...] = ("html", "docx", "txt"),
    characters: Iterable[str] = (),
) -> BlockWriter:
    """A writer of ``fmt`` (md, txt, html or pdf) into ``target``; text in blocks is never escaped.

    For a PDF, ``characters`` are those the document will hold (fonts are
    found for them first) and ``instead`` the formats to suggest when no
    font can draw one (see ``to_format``).
    """
    if fmt == "md":
        from leavemealone.documents.markdown import MarkdownWriter

        return MarkdownWriter(target)
    if fmt == "txt":
        from leavemealone.documents.text import TextWriter

        return TextWriter(target)
    if fmt == "html":
        from leavemealone.documents.html import HtmlWriter

        return HtmlWriter(target, title=title)
    if fmt == "pdf":
        from leavemealone.documents.pdf import PdfWriter

        collected: list[str] = [] if warnings is None else warnings
        day = _iso_date(date)
        return PdfWriter(
            target,
            title=title,
            day=day,
            warnings=collected,
            paper=paper,
            instead=instead,
            characters=characters,
        )
    raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(STREAMED_FORMATS) + ".")


def _iso_date(value: Date | str | None) -> str:
    if value is None:
        return Date.today().isoformat()
    return value.isoformat() if isinstance(value, Date) else value
