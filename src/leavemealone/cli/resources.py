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
PartnerTieOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--partner-tie",
        metavar="TIE",
        help="For a partner or ex-partner: married, lived_together, child_together or dated (repeatable).",
    ),
]
FamilyTieOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--family-tie",
        metavar="TIE",
        help=(
            "For a relative: parent_or_child, sibling, grandparent_or_grandchild, in_law, "
            "aunt_uncle_niece_nephew, cousin or other_relative."
        ),
    ),
]
LivedTogetherOption = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--lived-together/--never-lived-together",
        help="For a relative or someone else: whether you live or lived together.",
        show_default=False,
    ),
]
ConductOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--conduct",
        metavar="WHAT",
        help=(
            "What they do: stalking, threats, physical_harm, sexual_violence, repeated_harassment or "
            "property_damage (repeatable). Some orders need a particular kind."
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
    partner_tie: PartnerTieOption = None,
    family_tie: FamilyTieOption = None,
    lived_together: LivedTogetherOption = None,
    conduct: ConductOption = None,
    json_output: JsonOption = False,
) -> None:
    """Hotlines, and the protective orders that fit you.

    It says which protective orders and courts fit your state and relationship, best first.

    Some orders depend on more than the relationship (whether you lived
    together, what the person does); give those with the options below, or
    each order says what it depends on.

    Example: leavemealone resources --state CA --relationship roommate --conduct threats
    """
    import json
    import sys

    from leavemealone.resources.routing import route_if_given
    from leavemealone.resources.text import resources_json, resources_markdown

    answers = _routing_answers(partner_tie, family_tie, lived_together, conduct)
    routing = route_if_given(state, relationship, answers)
    if json_output:
        typer.echo(json.dumps(resources_json(routing), indent=2, ensure_ascii=False))
        return
    text = resources_markdown(routing)
    if routing is None and state is not None and relationship is None:
        text += _state_orders_markdown(state)
    if sys.stdout.isatty():  # a person reads it: headings and lists drawn, not Markdown marks
        from leavemealone.ask.console import make_console, print_markdown

        print_markdown(text, make_console())
    else:
        typer.echo(text, nl=False)
    if routing is None:
        typer.echo("\n" + _ASK_FOR_BOTH, nl=False)


def _state_orders_markdown(state: str) -> str:
    """Every order a state has, for ``--state`` alone: which fits depends on the relationship."""
    from leavemealone.resources.orders import OTHER_STATE, bundled_states, check_state
    from leavemealone.resources.text import order_markdown, source_text

    code = check_state(state)
    if code == OTHER_STATE:
        return ""
    facts = bundled_states()[code]
    parts = [
        f"## Protective orders in {facts.name}",
        "Which of these fits depends on how you know the person; --relationship ranks them for you.",
        *(order_markdown(order) for order in facts.orders),
    ]
    program = facts.address_confidentiality
    if program is not None:
        sources = "; ".join(source_text(source) for source in program.sources)
        parts.append(f"### Keeping your address private\n\n{program.text}. Source: {sources}")
    return "\n" + "\n\n".join(parts) + "\n"


def _routing_answers(
    partner_tie: list[str] | None,
    family_tie: str | None,
    lived_together: bool | None,
    conduct: list[str] | None,
) -> dict[str, object]:
    """The routing options as answers, each value checked and the option named when it is wrong."""
    from leavemealone.errors import UsageError
    from leavemealone.resources.orders import CONDITIONS

    given = {
        "partner_tie": partner_tie or [],
        "family_tie": [family_tie] if family_tie else [],
        "conduct": conduct or [],
    }
    answers: dict[str, object] = {}
    for key, values in given.items():
        cleaned = [value.strip().lower() for value in values]
        wrong = [value for value in cleaned if value not in CONDITIONS[key]]
        if wrong:
            allowed = ", ".join(map(str, CONDITIONS[key]))
            option = "--" + key.replace("_", "-")
            raise UsageError(f"{option} {wrong[0]!r} is not one of: {allowed}.")
        if cleaned:
            answers[key] = cleaned[0] if key == "family_tie" else cleaned
    if lived_together is not None:
        answers["lived_together"] = lived_together
    return answers
