"""Plain Markdown is drawn without rich.markdown, as rich.markdown draws it; the rest goes to it."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys

import pytest
from rich.console import Console

from leavemealone.documents import terminal
from leavemealone.documents.catalogue import CATALOGUE
from tests.documents.test_documents import SITUATIONS, make


def drawn(
    markdown: str, width: int, *, light: bool, monkeypatch: pytest.MonkeyPatch, colour: bool = False
) -> str:
    shown = io.StringIO()
    with monkeypatch.context() as patch:
        if not light:
            patch.setattr(terminal, "_light_markdown", lambda markdown: None)
        console = Console(
            file=shown, width=width, color_system="truecolor" if colour else None, force_terminal=colour
        )
        console.print(terminal.rich_markdown(markdown))
    return shown.getvalue()


def advice_of_every_document() -> list[str]:
    advice = set()
    for name in CATALOGUE:
        for situation in SITUATIONS:
            try:
                document = make(name, situation)
            except Exception:  # noqa: BLE001 - a paper this situation cannot make (no log, say)
                continue
            advice.add(document.safe_advice or document.advice)
    return sorted(text for text in advice if text)


def test_every_documents_advice_is_drawn_light_and_the_same_as_rich_draws_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = advice_of_every_document()
    assert len(texts) >= 4
    for text in texts:
        assert terminal._light_markdown(text) is not None, text[:80]
        for width, colour in ((80, False), (41, True)):
            light = drawn(text, width, light=True, monkeypatch=monkeypatch, colour=colour)
            assert light == drawn(text, width, light=False, monkeypatch=monkeypatch, colour=colour)


SAMPLES = [
    "## Next\n\nCall **911** now.\nThen run `leavemealone help-now`.",
    "# Title\n\n- one **bold** item that runs past the edge of a narrow screen\n- two\nstill two\n\nAfter.",
    "Zoë Núñez\\-O\\'Brien \\*not bold\\* \\\\ and \\_ and 5 \\< 6",
    "**Bold with `code` inside** and plain",
    "+ plus list\n+ second",
    "Text\n- a list that interrupts the paragraph",
]


@pytest.mark.parametrize("markdown", SAMPLES)
def test_plain_markdown_is_drawn_as_rich_draws_it(markdown: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert terminal._light_markdown(markdown) is not None
    for width in (80, 30):
        assert drawn(markdown, width, light=True, monkeypatch=monkeypatch) == drawn(
            markdown, width, light=False, monkeypatch=monkeypatch
        )


@pytest.mark.parametrize("markdown", [*SAMPLES, "# Title **b**\n\n## Next\n\nText.\n\n- item"])
def test_in_colour_a_heading_is_underlined_under_its_words_only_as_rich_draws_it(
    markdown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    light = drawn(markdown, 40, light=True, monkeypatch=monkeypatch, colour=True)
    assert light == drawn(markdown, 40, light=False, monkeypatch=monkeypatch, colour=True)


def test_plain_markdown_drawn_twice_is_drawn_the_same() -> None:
    shown = io.StringIO()
    console = Console(file=shown, width=40, color_system="truecolor", force_terminal=True)
    document = terminal.rich_markdown("## Next\n\nCall **911**.")
    console.print(document)
    first = shown.getvalue()
    console.print(document)
    assert shown.getvalue() == first * 2


PIECES = {
    "heading": "## Head **b**",
    "paragraph": "Para line one\nline `two` here",
    "list": "- item **x** with words that go on and on\n- item two",
    "short": "Short para.",
}


def test_every_order_of_headings_paragraphs_and_lists_is_spaced_as_rich_spaces_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared = 0
    for count in (1, 2, 3):
        for kinds in itertools.product(PIECES, repeat=count):
            for between in ("\n\n", "\n"):  # apart, or each straight after the one before
                markdown = between.join(PIECES[kind] for kind in kinds)
                if terminal._light_markdown(markdown) is None:
                    continue
                light = drawn(markdown, 33, light=True, monkeypatch=monkeypatch)
                assert light == drawn(markdown, 33, light=False, monkeypatch=monkeypatch), markdown
                compared += 1
    assert compared > 100  # nearly every order is drawn light


@pytest.mark.parametrize(
    "markdown",
    [
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> quoted",
        "See [the page](https://example.org).",
        "Sign: ______________",
        "*emphasis*",
        "- one\n\n- two (a loose list)",
        "- one\n+ two",
        "1. first\n2. second",
        "**unclosed bold",
        "`unclosed code",
        "```\ncode\n```",
        "    indented code",
        "- top\n  - nested",
        "Fish &amp; chips",
        "<b>html</b>",
        "---",
    ],
)
def test_markdown_beyond_the_plain_kind_is_left_to_rich(
    markdown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert terminal._light_markdown(markdown) is None
    assert drawn(markdown, 80, light=True, monkeypatch=monkeypatch).strip()  # rich draws it


def test_showing_advice_loads_no_markdown_parser() -> None:
    script = (
        "import sys\n"
        "from rich.console import Console\n"
        "from leavemealone.documents.terminal import rich_markdown\n"
        "Console(color_system=None).print(rich_markdown('## How\\n\\n- Send it **by mail**.'))\n"
        "loaded = ('rich.markdown', 'markdown_it', 'pygments')\n"
        "print(sorted(name for name in loaded if name in sys.modules))\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.rstrip().endswith("[]") and "• Send it by mail." in shown.stdout
