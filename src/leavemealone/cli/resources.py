"""``resources``: national lines, and the protective order and court for a state and relationship."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

StateOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option("--state", help="Two-letter US state code, DC, or 'other' (any case)."),
]
RelationshipOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--relationship",
        help=(
            "How you know the person: ex_partner, partner, family, household, roommate, coworker, "
            "classmate, neighbour, acquaintance, stranger, online_only or other."
        ),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]

_ASK_FOR_BOTH = (
    "To see which protective order and court fit you, add --state and --relationship,\n"
    "for example: leavemealone resources --state NY --relationship ex_partner\n"
)


def resources(
    state: StateOption = None,
    relationship: RelationshipOption = None,
    json_output: JsonOption = False,
) -> None:
    """Hotlines, and which protective order and court fit your state and relationship.

    Example: leavemealone resources --state NY --relationship ex_partner
    """
    import json
    import sys

    from leavemealone.resources.orders import route_if_given
    from leavemealone.resources.text import resources_json, resources_markdown

    routing = route_if_given(state, relationship)
    if json_output:
        typer.echo(json.dumps(resources_json(routing), indent=2, ensure_ascii=False))
        return
    text = resources_markdown(routing)
    if sys.stdout.isatty():  # a person reads it: headings and lists drawn, not Markdown marks
        from leavemealone.ask.console import make_console, print_markdown

        print_markdown(text, make_console())
    else:
        typer.echo(text, nl=False)
    if routing is None:
        typer.echo("\n" + _ASK_FOR_BOTH, nl=False)
