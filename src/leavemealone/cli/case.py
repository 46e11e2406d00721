"""``start`` and ``status``: the guided flow for one case."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from leavemealone import suggest
from leavemealone.cli.options import CaseOption, NoInputOption, PlainOption

if TYPE_CHECKING:
    from leavemealone.guide.ending import Ending


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
    """Walk through the steps; picks up where you left off.

    One step at a time, with the documents each step needs.

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
        # One row: the numbers just shown must stay on the screen above it.
        console.print(
            f"Nothing else is needed now. When you are safe: {guide.resume_command(case)}",
            markup=False,
        )
        return
    if result.ending == "stopped":
        from leavemealone.wrapping import wrap_words

        stopped = (
            "Good. Keep your notes and copies somewhere safe. If it starts again, run "
            f"'{guide.resume_command(case)}' and you will carry on from here."
        )
        console.print(wrap_words(stopped, console.width - 1), markup=False, soft_wrap=True)
    if result.summary is not None:
        lines = summary_lines(result.summary, width=console.width, with_next=result.ending == "finished")
        for line in lines:  # wrapped already; a long path is left whole for the terminal to wrap
            console.print(line, markup=False, highlight=False, soft_wrap=True)


def _confirm_restart() -> None:
    from leavemealone.errors import LeaveMeAloneError

    typer.echo("This forgets every answer of this case (incidents and documents stay).")
    if not typer.confirm("Start over?", default=False):
        raise LeaveMeAloneError("Nothing was changed.")


def status(case: CaseOption = "default") -> None:
    """Show where you are and what comes next.

    Example: leavemealone status
    """
    from leavemealone.cli.output import say
    from leavemealone.guide import session as guide
    from leavemealone.paths import check_case_name

    check_case_name(case)
    report = guide.case_status(case)
    if not report.started:
        say("Nothing saved yet. Begin with: " + guide.resume_command(case))
        return
    typer.echo(f"Case: {report.case}")
    for line in report.steps:
        typer.echo(f"  {line.number}. {line.title}: {line.status}")
    if report.stopped:
        say("You said the person has stopped. If it starts again: " + guide.resume_command(case))
    elif report.next_title:
        # Two lines: a step's title may be a question ("Are you safe right now?"), not a sentence.
        say(f'Next step: "{report.next_title}"')
        say(f"To carry on: {guide.resume_command(case)}")
    if report.summary is not None:
        import shutil

        width = shutil.get_terminal_size().columns
        lines = summary_lines(report.summary, width=width, with_next=not report.next_title)
        typer.echo("\n".join(lines))


def summary_lines(summary: Ending, *, width: int, with_next: bool = True) -> list[str]:
    """The end of a walk in a few short lines, wrapped between words at ``width``.

    What is done or left, what was saved and where, the one next thing,
    the checklist command and the emergency number, in that order. A
    command line is never split across rows.
    """
    from leavemealone.wrapping import wrap_words

    lines = []
    if summary.later:
        count = len(summary.later)
        how_many = "One step is" if count == 1 else f"{count} steps are"
        lines.append(f"{how_many} left for later: {'; '.join(summary.later)}.")
    elif not summary.left:
        lines.append("You have been through every step.")
    lock = "locked with your passphrase" if summary.locked else f"not locked; to lock it: {suggest.PROTECT}"
    lines.append(f"Your answers are saved in {summary.data_folder} (only you can open it; {lock}).")
    for document in summary.documents:
        lines.append(f"{document.title}: {document.path}")
    if with_next:
        lines.append(f"Next: {summary.next_thing}")
    lines.append(f"Your checklist, at any time: {summary.checklist_command}")
    lines.append(f"In danger? Call 911. All the numbers: {suggest.HELP_NOW}")
    width = max(width, 40)
    return [row for line in lines for row in wrap_words(line, width - 1, hang="  ").split("\n")]
