"""``log add|list|show|amend|import|export|verify|receipt``: the incident and evidence log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from leavemealone.cli import verifying
from leavemealone.cli.options import CaseOption, ForceOption, NoInputOption, OutputOption, PaperOption

if TYPE_CHECKING:
    from leavemealone.log.model import Entry
    from leavemealone.store.case_store import CaseStore

app = typer.Typer(
    help="Your incident and evidence log.\n\nAdd, list, show, amend, import, export, verify, receipt.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

WhenOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time on Python 3.10
    typer.Option(
        "--when",
        metavar="WHEN",
        help='When it happened: "11/29/2026 10:30 pm", "yesterday 9pm", "2026-11-29 22:30", or just the day '
        "(default: now). Dates are month/day/year; nothing else is guessed.",
    ),
]
WhatOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--what", metavar="TEXT", help="What happened, in your own words. '-' reads it from stdin."),
]
WhereOption = Annotated[Optional[str], typer.Option("--where", metavar="PLACE", help="Where it happened.")]  # noqa: UP045
ChannelOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--channel",
        metavar="CHANNEL",
        help=(
            "How it reached you; repeat for more than one: in_person, phone, text, email, social_media, "
            "mail, third_parties, at_home, at_work, at_school, gifts, following."
        ),
    ),
]
WitnessOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--witness", metavar="NAME", help="Someone who saw or heard it, and how to reach them (repeatable)."
    ),
]
PoliceReportOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--police-report", metavar="NUMBER", help="The police report number, if there is one."),
]
OfficerOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--officer", metavar="NAME", help="The officer's name and badge number."),
]
EvidenceOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(
        "--evidence",
        metavar="FILE",
        help="A file to keep a sealed copy of (repeatable). The original is never changed.",
    ),
]
SinceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--since", metavar="DAY", help="Only from this day on (11/29/2026, 2026-11-29, yesterday)."
    ),
]
UntilOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--until", metavar="DAY", help="Only up to and including this day (11/29/2026, 2026-11-29, today)."
    ),
]
EntryArgument = Annotated[int, typer.Argument(help="The entry number, as shown by 'log list'.", min=1)]
HISTORY_WARNING = (
    "Anything typed as an option (--what, --where, --witness, ...) stays in your shell's history, "
    "where someone using this computer could read it. Leave --what out to be asked instead, "
    "or give --what - and type or pipe the text in."
)


def _read_what(what: str | None) -> str | None:
    if what != "-":
        return what
    import sys

    from leavemealone.inputs import MEGABYTE, read_stream

    return read_stream(sys.stdin.buffer, limit=MEGABYTE, what="The text on standard input")


@app.command("add", epilog=HISTORY_WARNING, context_settings={"allow_extra_args": True})
def add(
    context: typer.Context,
    when: WhenOption = None,
    what: WhatOption = None,
    where: WhereOption = None,
    channel: ChannelOption = None,
    witness: WitnessOption = None,
    police_report: PoliceReportOption = None,
    officer: OfficerOption = None,
    evidence: EvidenceOption = None,
    no_input: NoInputOption = False,
    case: CaseOption = "default",
) -> None:
    """Record an incident.

    In a terminal, it asks for whatever you leave out.

    Example: leavemealone log add --channel text --evidence screenshot.png
    """
    import sys

    from leavemealone.cli.mistyped import refuse_log_add_words
    from leavemealone.cli.output import say
    from leavemealone.errors import UsageError
    from leavemealone.log.entries import add_incident
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    refuse_log_add_words(context.args, what_given=what is not None)
    check_case_name(case)
    fields: dict[str, Any] = {
        "when": when,
        "what": _read_what(what),
        "where": where,
        "channels": channel or [],
        "witnesses": witness or [],
        "police_report": police_report,
        "officer": officer,
        "evidence": evidence or [],
    }
    _check_options(when=when, channels=channel, evidence=evidence)
    ask = not str(fields["what"] or "").strip()
    if ask and (no_input or not sys.stdin.isatty()):
        raise UsageError(
            "Say what happened with --what; nothing was saved.",
            hint="Use --what - to type or pipe it in (it then stays out of your shell's history), "
            "or run 'leavemealone log add' in a terminal to be asked.",
        )
    with open_case(case) as store:
        entry = _ask_the_rest(store, fields) if ask else add_incident(store, **fields)
    if entry is None:
        say("Nothing was added; what you had typed before is thrown away.")
        return
    say(f"Saved as entry {entry.seq} ({entry.record['when']}).")
    for item in entry.evidence:
        say(f"Kept a copy of {item.name} (SHA-256 {item.sha256[:16]}...); the original is untouched.")
    say(f"To correct it later: leavemealone log amend {entry.seq} --help")


def _check_options(
    *, when: str | None = None, channels: list[str] | None = None, evidence: list[Path] | None = None
) -> None:
    """Check the incident options as given, naming each option, before anything is opened or asked."""
    from leavemealone.log.entries import check_evidence_file
    from leavemealone.log.fields import CHANNELS_FIELD, EVIDENCE, WHEN
    from leavemealone.log.model import check_channels, parse_when

    if when is not None:
        parse_when(when, option=WHEN.option)
    check_channels(channels or [], option=CHANNELS_FIELD.option)
    for path in evidence or []:
        check_evidence_file(Path(path).expanduser(), option=EVIDENCE.option)


def _check_days(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``--since`` and ``--until`` as days, or a usage error naming the option."""
    from leavemealone.log.model import parse_when

    return (
        parse_when(since, option="--since", future_ok=True) if since else None,
        parse_when(until, option="--until", future_ok=True) if until else None,
    )


def _ask_the_rest(store: CaseStore, given: dict[str, Any]) -> Entry | None:
    """Ask in the terminal for what the options left out, and add it (None: a draft thrown away).

    Ctrl-C adds nothing and says so; what was typed is kept as a sealed draft for next time.
    """
    from leavemealone import suggest
    from leavemealone.ask.console import make_console
    from leavemealone.errors import Interrupted
    from leavemealone.guide.incidents import IncidentStopped, add_asked_incident
    from leavemealone.guide.session import choose_asker, plain_requested

    _check_options(when=given.get("when"), channels=given.get("channels"), evidence=given.get("evidence"))
    plain = plain_requested(False)
    asker = choose_asker(make_console(plain=plain), no_input=False, plain=plain)
    try:
        return add_asked_incident(store, asker, given)
    except IncidentStopped as stopped:
        later = (
            f"What you typed is kept with your case, where only you can read it; {suggest.LOG_ADD} "
            "offers it again."
            if stopped.kept
            else f"To add it later: {suggest.LOG_ADD}"
        )
        raise Interrupted("Stopped. Nothing was added to your log.", hint=later) from None


@app.command("list")
def list_command(
    since: SinceOption = None,
    until: UntilOption = None,
    channel: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--channel", metavar="CHANNEL", help="Only incidents that came this way (for example: text)."
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Every incident, not only the newest 50.")
    ] = False,
    case: CaseOption = "default",
) -> None:
    """List incidents, newest first.

    Those after the no-contact notice are marked.

    Shows the newest 50, and says how many more there are; --all shows every
    one, and --since or --until all of that range.

    Example: leavemealone log list --since 2024-05-01 --channel text
    """
    from leavemealone.cli.output import say
    from leavemealone.log.text import listing_notes, table_rows
    from leavemealone.log.timeline import list_log
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    since, until = _check_days(since, until)
    _check_options(channels=[channel] if channel else [])
    with open_case(case, existing=True) as store:
        listing = list_log(store, since=since, until=until, channel=channel, everything=show_all)
        for row in table_rows(listing):  # the table as it is; the sentences after it wrap between words
            typer.echo(row)
        if listing.shown:
            typer.echo("")
        for note in listing_notes(listing):
            say(note)


@app.command("show")
def show(entry: EntryArgument, case: CaseOption = "default") -> None:
    """Show one entry in full.

    With its evidence files, corrections and hashes.

    Example: leavemealone log show 12
    """
    from leavemealone.log.text import entry_page
    from leavemealone.log.timeline import show_entry
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    with open_case(case, existing=True) as store:
        detail = show_entry(store, entry)
    typer.echo(entry_page(detail), nl=False)


@app.command("amend", epilog=HISTORY_WARNING)
def amend(
    entry: EntryArgument,
    note: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--note", metavar="TEXT", help="Why you are correcting it (optional)."),
    ] = None,
    when: WhenOption = None,
    what: WhatOption = None,
    where: WhereOption = None,
    channel: ChannelOption = None,
    witness: WitnessOption = None,
    police_report: PoliceReportOption = None,
    officer: OfficerOption = None,
    evidence: EvidenceOption = None,
    case: CaseOption = "default",
) -> None:
    """Correct an entry; the original stays as it was.

    It saves a new entry that points at the one corrected.

    A field you give replaces the recorded one wherever the entry is shown;
    evidence files are added to those already kept.

    Example: leavemealone log amend 12 --where "outside my work" --note "I mixed up the place"
    """
    from leavemealone.log.entries import amend_entry
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    _check_options(when=when, channels=channel, evidence=evidence)
    with open_case(case, existing=True) as store:
        correction = amend_entry(
            store,
            entry,
            note=note,
            what=_read_what(what),
            when=when,
            where=where,
            channels=channel,
            witnesses=witness,
            police_report=police_report,
            officer=officer,
            evidence=evidence or [],
        )
    typer.echo(f"Saved the correction as entry {correction.seq}. Entry {entry} itself is unchanged.")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A CSV file (or YAML or JSON: a list of incidents).")],
    case: CaseOption = "default",
) -> None:
    """Add many incidents from a file, all or none.

    Every row is checked first, then all are added or none.

    CSV columns: when,what,where,channel,witnesses,police_report (officer too);
    several witnesses or channels are separated by ';'.

    Example: leavemealone log import incidents.csv
    """
    from leavemealone.log.importing import import_incidents
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    with open_case(case) as store:
        appended = import_incidents(store, file)
    first, last = appended.first, appended.last
    span = f"entry {first}" if first == last else f"entries {first} to {last}"
    typer.echo(f"Imported {appended.count} incident{'s' if appended.count != 1 else ''} as {span}.")


@app.command("export")
def export(
    fmt: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, txt, html, pdf, csv or json (default: from --output, else txt).",
        ),
    ] = None,
    output: OutputOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    paper: PaperOption = "letter",
    force: ForceOption = False,
    case: CaseOption = "default",
) -> None:
    """Make the timeline for the police or a court.

    A summary, every incident, exhibits and hashes.

    Example: leavemealone log export --output incident-log.pdf
    """
    import sys

    from leavemealone.cli.options import check_paper, resolve_format
    from leavemealone.errors import UsageError
    from leavemealone.log.export import EXTENSIONS, FORMATS, save_export, write_export
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    chosen = resolve_format(fmt, output, formats=FORMATS, extensions=EXTENSIONS, default="txt")
    if output is None and chosen in ("pdf", "html"):
        raise UsageError(
            f"A {chosen.upper()} export needs a file to go into.",
            hint=f"Add --output, for example: --output incident-log.{chosen}",
        )
    since, until = _check_days(since, until)
    paper = check_paper(paper)
    if output is not None and output.exists():  # asked before the log is read: a long one takes a while
        from leavemealone.cli.documents import replace_asker
        from leavemealone.guide.paperwork import refuse_to_replace

        refuse_to_replace(output, force=force, may_replace=replace_asker() if sys.stdin.isatty() else None)
    with open_case(case, existing=True) as store:
        if output is None:
            sys.stdout.flush()
            result = write_export(store, sys.stdout.buffer, fmt=chosen, since=since, until=until, paper=paper)
            sys.stdout.buffer.flush()
        else:
            result = save_export(store, output, fmt=chosen, since=since, until=until, paper=paper)
    for warning in result.warnings:
        typer.echo(warning, err=True)
    if output is None:
        return
    entries = f"{result.entries} entr{'y' if result.entries == 1 else 'ies'}"
    typer.echo(f"Wrote {output} ({entries}; only you can read it).")
    if result.head:
        typer.echo(f"Chain head: {result.head}")


app.command("verify")(verifying.verify)
app.command("receipt")(verifying.receipt)
