"""Markdown as rich draws it in a terminal: one template line to one screen line.

``rich_markdown`` builds what a console prints (the askers and the CLI print
it); ``terminal_text`` saves the same drawing as plain text.

Most of what is shown (a document's advice, say) is plain Markdown:
headings, paragraphs, bullet lists, bold and code. That is drawn here with
rich's own text and styles, exactly as ``rich.markdown`` draws it (a test
compares them), without loading ``rich.markdown``, markdown-it and pygments,
about 45 ms of every ``notice`` or ``letter`` (issue 14). Anything more
(tables, quotes, links, emphasis with ``_``) goes to ``rich.markdown``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from leavemealone.documents.user_text import MARKDOWN_ESCAPABLE

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.segment import Segment
    from rich.text import Text

_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)$")
_BULLET = re.compile(r"([-*+])[ \t]+(\S.*)$")
# What the light drawing leaves to rich.markdown: indented or nested lines, quotes, fences, tables,
# HTML, rules and setext underlines, links and images, entities, "_" and lone "*" emphasis, numbered
# lists, and a heading that ends in "#".
_BEYOND = re.compile(
    r"^[ \t]|^(?:>|```|~~~|\||<|=+$|\d+[.)])|^[-*_](?:[ \t]*[-*_]){2,}[ \t]*$|\]\(|\]\[|!\[|<[A-Za-z/]"
    r"|&#?\w+;|(?<!\\)_|(?<![*\\])\*(?!\*)|\*\*\*|``|#[ \t]*$|\\$"
)


def rich_markdown(markdown: str) -> RenderableType:
    """The Markdown as rich draws it, every template line kept as a screen line."""
    light = _light_markdown(markdown)
    if light is not None:
        return light
    from rich.markdown import Markdown

    # A bare <https://...> link would print its address twice ("url (url)"): show it once, as text.
    document = Markdown(_AUTOLINK.sub(r"\1", markdown), hyperlinks=False)
    for token in document.parsed:
        for child in token.children or []:
            if child.type == "softbreak":
                child.type = "hardbreak"
    return document


def _light_markdown(markdown: str) -> RenderableType | None:
    """Plain Markdown drawn with rich's text alone, or None when it holds more than that."""
    lines = [line.rstrip() for line in markdown.split("\n")]
    if any(_BEYOND.search(line) for line in lines):
        return None
    blocks: list[tuple[str, list[str]]] = []  # ("h1".."h6" | "paragraph" | "bullet", lines)
    marker = ""
    blank = True
    for line in lines:
        heading, bullet = _HEADING.match(line), _BULLET.match(line)
        if not line:
            blank = True
            continue
        if heading:
            blocks.append((f"h{len(heading.group(1))}", [heading.group(2)]))
            marker = ""
        elif bullet:
            if blank and marker == bullet.group(1) and blocks[-1][0] == "bullet":
                return None  # a blank line between items: a loose list, drawn differently
            if marker and marker != bullet.group(1):
                return None  # another marker starts another list
            blocks.append(("bullet", [bullet.group(2)]))
            marker = bullet.group(1)
        elif not blank and blocks and blocks[-1][0] in ("paragraph", "bullet"):
            blocks[-1][1].append(line)  # the same paragraph or item, on the next line
        else:
            blocks.append(("paragraph", [line]))
            marker = ""
        blank = False
    texts = []
    for kind, block_lines in blocks:
        text = _inline("\n".join(block_lines))
        if text is None:
            return None
        texts.append((kind, text))
    return _LightMarkdown(texts)


def _inline(source: str) -> Text | None:
    """Bold, code spans and backslash escapes as rich styles them; None for an unpaired mark."""
    from rich.text import Text

    text = Text()
    bold = False
    plain: list[str] = []
    at = 0

    def flush() -> None:
        if plain:
            text.append("".join(plain), style="markdown.strong" if bold else None)
            plain.clear()

    while at < len(source):
        char = source[at]
        if char == "\\" and source[at + 1 : at + 2] in MARKDOWN_ESCAPABLE:  # "" is not in it
            plain.append(source[at + 1])
            at += 2
        elif char == "`":
            end = source.find("`", at + 1)
            if end < 0:
                return None
            flush()
            code = source[at + 1 : end].replace("\n", " ")
            if code.startswith(" ") and code.endswith(" ") and code.strip():
                code = code[1:-1]
            start = len(text)
            text.append(code, style="markdown.code")
            if bold:
                text.stylize("markdown.strong", start)
            at = end + 1
        elif source.startswith("**", at):
            flush()
            bold = not bold
            at += 2
        else:
            plain.append(char)
            at += 1
    flush()
    return None if bold else text


class _LightMarkdown:
    """Blocks drawn as ``rich.markdown`` draws them: a blank line between blocks, none between items."""

    def __init__(self, blocks: list[tuple[str, Text]]) -> None:
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        previous = ""
        for kind, text in self.blocks:
            if (previous or kind == "bullet") and not (previous == "bullet" and kind == "bullet"):
                yield Segment.line()  # rich.markdown starts a document that opens with a list so too
            if kind == "bullet":
                yield from _bulleted(console, options, text)
            else:  # the block's style on its words, as rich.markdown puts it: never on the padding
                drawn = text.copy()
                drawn.stylize_before("markdown.paragraph" if kind == "paragraph" else f"markdown.{kind}")
                drawn.justify = "center" if kind == "h1" else "left"
                yield drawn
            previous = kind


def _bulleted(console: Console, options: ConsoleOptions, text: Text) -> Iterator[Segment]:
    """One list item: " • " before its first line, three spaces before the others."""
    from rich.segment import Segment

    item = console.get_style("markdown.item", default="none")
    lines = console.render_lines(text, options.update(width=options.max_width - 3), style=item)
    style = console.get_style("markdown.item.bullet", default="none")
    for number, line in enumerate(lines):
        yield Segment(" • " if number == 0 else "   ", style)
        yield from line
        yield Segment("\n")


def terminal_text(markdown: str, *, width: int = 80) -> str:
    """What the terminal shows, as plain text (no colours): for saving or hashing."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(rich_markdown(markdown))
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
