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
