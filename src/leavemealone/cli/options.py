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
        "--format", "-f", help="terminal, md, txt, html, pdf or docx (default: from --output, else terminal)."
    ),
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--output", "-o", help="Write the document to this file (created private, 0600)."),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace a file that is already there (in a terminal, you are asked).")
]
PaperOption = Annotated[
    str, typer.Option("--paper", metavar="letter|a4", help="Paper size for PDF and docx.", show_default=True)
]
# Extensions that name a kind of file some command knows (or that is plainly not text): a --format that
# contradicts one of them is refused, whatever the command, so a .docx never holds plain text.
KNOWN_EXTENSIONS = {".csv": "csv", ".json": "json", ".zip": "zip", ".doc": "doc", ".odt": "odt",
                    ".rtf": "rtf", ".xlsx": "xlsx", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}  # fmt: skip


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

    suffix = output.suffix.lower() if output is not None else ""
    inferred = {**KNOWN_EXTENSIONS, **extensions}.get(suffix)
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
    known = ", ".join(sorted(extension for extension, kind in extensions.items() if kind in formats))
    if inferred is None:
        raise UsageError(
            f"Cannot tell the format from the file name {output.name!r}.",
            hint=f"Add --format, or end the name with one of: {known}.",
        )
    if inferred not in formats:
        raise UsageError(
            f"This command cannot write a {inferred} file such as {output.name!r}.",
            hint=f"End the name with one of: {known}.",
        )
    return inferred


def check_paper(paper: str) -> str:
    """``letter`` or ``a4``, whatever the case it was typed in; anything else is a usage error."""
    from leavemealone.errors import UsageError

    chosen = paper.strip().lower()
    if chosen not in ("letter", "a4"):
        raise UsageError(f"--paper {paper} is not a paper size.", hint="Use --paper letter or --paper a4.")
    return chosen
