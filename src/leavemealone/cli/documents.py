"""``notice``, ``letter``, ``checklist`` and ``packet``: the documents, filled in from your answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Optional

import typer

from leavemealone.cli.options import (
    CaseOption,
    ForceOption,
    FormatOption,
    NoInputOption,
    OutputOption,
    PaperOption,
)

if TYPE_CHECKING:
    from leavemealone.guide.paperwork import FieldAsker, MadeDocument, ReplaceAsker

YourNameOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option("--your-name", help="Your name as it should appear (default: your saved answer)."),
]
TheirNameOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--their-name", help="Their name as it should appear (default: your saved answer)."),
]
SaveOption = Annotated[
    bool,
    typer.Option("--save", help="Keep the names given here as your answers; without it they are used once."),
]
PrintOption = Annotated[
    bool,
    typer.Option("--print", help="Also send the PDF to your printer (lp or lpr); the file is kept too."),
]
TemplatesOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--templates",
        help="A folder of your own *.md.j2 letters that replace ours of the same name "
        "(default: the templates folder in your data folder, if there is one).",
    ),
]
RecipientOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--to", help="Who the letter is for, such as 'Ms. Lee, HR' (optional)."),
]
SinceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--since", help="When it started, in your words, such as 'March 2024' (optional)."),
]


def notice(
    final: Annotated[
        bool,
        typer.Option(
            "--final",
            help="Add a final warning that the police and a court come next "
            "(left out if you said you feel unsafe).",
        ),
    ] = False,
    channel: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--channel",
            metavar="letter|email|text",
            help="How you will send it; 'text' is one short message. Default: letter.",
        ),
    ] = None,
    reason: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--reason", help="Your reason in a sentence, if you want to give one (you need not)."),
    ] = None,
    living_together: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--living-together/--living-apart",
            help="Whether you still live with them (default: from your answers). Living together, "
            "the notice allows writing only about rent, bills, belongings or moving out.",
            show_default=False,
        ),
    ] = None,
    your_name: YourNameOption = None,
    their_name: TheirNameOption = None,
    save: SaveOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    paper: PaperOption = "letter",
    force: ForceOption = False,
    print_copy: PrintOption = False,
    no_input: NoInputOption = False,
    templates: TemplatesOption = None,
    case: CaseOption = "default",
    delivered_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--delivered-on",
            metavar="DATE",
            help="Record in your log that the notice reached them on DATE (YYYY-MM-DD); makes no document.",
        ),
    ] = None,
    via: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--via",
            metavar="CHANNEL",
            help="With --delivered-on: email, text, letter, in_person, social_media or other.",
        ),
    ] = None,
) -> None:
    """The written no-contact notice.

    Plain, firm and dated, filled in from your answers.

    Example: leavemealone notice --channel email --output notice.pdf
    """
    if delivered_on is not None or via is not None:
        _record_delivery(case, delivered_on, via, makes_document=bool(fmt or output or print_copy))
        return
    options = {"final": final, "channel": channel, "reason": reason, "living_together": living_together}
    files = _Files(fmt, output, paper, force, print_copy)
    _make("notice", options, your_name, their_name, save, files, no_input, templates, case)


def letter(
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="NAME",
            help="employer, school, support, police, court, declaration or safety-plan (see --list).",
        ),
    ] = None,
    list_them: Annotated[bool, typer.Option("--list", help="List the documents, one line each.")] = False,
    recipient: RecipientOption = None,
    since: SinceOption = None,
    k12: Annotated[
        bool,
        typer.Option("--k12", help="For the school letter: a primary or high school (to the principal)."),
    ] = False,
    your_name: YourNameOption = None,
    their_name: TheirNameOption = None,
    save: SaveOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    paper: PaperOption = "letter",
    force: ForceOption = False,
    print_copy: PrintOption = False,
    no_input: NoInputOption = False,
    templates: TemplatesOption = None,
    case: CaseOption = "default",
) -> None:
    """A letter, a briefing, a summary, a declaration or a checklist.

    A letter for your employer or school, a briefing, a police summary, a court checklist or declaration.

    Example: leavemealone letter employer --output employer.pdf
    """
    from leavemealone.errors import UsageError

    if list_them:
        _list_documents()
        return
    if name is None:
        raise UsageError("Say which letter to make.", hint="See them all with: leavemealone letter --list")
    options = {"recipient": recipient, "since": since, "k12": k12 or None}
    files = _Files(fmt, output, paper, force, print_copy)
    _make(name, options, your_name, their_name, save, files, no_input, templates, case)


def checklist(
    fmt: FormatOption = None,
    output: OutputOption = None,
    paper: PaperOption = "letter",
    force: ForceOption = False,
    print_copy: PrintOption = False,
    no_input: NoInputOption = False,
    templates: TemplatesOption = None,
    case: CaseOption = "default",
) -> None:
    """Your action checklist, with boxes to tick.

    Emergency numbers, what to do next, and every step.

    Example: leavemealone checklist --output checklist.pdf --print
    """
    files = _Files(fmt, output, paper, force, print_copy)
    _make("checklist", {}, None, None, False, files, no_input, templates, case)


def _list_documents() -> None:
    from leavemealone.documents.catalogue import list_documents
    from leavemealone.suggest import make_document

    for info in list_documents():
        typer.echo(f"{make_document(info.name):<32} {info.summary}")


class _Files(NamedTuple):
    """Where and how a document is written: format, file, paper, whether to replace, whether to print."""

    fmt: str | None
    output: Path | None
    paper: str
    force: bool
    print_copy: bool


def _make(
    name: str,
    options: dict[str, Any],
    your_name: str | None,
    their_name: str | None,
    save: bool,
    files: _Files,
    no_input: bool,
    templates: Path | None,
    case: str,
) -> None:
    """Gather the options, make the document once, and say what became of it."""
    import sys

    from leavemealone.cli.options import check_paper
    from leavemealone.guide import paperwork
    from leavemealone.paths import check_case_name

    check_case_name(case)
    request = paperwork.DocumentRequest(
        name=name,
        case=case,
        fmt=_document_format(files.fmt, files.output, print_copy=files.print_copy),
        output=files.output,
        options={**options, "your_name": your_name, "their_name": their_name},
        save=save,
        print_copy=files.print_copy,
        templates_dir=templates,
        paper=check_paper(files.paper),
        force=files.force,
    )
    interactive = not no_input and sys.stdin.isatty()
    ask = _terminal_asker() if interactive else None
    _report(paperwork.make_document(request, ask=ask, may_replace=replace_asker() if interactive else None))


def replace_asker() -> ReplaceAsker:
    """In a terminal: ask before a file that is already there is replaced (no by default)."""

    def may_replace(path: Path) -> bool:
        return typer.confirm(f"{path} is already there. Replace it?", default=False, err=True)

    return may_replace


def _document_format(fmt: str | None, output: Path | None, *, print_copy: bool) -> str:
    """The document's format from --format, --output and --print; a PDF when only printing."""
    from leavemealone.cli.options import resolve_format
    from leavemealone.documents.formats import EXTENSIONS, FORMATS
    from leavemealone.errors import UsageError

    if print_copy and fmt is None and output is None:
        return "pdf"
    chosen = resolve_format(fmt, output, formats=FORMATS, extensions=EXTENSIONS, default="terminal")
    if print_copy and chosen != "pdf":
        raise UsageError(
            f"--print sends a PDF to the printer, so it cannot be used with the {chosen} format.",
            hint="Leave out --format, or use --format pdf with an --output name ending in .pdf.",
        )
    return chosen


def _terminal_asker() -> FieldAsker:
    from leavemealone.ask.terminal import ask_line
    from leavemealone.guide.session import plain_requested

    plain = plain_requested(False)

    def ask(key: str, prompt: str) -> str | None:
        return ask_line(prompt, plain=plain)

    return ask


def _report(made: MadeDocument) -> None:
    """Show the document, or say where it was saved; notes go to stderr so output can be piped."""
    import sys

    from leavemealone.errors import LeaveMeAloneError
    from leavemealone.guide.paperwork import FIELD_WORDS, document_phrase

    document = made.document
    phrase = document_phrase(document.title)
    if made.path is None and document.fmt == "terminal":
        from leavemealone.ask.console import make_console, show_document

        show_document(document, make_console())
        typer.echo(f"To keep a copy, add --output FILE, for example: --output {document.name}.pdf", err=True)
    elif made.path is None:
        typer.echo(document.content.decode("utf-8"), nl=False)
    else:
        kind = "plain text" if document.fmt == "terminal" else document.fmt.upper()
        typer.echo(f"Saved {phrase} to {made.path} ({kind}; only you can open it).")
    if document.advice and not (made.path is None and document.fmt == "terminal"):
        # Advice is for the user's eyes: on the screen (stderr), never in the file or the pipe.
        from leavemealone.ask.console import make_console, show_advice

        show_advice(document, make_console(file=sys.stderr))
    for warning in document.warnings:
        typer.echo(f"Note: {warning}", err=True)
    if made.saved_answers:
        saved = " and ".join(FIELD_WORDS.get(key, key) for key in made.saved_answers)
        typer.echo(f"Saved {saved} as your answers, for next time.", err=True)
    elif made.asked:
        typer.echo("What you typed was used for this document only; add --save to keep it.", err=True)
    if made.printed_with:
        typer.echo(f"Sent it to your printer (with {made.printed_with}).")
    if made.print_problem:
        raise LeaveMeAloneError(
            made.print_problem,
            hint=f"It is saved at {made.path}; you can open it and print it from there.",
        )


def _check_delivery(delivered_on: str, via: str) -> None:
    """Check --delivered-on and --via as given, naming the option, before the case is opened."""
    from leavemealone.errors import UsageError
    from leavemealone.log.model import NOTICE_VIA, parse_when

    parse_when(delivered_on, option="--delivered-on")
    if via.strip().lower() not in NOTICE_VIA:
        raise UsageError(
            f"--via {via!r} is not a known way of delivery.", hint=f"Use one of: {', '.join(NOTICE_VIA)}."
        )


def _record_delivery(case: str, delivered_on: str | None, via: str | None, *, makes_document: bool) -> None:
    from leavemealone.errors import UsageError
    from leavemealone.guide import paperwork
    from leavemealone.paths import check_case_name

    example = "For example: leavemealone notice --delivered-on 2024-05-02 --via letter"
    if delivered_on is None or via is None:
        raise UsageError("--delivered-on and --via go together.", hint=example)
    if makes_document:
        raise UsageError(
            "--delivered-on only records the delivery; it makes no document.",
            hint="Make the notice with a separate 'leavemealone notice' command.",
        )
    check_case_name(case)
    _check_delivery(delivered_on, via)
    delivery = paperwork.record_delivery(case, delivered_on=delivered_on, via=via)
    typer.echo(
        f"Recorded in your log (entry {delivery.seq}): the notice reached them on {delivery.when}, "
        f"{delivery.via_words}."
    )
    typer.echo("Anything that happens after this is marked 'after notice' in your log and its exports.")
