"""``packet``: everything for a hearing in one folder or .zip, with a SHA256SUMS manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from leavemealone.cli.documents import TheirNameOption, YourNameOption
from leavemealone.cli.options import CaseOption, ForceOption, NoInputOption, PaperOption


def packet(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="A new folder to fill, or a name ending in .zip (default: hearing-packet-DATE here).",
        ),
    ] = None,
    your_name: YourNameOption = None,
    their_name: TheirNameOption = None,
    paper: PaperOption = "letter",
    force: ForceOption = False,
    no_input: NoInputOption = False,
    case: CaseOption = "default",
) -> None:
    """Everything for a hearing, in one folder.

    The declaration, the timeline, the exhibits and SHA256SUMS.

    Example: leavemealone packet --output hearing
    """
    import sys

    from leavemealone.cli.documents import _terminal_asker, replace_asker
    from leavemealone.cli.options import check_paper
    from leavemealone.guide.packet import PacketRequest, default_packet_path, make_packet
    from leavemealone.paths import check_case_name

    check_case_name(case)
    request = PacketRequest(
        case=case,
        output=output if output is not None else default_packet_path(),
        paper=check_paper(paper),
        force=force,
        options={"your_name": your_name, "their_name": their_name},
    )
    interactive = not no_input and sys.stdin.isatty()
    made = make_packet(
        request,
        ask=_terminal_asker() if interactive else None,
        may_replace=replace_asker() if interactive else None,
    )
    typer.echo(f"Made the hearing packet in {made.path} ({len(made.files)} files; only you can open them):")
    for name in made.files:
        typer.echo(f"  {name}")
    typer.echo("To check that no file has changed, see HOW-TO-CHECK.txt inside it.")
    if made.advice:
        from leavemealone.ask.console import make_console, print_markdown

        console = make_console(file=sys.stderr)
        console.rule()
        print_markdown(made.advice, console)
    for warning in made.warnings:
        typer.echo(f"Note: {warning}", err=True)
