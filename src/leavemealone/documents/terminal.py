"""Markdown as rich draws it in a terminal: one template line to one screen line.

``rich_markdown`` builds what a console prints (the askers and the CLI print
it); ``terminal_text`` saves the same drawing as plain text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.markdown import Markdown

_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def rich_markdown(markdown: str) -> Markdown:
    """The Markdown as rich draws it, every template line kept as a screen line."""
    from rich.markdown import Markdown

    # A bare <https://...> link would print its address twice ("url (url)"): show it once, as text.
    document = Markdown(_AUTOLINK.sub(r"\1", markdown), hyperlinks=False)
    for token in document.parsed:
        for child in token.children or []:
            if child.type == "softbreak":
                child.type = "hardbreak"
    return document


def terminal_text(markdown: str, *, width: int = 80) -> str:
    """What the terminal shows, as plain text (no colours): for saving or hashing."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(rich_markdown(markdown))
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
