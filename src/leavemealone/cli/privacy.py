"""``protect``, ``wipe``, ``backup`` and ``restore``: keeping what is stored private, or removing it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from leavemealone.cli.options import NoInputOption

CONFIRM_WORD = "delete"

NO_RECOVERY = (
    "A passphrase locks everything you save here: answers, your log and the files you keep.\n"
    "Without it no one can read them, and neither can you: if you forget it, there is no way\n"
    "to get anything back, and no one can reset it for you. Use at least 8 characters; a few\n"
    "unrelated words are easy to remember and hard to guess."
)
ForceOption = Annotated[bool, typer.Option("--force", help="Replace what is already there.")]


def protect(
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the passphrase (asks for it first).")
    ] = False,
    no_input: NoInputOption = False,
) -> None:
    """Set, change or remove your passphrase.

    The passphrase locks everything you save.

    With --no-input the passphrases come from LEAVEMEALONE_PASSPHRASE (the
    current one) and LEAVEMEALONE_NEW_PASSPHRASE (the new one); other
    programs you run can read environment variables.

    Example: leavemealone protect
    """
    from leavemealone.ask.secret import new_passphrase
    from leavemealone.errors import LeaveMeAloneError
    from leavemealone.store import protect as privacy

    protected = privacy.is_protected()
    if remove:
        if not protected:
            raise LeaveMeAloneError("No passphrase is set, so there is nothing to remove.")
        privacy.unlock_now(no_input=no_input)
        privacy.remove_passphrase()
        typer.echo(
            "The passphrase is removed and what you saved is no longer locked. "
            "The data folder is still readable only by your user account."
        )
        return
    if protected:
        privacy.unlock_now(no_input=no_input)
        privacy.change_passphrase(new_passphrase(no_input=no_input))
        typer.echo("The passphrase is changed. From now on, only the new one opens your data.")
        return
    typer.echo(NO_RECOVERY)
    result = privacy.set_passphrase(new_passphrase(no_input=no_input))
    sealed = "" if not result.cases else f" Your {_cases(result.cases)} now sealed with it, too."
    typer.echo(f"Locked. Everything you save from now on is sealed with your passphrase.{sealed}")


def _cases(count: int) -> str:
    return "1 case is" if count == 1 else f"{count} cases are"


def wipe(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; for scripts.")] = False,
) -> None:
    """Delete everything this tool stored.

    Answers, log, kept files and the key; it cannot be undone.

    Example: leavemealone wipe
    """
    from leavemealone.errors import LeaveMeAloneError, NeedsInputError
    from leavemealone.paths import data_home
    from leavemealone.store.protect import wipe as wipe_everything

    home = data_home()
    if not home.exists():
        typer.echo(f"There is nothing to delete in {home}.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise NeedsInputError(
                "wipe asks you to type a word to confirm, and there is no terminal to ask in.",
                hint="To delete without asking, add --yes.",
            )
        typer.echo(
            f"This deletes everything leavemealone saved in {home}: every case, answer, log entry\n"
            "and kept file, and the key. It cannot be undone. Backups and documents you saved\n"
            "elsewhere are not touched."
        )
        typed = input(f"Type {CONFIRM_WORD} to go on (anything else stops): ")
        if typed.strip().lower() != CONFIRM_WORD:
            raise LeaveMeAloneError("Nothing was deleted.")
    result = wipe_everything()
    if result.left:
        typer.echo(f"Deleted what leavemealone saved in {result.home}.")
        typer.echo("Left alone, because leavemealone did not make them:")
        for path in result.left:
            typer.echo(f"  {path}")
    else:
        typer.echo(f"Deleted everything leavemealone saved; {result.home} is gone.")
    typer.echo("Backups and documents you saved elsewhere are not touched; delete those yourself.")


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write (0600).")],
    force: ForceOption = False,
    no_input: NoInputOption = False,
) -> None:
    """Save all your cases in one encrypted file.

    Answers, log and kept files, for a USB stick or an advocate.

    It opens with your passphrase; with none set, you choose one for the
    backup (or set LEAVEMEALONE_PASSPHRASE).

    Example: leavemealone backup --output /media/stick/leavemealone.backup
    """
    from leavemealone.ask.secret import new_passphrase
    from leavemealone.store.backup import make_backup
    from leavemealone.store.keys import PASSPHRASE_VARIABLE
    from leavemealone.store.protect import is_protected

    if not is_protected():
        typer.echo(
            "No passphrase is set, so choose one for this backup. You will need it to restore\n"
            "the backup, and if it is forgotten, nothing can open the backup."
        )
    result = make_backup(
        output,
        force=force,
        new_passphrase=lambda: new_passphrase(no_input=no_input, variable=PASSPHRASE_VARIABLE),
    )
    whose = "the passphrase you just chose" if result.new_passphrase else "your passphrase"
    typer.echo(
        f"Saved {result.cases} case(s) and {result.files} kept file(s) to {result.path}. "
        f"It opens only with {whose}."
    )


def restore(
    file: Annotated[Path, typer.Argument(help="A file made by 'leavemealone backup'.")],
    force: ForceOption = False,
) -> None:
    """Bring back the cases in a backup.

    For example on a new computer.

    Example: leavemealone restore /media/stick/leavemealone.backup
    """
    from leavemealone.store.backup import restore_backup

    result = restore_backup(file, force=force)
    replaced = " What was here before is deleted." if result.replaced else ""
    typer.echo(
        f"Restored {result.cases} case(s) and {result.files} kept file(s).{replaced} "
        "They are locked with the backup's passphrase; change it with: leavemealone protect"
    )
