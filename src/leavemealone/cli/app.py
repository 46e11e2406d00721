"""The root command line: wires the commands and is the one place errors become messages.

Command modules import only typer at module level, so ``--help`` stays fast;
each command imports the core it needs when it runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Optional

import typer

from leavemealone import __version__
from leavemealone.cli import case, documents, emergency, flows, log, packet, privacy, resources


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"leavemealone {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer reads this at run time on Python 3.10
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = None,
    discreet: Annotated[
        bool,
        typer.Option(
            "--discreet",
            envvar="LEAVEMEALONE_DISCREET",
            help="Clear the screen and scrollback when done, and keep the window title neutral.",
        ),
    ] = False,
) -> None:
    """A private, offline guide for getting someone to leave you alone.

    In danger right now? Call 911, or run: leavemealone help-now
    """
    # Here rather than in run(): `--help` never gets this far, so it does not pay for the import.
    from leavemealone.ask.secret import hidden_input
    from leavemealone.store import keys

    keys.use_prompt(hidden_input)


COMMANDS: dict[str, Callable[..., None]] = {
    "start": case.start,
    "status": case.status,
    "notice": documents.notice,
    "letter": documents.letter,
    "checklist": documents.checklist,
    "packet": packet.packet,
    "resources": resources.resources,
    "help-now": emergency.help_now,
    "protect": privacy.protect,
    "backup": privacy.backup,
    "restore": privacy.restore,
    "wipe": privacy.wipe,
}
GROUPS = {"flows": flows.app, "log": log.app}


def build_app(only: str | None = None) -> typer.Typer:
    """The root command with every command under it, or with just the one named ``only``.

    typer turns each registered command into a click command on every run,
    ~10 ms for all of them; a run that names its command needs that one alone.
    """
    root = typer.Typer(
        name="leavemealone",
        help=(
            "A private, offline guide for getting someone to leave you alone.\n\n"
            "In danger right now? Call 911, or run: leavemealone help-now"
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root.callback()(_root)
    for name, command in COMMANDS.items():
        if only in (None, name):
            root.command(name)(command)
    for name, group in GROUPS.items():
        if only in (None, name):
            root.add_typer(group, name=name)
    return root


app = build_app()


def run(argv: list[str] | None = None) -> None:
    """Run the CLI; every expected failure becomes one clear sentence and an exit code.

    The unlocked key is forgotten when the run ends, and with ``--discreet``
    the screen is cleared, however the run ends.
    """
    from leavemealone.cli import discreet

    discreet.begin(sys.argv[1:] if argv is None else argv)
    _forget_session()
    interrupted = True
    try:
        _run(argv)
    except SystemExit as leaving:
        interrupted = leaving.code == 130
        raise
    finally:
        _forget_session()
        discreet.finish(interrupted=interrupted)


def _forget_session() -> None:
    # Only a run that opened a case has loaded the keys module; the others skip its import.
    keys = sys.modules.get("leavemealone.store.keys")
    if keys is not None:
        keys.forget_session()


def _run(argv: list[str] | None) -> None:
    from leavemealone.errors import LeaveMeAloneError

    os.umask(0o077)
    try:
        arguments = sys.argv[1:] if argv is None else argv
        named = arguments[0] if arguments and (arguments[0] in COMMANDS or arguments[0] in GROUPS) else None
        command = typer.main.get_command(app if named is None else build_app(only=named))
        result = command.main(args=arguments, prog_name="leavemealone", standalone_mode=False)
    except LeaveMeAloneError as error:
        _fail(error.message, error.hint, error.exit_code)
    except typer.Abort:
        _fail("Stopped. Nothing you had saved was lost.", None, 130)
    except typer.TyperException as error:
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(error.format_message(), err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _fail("Stopped. Nothing you had saved was lost.", None, 130)
    except OSError as error:
        _fail(_os_message(error), "Nothing you saved before was lost.", 1)
    except Exception as error:
        # A bug must still not greet a frightened user with a traceback.
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _fail(_unexpected_message(error), _UNEXPECTED_HINT, 1)
    sys.exit(result if isinstance(result, int) else 0)


DEBUG_VARIABLE = "LEAVEMEALONE_DEBUG"
_UNEXPECTED_HINT = (
    f"Nothing you saved before was lost. To see the details for a bug report, run it again with "
    f"{DEBUG_VARIABLE}=1 (the details may include what you typed)."
)


def _unexpected_message(error: Exception) -> str:
    if type(error).__module__ == "sqlite3":
        return (
            f"A case file could not be read ({error}); it was left as it is. It may be damaged, "
            "or made by a different version of leavemealone."
        )
    return f"Something went wrong inside leavemealone ({type(error).__name__}: {error})."


def _fail(message: str, hint: str | None, code: int) -> None:
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        typer.secho(message, fg="red", err=True)
    else:
        typer.echo(message, err=True)
    if hint:
        typer.echo(hint, err=True)
    sys.exit(code)


def _os_message(error: OSError) -> str:
    import errno

    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"The disk is full{where}; free some space and run the command again."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"Permission denied{where}; choose a folder you can write to."
    return f"{error.strerror or error}{where}."
