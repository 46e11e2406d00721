"""The screen everything is drawn on, and what every asker shares.

A console that honours NO_COLOR and plain mode; step headings, guidance,
checklists and documents drawn on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from leavemealone.documents.build import RenderedDocument
    from leavemealone.flow.model import ChecklistItem, Guidance, Step

# Under every step heading, so the number never scrolls out of reach for long.
DANGER_LINE = "In danger? Call 911. All the numbers: leavemealone help-now"


def make_console(*, file: TextIO | None = None, plain: bool = False) -> Console:
    """A console that honours NO_COLOR and, in plain mode, never redraws or styles."""
    from rich.console import Console

    if plain:
        return Console(file=file, no_color=True, highlight=False, emoji=False, force_terminal=False)
    return Console(file=file, highlight=False, emoji=False)


def print_markdown(markdown: str, console: Console) -> None:
    """Draw Markdown on the console, one template line to one screen line."""
    from leavemealone.documents.terminal import rich_markdown

    console.print(rich_markdown(markdown))


def show_document(document: RenderedDocument, console: Console) -> None:
    """Print a document on a console (the ``terminal`` format), then its advice, if any."""
    print_markdown(document.safe_markdown or document.markdown, console)
    show_advice(document, console)


def show_advice(document: RenderedDocument, console: Console) -> None:
    """Print the part of a document meant for the user alone (never saved with it)."""
    if document.advice:
        console.rule()
        print_markdown(document.safe_advice or document.advice, console)


class ConsoleAsker:
    """What the terminal askers share: headings, guidance and checklists printed with rich.

    Everything goes through ``show``, so an asker that pages long text (the
    terminal's) sees every row it draws.
    """

    # The keys that work at every prompt, said once under each step heading.
    keys_hint = ""

    def __init__(self, console: Console) -> None:
        self.console = console

    def show(self, *renderables: object, **options: Any) -> None:
        """Print on the console (``console.print``'s arguments)."""
        self.console.print(*renderables, **options)

    def show_step(self, step: Step, number: int, total: int) -> None:
        from rich.rule import Rule

        self.show()
        self.show(Rule(f"Step {number} of {total}: {step.title}", style="bold", align="left"))
        self.show(DANGER_LINE, style="bold", markup=False)
        if self.keys_hint:
            self.show(self.keys_hint, style="dim", markup=False)
        if step.summary:
            self.show(step.summary, style="italic", markup=False)

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        from rich.console import Group
        from rich.markdown import Markdown

        # One piece, so a pager keeps the words and the facts they lead into ("...know what helps:").
        self.show(Group(Markdown(guidance.text), *([Markdown(facts)] if facts else [])))

    def show_checklist(self, checklist: list[ChecklistItem]) -> None:
        import textwrap

        from rich.console import Group
        from rich.text import Text

        if checklist:
            width = max(self.console.width - 1, 30)
            wrap = textwrap.TextWrapper(width, initial_indent="  [ ] ", subsequent_indent="      ")
            rows = [row for item in checklist for row in wrap.wrap(item.text)]
            self.show(Group(Text("\nFor your checklist:", style="bold"), Text("\n".join(rows))))

    def say(self, message: str) -> None:
        from leavemealone.wrapping import wrap_words

        # Wrapped here rather than by rich, which may split a command line between its words.
        self.show(wrap_words(message, max(self.console.width - 1, 20)), markup=False, soft_wrap=True)
