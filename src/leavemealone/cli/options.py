"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

CaseOption = Annotated[
    str,
    typer.Option(
        "--case",
        help="Which situation to use; keeps separate situations apart.",
        envvar="LEAVEMEALONE_CASE",
        show_default=True,
    ),
]
NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Never ask anything; fail clearly if something is missing.")
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="Numbered prompts that never redraw, for screen readers (also ACCESSIBLE=1).",
    ),
]
FormatOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--format", "-f", help="terminal, md, txt, html or pdf (default: from --output, else terminal)."
    ),
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--output", "-o", help="Write the document to this file (created private, 0600)."),
]


def resolve_format(
    fmt: str | None,
    output: Path | None,
    *,
    formats: tuple[str, ...],
    extensions: dict[str, str],
    default: str,
) -> str:
    """The format to write: ``--format`` wins, then the output file's extension, then ``default``.

    A ``--format`` that contradicts the file's name is a usage error, and so
    is a file name that says nothing about its format.
    """
    from leavemealone.errors import UsageError

    inferred = extensions.get(output.suffix.lower()) if output is not None else None
    if fmt is not None:
        chosen = fmt.lower()
        if chosen not in formats:
            raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(formats) + ".")
        if output is not None and inferred not in (None, chosen) and not output.is_dir():
            raise UsageError(
                f"--format {fmt} does not match the file name {output.name!r}.",
                hint="Leave out --format, or end the file name to match it.",
            )
        return chosen
    if output is None:
        return default
    if inferred is None:
        known = ", ".join(sorted(extension for extension, kind in extensions.items() if kind in formats))
        raise UsageError(
            f"Cannot tell the format from the file name {output.name!r}.",
            hint=f"Add --format, or end the name with one of: {known}.",
        )
    return inferred
