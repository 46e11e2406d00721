"""Markdown as flat blocks: the one parser every format shares, what the writers lay out, and back.

``- [ ]`` and ``- [x]`` list items become checkboxes in every format. A
document too long to hold (the log export) is made as blocks directly and
written block by block; ``MarkdownWriter`` writes such blocks as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

_TASK = re.compile(r"^\[([ xX])\](?: |$)")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The Markdown parser every format shares (html, txt, pdf)."""
    from markdown_it import MarkdownIt

    # html off: a user's <script> stays text. Images off: an opened file makes no requests.
    # breaks on: a line in the template is a line in the letter (addresses, signatures).
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True})
    parser.enable("table").disable("image")
    parser.core.ruler.push("task_items", _mark_task_items)
    return parser


def _mark_task_items(state: StateCore) -> None:
    """Turn ``- [ ] text`` / ``- [x] text`` items into checkboxes (``meta["task_checked"]``).

    The test reads the template's source, so a ``[x]`` typed by a user (which
    arrives escaped) never becomes a box.
    """
    from markdown_it.token import Token

    tokens = state.tokens
    for index, item in enumerate(tokens[:-2]):
        inline = tokens[index + 2]
        if item.type != "list_item_open" or inline.type != "inline" or not inline.children:
            continue
        match = _TASK.match(inline.content)
        first = inline.children[0]
        if match is None or first.type != "text" or not first.content.startswith(match.group(0)):
            continue
        checked = match.group(1) != " "
        first.content = first.content[len(match.group(0)) :]
        item.meta["task_checked"] = checked
        item.attrSet("class", "task")
        box = Token("html_inline", "", 0)
        label = "done" if checked else "not done"
        box.content = f'<span class="box" role="img" aria-label="{label}">{"✓" if checked else ""}</span>'
        inline.children.insert(0, box)


def parse(markdown: str) -> list[Token]:
    """The markdown-it token stream every writer walks."""
    return parser().parse(markdown)


@dataclass
class Block:
    """One printable block: a heading, a paragraph (maybe a list item), or a page break."""

    kind: str  # "heading", "paragraph", "row" (of a table), "rule"
    runs: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold)
    level: int = 0  # heading level
    indent: int = 0  # list or quote depth
    marker: str = ""  # bullet or number of a list item's first paragraph
    checked: bool | None = None  # a checkbox item: False open, True done
    quote: bool = False
    cells: list[str] = field(default_factory=list)  # a table row's cells

    @property
    def text(self) -> str:
        """The block's words without any styling."""
        return "".join(text for text, _ in self.runs)


def blocks(markdown: str) -> list[Block]:
    """The Markdown as a flat list of blocks, in reading order."""
    return list(_walk(parse(markdown)))


def _walk(tokens: list[Token]) -> Iterator[Block]:
    """Flatten the token stream into blocks the txt and pdf writers can lay out."""
    lists: list[list[int]] = []  # per open list: [next number, 1 if ordered else 0]
    marker, checked = "", None
    quote_depth = heading_level = 0
    row: list[str] | None = None
    in_header = False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append([int(start) if start is not None else 1, int(kind == "ordered_list_open")])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number, ordered = lists[-1]
            marker = f"{number}." if ordered else "•"
            lists[-1][0] = number + 1
            state = token.meta.get("task_checked")
            checked = state if isinstance(state, bool) else None
        elif kind in ("blockquote_open", "blockquote_close"):
            quote_depth += token.nesting
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "hr":
            yield Block("rule")
        elif kind in ("thead_open", "thead_close"):
            in_header = kind == "thead_open"
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            yield Block("row", [(" | ".join(row), in_header)], indent=quote_depth, cells=row)
            row = None
        elif kind == "inline":
            runs = _runs(token.children or [])
            if row is not None:
                row.append("".join(text for text, _ in runs))
            elif heading_level:
                yield Block("heading", runs, level=heading_level)
            else:
                yield Block(
                    "paragraph",
                    runs,
                    indent=len(lists) + quote_depth,
                    marker=marker,
                    checked=checked,
                    quote=quote_depth > 0,
                )
                marker, checked = "", None
        elif kind in ("fence", "code_block"):
            code = token.content.rstrip("\n")
            yield Block("paragraph", [(code, False)], indent=len(lists) + quote_depth + 1)


def _runs(children: list[Token]) -> list[tuple[str, bool]]:
    """Inline tokens as (text, bold) runs; links keep their address in brackets."""
    runs: list[tuple[str, bool]] = []
    bold = 0
    link: str | None = None
    link_text = ""
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):  # a command to type stands out in bold
            runs.append((child.content, bold > 0 or kind == "code_inline"))
            if link is not None:
                link_text += child.content
        elif kind in ("softbreak", "hardbreak"):
            runs.append(("\n", bold > 0))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "link_open":
            link, link_text = str(child.attrGet("href") or ""), ""
        elif kind == "link_close":
            if link and link not in (link_text, "mailto:" + link_text):
                runs.append((f" ({link})", bold > 0))
            link = None
    return runs


class MarkdownWriter:
    """Blocks written as Markdown as they come, every piece of text exactly as given (never escaped).

    Bold runs get ``**``, list items ``-`` (or their number), table rows
    pipes; blocks are separated by a blank line, except list items and
    table rows that follow one another.
    """

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.previous = ""

    def write(self, document: Iterable[Block]) -> None:
        """Add blocks in reading order."""
        for block in document:
            kind = "item" if block.marker else block.kind
            gap = "\n" if self.previous and not (kind == self.previous and kind in ("item", "row")) else ""
            self.target.write((gap + self._render(block) + "\n").encode("utf-8"))
            self.previous = kind

    def _render(self, block: Block) -> str:
        if block.kind == "rule":
            return "---"
        if block.kind == "row":
            line = "| " + " | ".join(block.cells) + " |"
            if self.previous != "row" and any(bold for _, bold in block.runs):
                line += "\n|" + "---|" * len(block.cells)
            return line
        text = "".join(f"**{text}**" if bold else text for text, bold in block.runs)
        if block.kind == "heading":
            return "#" * block.level + " " + text
        lead = ("- " if block.marker == "•" else block.marker + " ") if block.marker else ""
        return lead + text.replace("\n", "\n" + " " * len(lead))

    def close(self) -> None:
        """Nothing is held back: every block is written as it comes."""
