"""``start`` and ``status``: the guided flow for one case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from leavemealone.cli.options import CaseOption, NoInputOption, PlainOption


def start(
    case: CaseOption = "default",
    answers: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads this at run time on Python 3.10
        typer.Option("--answers", help="A YAML or JSON file of answers (id: value); only the rest is asked."),
    ] = None,
    no_input: NoInputOption = False,
    plain: PlainOption = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Forget this case's answers and start over (asks first).")
    ] = False,
) -> None:
    """Walk through the steps, one at a time; picks up where you left off.

    Example: leavemealone start
    """
    from leavemealone.ask.console import make_console
    from leavemealone.errors import Interrupted
    from leavemealone.guide import session as guide
    from leavemealone.paths import check_case_name

    check_case_name(case)
    plain = guide.plain_requested(plain)
    console = make_console(plain=plain)
    try:
        if restart and guide.confirm_restart_needed(case) and not no_input:
            _confirm_restart()
        result = guide.start(
            case, answers_file=answers, no_input=no_input, plain=plain, restart=restart, console=console
        )
    except KeyboardInterrupt:
        raise Interrupted(
            "Stopped. Everything you answered is saved.",
            hint=f"To carry on where you left off, run: {guide.resume_command(case)}",
        ) from None
    console.print()
    if result.ending == "paused":
        console.print(
            "Please get somewhere safe first. Nothing else is needed now; what you answered is kept. "
            f"When you are safe, run '{guide.resume_command(case)}' to carry on. "
            "The numbers, at any time: leavemealone help-now",
            markup=False,
        )
        return
    if result.ending == "stopped":
        console.print(
            "Good. Keep your notes and copies somewhere safe. If it starts again, run "
            f"'{guide.resume_command(case)}' and you will carry on from here.",
            markup=False,
        )
        return
    later = f" You left {len(result.later)} step(s) for later." if result.later else ""
    console.print(
        f"You have been through every step.{later} "
        "See where you are with 'leavemealone status'. In danger? Call 911.",
        markup=False,
    )


def _confirm_restart() -> None:
    from leavemealone.errors import LeaveMeAloneError

    typer.echo("This forgets every answer of this case (incidents and documents stay).")
    if not typer.confirm("Start over?", default=False):
        raise LeaveMeAloneError("Nothing was changed.")


def status(case: CaseOption = "default") -> None:
    """Show where you are and what comes next.

    Example: leavemealone status
    """
    from leavemealone.guide import session as guide
    from leavemealone.paths import check_case_name

    check_case_name(case)
    report = guide.case_status(case)
    if not report.started:
        typer.echo("Nothing saved yet. Begin with: " + guide.resume_command(case))
        return
    typer.echo(f"Case: {report.case}")
    for line in report.steps:
        typer.echo(f"  {line.number}. {line.title}: {line.status}")
    if report.stopped:
        typer.echo("You said the person has stopped. If it starts again: " + guide.resume_command(case))
    elif report.next_title:
        typer.echo(f"Next: {report.next_title.rstrip('?.!')}. Continue with: {guide.resume_command(case)}")
    else:
        typer.echo("You have been through every step.")
    typer.echo("In danger right now? Call 911 (or: leavemealone help-now).")
