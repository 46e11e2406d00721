"""Reading an HTML page in tests: its visible text and the tags it uses."""

from __future__ import annotations

from html.parser import HTMLParser


class TextAndTags(HTMLParser):
    """Collects the visible text and every tag name of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def html_parts(page: str) -> TextAndTags:
    parsed = TextAndTags()
    parsed.feed(page)
    return parsed
