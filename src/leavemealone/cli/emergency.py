"""``help-now``: the emergency numbers (normally answered before the CLI loads)."""

from __future__ import annotations

import typer


def help_now() -> None:
    """Show emergency numbers and hotlines, instantly, with nothing to unlock.

    Example: leavemealone help-now
    """
    from leavemealone.cli.help_now import print_help_now

    raise typer.Exit(print_help_now())
