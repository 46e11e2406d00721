"""``help-now``: the emergency numbers (normally answered before the CLI loads)."""

from __future__ import annotations

from typing import Annotated

import typer


def help_now(
    every_line: Annotated[
        bool, typer.Option("--all", help="Every line in full: chat, websites, TTY and hours.")
    ] = False,
) -> None:
    """Emergency numbers and hotlines, at once.

    Nothing to unlock.

    911, the Domestic Violence Hotline and 988 come first, and it all fits
    one small terminal screen.

    Example: leavemealone help-now
    """
    from leavemealone.cli.help_now import print_help_now

    raise typer.Exit(print_help_now(every_line=every_line))
