"""``log verify`` and ``log receipt``: proving the log is intact, and pinning it with a short line."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from leavemealone.cli.options import CaseOption


def verify(
    receipt: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--receipt",
            metavar="TEXT",
            help="A receipt from 'log receipt': proves the log still holds everything it counted.",
        ),
    ] = None,
    head: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--head", metavar="HASH", help="A chain head from an earlier export: checks those entries."
        ),
    ] = None,
    case: CaseOption = "default",
) -> None:
    """Prove nothing in the log was changed or removed.

    It recomputes every hash, and every evidence file's hash. Exits 0 when
    everything matches, 1 naming the first entry or file that does not.

    Example: leavemealone log verify --receipt "2024-06-01, 12 entries, head 3f2a-9c1e-77b0-d4e8"
    """
    from leavemealone.errors import LeaveMeAloneError
    from leavemealone.log.receipts import parse_receipt
    from leavemealone.log.verify import verify_log
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    pinned = parse_receipt(receipt) if receipt is not None else None
    with open_case(case, existing=True) as store:
        report = verify_log(store, expected_head=head, receipt=pinned)
    if report.problems:
        for message in report.messages[1:]:
            typer.echo(f"Also: {message}", err=True)
        raise LeaveMeAloneError(
            report.messages[0],
            hint="Leave the case folder as it is. An earlier export or a backup shows what it held then.",
        )
    entries = f"{report.entries} entr{'y' if report.entries == 1 else 'ies'}"
    files = f"{report.files} evidence file{'' if report.files == 1 else 's'}"
    typer.echo(f"Checked {entries} and {files}: everything matches.")
    if report.head:
        typer.echo(f"Chain head: {report.head}")
    if head is not None and report.expected_head_entry is None:
        raise LeaveMeAloneError(
            "The chain head you gave does not belong to this log.",
            hint="Check you copied all 64 characters, and that this is the same case (--case).",
        )
    if report.expected_head_entry is not None:
        typer.echo(
            f"The head you gave is entry {report.expected_head_entry}: entries 1 to "
            f"{report.expected_head_entry} are exactly as they were when it was exported."
        )
    if pinned is not None:
        pinned_entries = "entry 1 is" if pinned.entries == 1 else f"entries 1 to {pinned.entries} are"
        typer.echo(f"Your receipt of {pinned.day} matches: {pinned_entries} exactly as recorded that day.")
    elif report.protected:
        typer.echo(
            "Your log is locked: no entry can be changed, moved or removed without your passphrase. "
            "A receipt ('leavemealone log receipt') kept elsewhere also rules out an older copy put back."
        )
    elif report.entries:
        typer.echo(
            "Without a passphrase this shows the log is whole, but someone who edits the file with care "
            "could rewrite it: a receipt ('leavemealone log receipt') kept elsewhere rules that out."
        )


def receipt(case: CaseOption = "default") -> None:
    """Print one short line that pins your log as it is today.

    Write it down or send it to someone you trust. Later, 'log verify
    --receipt' with that line proves every entry it counted is still there,
    exactly as it was, even if someone rewrote the case file.

    Example: leavemealone log receipt
    """
    from leavemealone import suggest
    from leavemealone.log.verify import make_receipt
    from leavemealone.paths import check_case_name
    from leavemealone.store.cases import open_case

    check_case_name(case)
    with open_case(case, existing=True) as store:
        made = make_receipt(store)
    typer.echo(made.text)
    typer.echo(
        "Write this line down, or send it to someone you trust (not on this computer). To check the "
        f"log against it later: {suggest.verify_receipt(made.text)}",
        err=True,
    )
