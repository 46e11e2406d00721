"""Markdown to plain text for an email body or a text editor."""

from __future__ import annotations

from leavemealone.documents.markdown import Block, blocks


def to_text(markdown: str) -> str:
    """Plain text for an email body or a text editor: no Markdown marks, boxes as [ ] / [x].

    Paragraphs are not wrapped, so a pasted email reflows naturally and no
    name is ever split across lines.
    """
    chunks: list[tuple[list[str], bool]] = []  # (lines, is a list item)
    for block in blocks(markdown):
        if block.kind == "rule":
            chunks.append((["-" * 40], False))
        elif block.kind == "heading":
            underline = {1: "=", 2: "-"}.get(block.level)
            extra = [underline * min(len(block.text), 72)] if underline else []
            chunks.append(([block.text, *extra], False))
        else:
            grouped = block.kind == "row" or bool(block.marker) or (block.indent > 0 and not block.quote)
            chunks.append((_text_lines(block), grouped))
    out: list[str] = []
    previous_item = False
    for lines, item in chunks:
        if out and not (item and previous_item):
            out.append("")
        out += lines
        previous_item = item
    return "\n".join(line.rstrip() for line in out).strip("\n") + "\n"


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
