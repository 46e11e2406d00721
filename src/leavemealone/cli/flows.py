"""``flows list|show|validate``: the flow files behind ``start``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="List, show or validate flow files (the steps behind 'start').",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FlowArgument = Annotated[
    Optional[str],  # noqa: UP045 - typer reads this at run time on Python 3.10
    typer.Argument(help="A flow file, or the id of a shipped flow (default: escalation)."),
]


@app.command("list")
def list_command() -> None:
    """List the flows that ship with the tool.

    Example: leavemealone flows list
    """
    from leavemealone.flow.catalogue import list_flows

    for summary in list_flows():
        typer.echo(f"{summary.id}: {summary.title} ({summary.steps} steps) - {summary.path}")


@app.command("show")
def show_command(flow: FlowArgument = None) -> None:
    """Show a flow's steps, questions and conditions.

    Each question with its answer id.

    Example: leavemealone flows show escalation
    """
    from leavemealone.flow.catalogue import describe_flow, resolve_flow
    from leavemealone.flow.reader import load_flow

    typer.echo(describe_flow(load_flow(resolve_flow(flow))))


@app.command("validate")
def validate_command(flow: FlowArgument = None) -> None:
    """Check a flow file and list every problem.

    Each problem as path:line: what is wrong.

    Example: leavemealone flows validate flows/escalation.yaml
    """
    from leavemealone.flow.catalogue import resolve_flow
    from leavemealone.flow.reader import load_flow

    loaded = load_flow(resolve_flow(flow))
    typer.echo(f"{loaded.path}: OK ({len(loaded.steps)} steps, {len(loaded.questions())} questions)")
