"""Plain text for an email body or a text editor, written block by block."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from leavemealone.documents.markdown import Block, blocks


def to_text(markdown: str) -> str:
    """Plain text for an email body or a text editor: no Markdown marks, boxes as [ ] / [x].

    Paragraphs are not wrapped, so a pasted email reflows naturally and no
    name is ever split across lines.
    """
    buffer = io.BytesIO()
    writer = TextWriter(buffer)
    writer.write(blocks(markdown))
    writer.close()
    return buffer.getvalue().decode("utf-8")


class TextWriter:
    """Writes blocks as plain text as they come, so a document of any length needs little memory.

    Blocks are separated by a blank line, except list items and table rows
    that follow one another; no line ends in spaces, and the text neither
    starts nor ends with blank lines.
    """

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.previous_item = False
        self.started = False
        self.blank_lines = 0  # held back until a line with text follows

    def write(self, document: Iterable[Block]) -> None:
        """Add blocks in reading order."""
        for block in document:
            lines, item = _chunk(block)
            if self.started and not (item and self.previous_item):
                self.blank_lines += 1
            for line in lines:
                self._line(line.rstrip())
            self.previous_item = item

    def _line(self, line: str) -> None:
        if not line:
            self.blank_lines += self.started
            return
        self.target.write(("\n" * self.blank_lines + line + "\n").encode("utf-8"))
        self.blank_lines = 0
        self.started = True

    def close(self) -> None:
        """Finish the text (an empty document is one empty line)."""
        if not self.started:
            self.target.write(b"\n")


def _chunk(block: Block) -> tuple[list[str], bool]:
    """A block's lines, and whether it groups with a neighbour of its kind (list items, rows)."""
    if block.kind == "rule":
        return ["-" * 40], False
    if block.kind == "heading":
        underline = {1: "=", 2: "-"}.get(block.level)
        return [block.text, *([underline * min(len(block.text), 72)] if underline else [])], False
    grouped = block.kind == "row" or bool(block.marker) or (block.indent > 0 and not block.quote)
    return _text_lines(block), grouped


def _text_lines(block: Block) -> list[str]:
    depth = block.indent if block.quote else max(block.indent - 1, 0)
    pad = "    " * depth
    if block.checked is not None:
        lead = "[x] " if block.checked else "[ ] "
    elif block.marker:
        lead = ("-" if block.marker == "•" else block.marker) + " "
    else:
        lead = ""
    hang = pad + " " * len(lead)
    lines = block.text.split("\n")
    return [pad + lead + lines[0]] + [hang + line for line in lines[1:]]
