"""Every command line the tool suggests is one the real command line accepts."""

from __future__ import annotations

import shlex

import pytest
import typer

from leavemealone import suggest
from leavemealone.cli.app import app
from leavemealone.documents.catalogue import list_documents

SUGGESTED = [
    suggest.HELP_NOW,
    suggest.PROTECT,
    suggest.WIPE,
    suggest.LOG_ADD,
    suggest.LOG_LIST,
    suggest.LOG_LIST_ALL,
    suggest.LOG_LIST_SINCE,
    suggest.LOG_VERIFY,
    suggest.FLOWS_VALIDATE,
    suggest.RESOURCES_HELP,
    suggest.RESOURCES_FOR,
    suggest.NOTICE_HELP,
    suggest.RECORD_DELIVERY,
    suggest.EXPORT_LOG,
    suggest.BACKUP_EXAMPLE,
    suggest.ANSWERS_FILE,
    suggest.start(),
    suggest.start("work"),
    suggest.amend_example(12),
    suggest.log_show(12),
    suggest.verify_against("ab" * 32),
    suggest.RESTORE,
    suggest.LOG_RECEIPT,
    suggest.LOG_ADD_HELP,
    suggest.LOG_ADD_TYPED,
    suggest.log_add_what("he called"),
    suggest.log_add_what("he's \"outside\" $HOME"),
    suggest.document_format("notice", "pdf"),
    suggest.document_output("employer", "my letter.docx"),
    suggest.document_help("checklist"),
    suggest.HELP,
    suggest.verify_receipt("2024-06-01, 12 entries, head 3f2a-9c1e-77b0-d4e8"),
    *(suggest.make_document(info.name) for info in list_documents()),
    *(f"leavemealone notice {suggest.option(name)} Sam" for name in ("your_name", "their_name")),
    f"leavemealone backup --output x {suggest.ADD_FORCE.removeprefix('add ')}",
    f"leavemealone restore x {suggest.ADD_FORCE.removeprefix('add ')}",
    f"leavemealone log list {suggest.GIVE_CASE.split()[-1]} work",
]


def parse(command_line: str) -> None:
    """Parse a command line with the real app, down to its last subcommand, without running it."""
    words = shlex.split(command_line)
    assert words.pop(0) == suggest.PROGRAM
    command = typer.main.get_command(app)
    context = command.context_class(command, info_name=suggest.PROGRAM)
    name = suggest.PROGRAM
    while hasattr(command, "get_command") and words and not words[0].startswith("-"):  # a group's --help
        name = words.pop(0)
        found = command.get_command(context, name)
        assert found is not None, f"no command {name!r}"
        command = found
        if hasattr(command, "get_command"):
            context = command.context_class(command, info_name=name, parent=context)
    command.make_context(name, words, parent=context)


@pytest.mark.parametrize("command_line", SUGGESTED)
def test_every_suggested_command_line_parses(command_line: str) -> None:
    if "--help" in command_line:
        with pytest.raises(Exception) as shown:  # --help parses, prints the help and exits
            parse(command_line)
        assert type(shown.value).__name__ == "Exit"
        return
    parse(command_line)


def test_a_misspelt_option_would_be_caught() -> None:
    with pytest.raises(Exception) as refused:
        parse("leavemealone notice --delivered DATE --via HOW")
    assert type(refused.value).__name__ == "NoSuchOption"


def test_every_command_line_in_a_letter_template_parses() -> None:
    import re

    from tests.conftest import ROOT

    found = {
        command
        for template in (ROOT / "letters").glob("*.md.j2")
        for command in re.findall(r"`(leavemealone [^`{]+)`", template.read_text(encoding="utf-8"))
    }
    assert "leavemealone notice --living-apart" in found and "leavemealone packet --output hearing" in found
    for command in sorted(found):
        parse(command)
