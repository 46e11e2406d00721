"""Standalone HTML pages that print well and can make no requests: from Markdown, or block by block."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import BinaryIO

from leavemealone.documents.markdown import Block, parser

_STYLESHEET = """
@page { margin: 20mm 18mm; }
html { background: #fff; color: #000; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 12pt;
       line-height: 1.45; max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .6em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
h1, h2, h3 { page-break-after: avoid; break-after: avoid; }
li { margin: .2em 0; }
li.task { list-style: none; }
.box { display: inline-block; box-sizing: border-box; width: 1em; height: 1em;
       border: 1.5px solid #000; margin: 0 .5em 0 -1.5em; vertical-align: -.15em;
       font-size: .95em; line-height: .9em; text-align: center; }
blockquote { margin: .8em 0; padding: .2em 1em; border-left: 3px solid #000; }
table { border-collapse: collapse; }
th, td { border: 1px solid #000; padding: .2em .5em; text-align: left; }
hr { border: 0; border-top: 1px solid #000; margin: 2em 0; }
a { color: #000; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 11pt; }
  hr { border: 0; margin: 0; page-break-after: always; break-after: page; }
  li, p { page-break-inside: avoid; break-inside: avoid; }
}
"""


def _page_start(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{_STYLESHEET}</style>\n</head>\n<body>\n<main>\n"
    )


_PAGE_END = "</main>\n</body>\n</html>\n"


def to_html(markdown: str, *, title: str) -> str:
    """A standalone page that prints well; scripts, images and requests are all blocked."""
    body: str = parser().render(markdown)
    return _page_start(title) + body + _PAGE_END


class HtmlWriter:
    """The same page, written block by block as they come: for a document too long to hold at once.

    Every piece of text is escaped, so what a user typed always shows as text.
    Headings, paragraphs, flat lists, tables and rules are written as the
    Markdown writer writes them.
    """

    def __init__(self, target: BinaryIO, *, title: str) -> None:
        self.target = target
        self.open = ""  # the list or table being written: "ul", "ol", "table", or ""
        self._out(_page_start(title))

    def _out(self, text: str) -> None:
        self.target.write(text.encode("utf-8"))

    def write(self, document: Iterable[Block]) -> None:
        """Add blocks in reading order."""
        for block in document:
            self._out(self._render(block))

    def _render(self, block: Block) -> str:
        if block.kind == "row":
            header = any(bold for _, bold in block.runs) and self.open != "table"
            tag = "th" if header else "td"
            cells = "".join(f"<{tag}>{html.escape(cell, quote=False)}</{tag}>\n" for cell in block.cells)
            row = f"<tr>\n{cells}</tr>\n"
            if self.open == "table":
                return row
            opening = self._close() + "<table>\n"
            self.open = "table"
            return opening + (f"<thead>\n{row}</thead>\n<tbody>\n" if header else f"<tbody>\n{row}")
        if block.kind == "paragraph" and block.marker:
            kind = "ul" if block.marker == "•" else "ol"
            opening = "" if self.open == kind else self._close() + f"<{kind}>\n"
            self.open = kind
            return f"{opening}<li>{_inline(block)}</li>\n"
        opening = self._close()
        if block.kind == "rule":
            return opening + "<hr />\n"
        if block.kind == "heading":
            return opening + f"<h{block.level}>{_inline(block)}</h{block.level}>\n"
        return opening + f"<p>{_inline(block)}</p>\n"

    def _close(self) -> str:
        closing = {"ul": "</ul>\n", "ol": "</ol>\n", "table": "</tbody>\n</table>\n"}.get(self.open, "")
        self.open = ""
        return closing

    def close(self) -> None:
        """Close what is open and end the page."""
        self._out(self._close() + _PAGE_END)


def _inline(block: Block) -> str:
    parts = []
    for text, bold in block.runs:
        escaped = html.escape(text, quote=False).replace("\n", "<br />\n")
        parts.append(f"<strong>{escaped}</strong>" if bold else escaped)
    return "".join(parts)
