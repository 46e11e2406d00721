"""Help is documentation: every command has a summary and an example, in --help and the README."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner

from leavemealone.cli.app import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(
    group: typer.Typer = app, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], object]]:
    for info in group.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        yield (*prefix, name.replace("_", "-")), info.callback
    for sub in group.registered_groups:
        assert sub.typer_instance is not None and sub.name
        yield from commands(sub.typer_instance, (*prefix, sub.name))


ALL_COMMANDS = sorted(commands(), key=lambda pair: pair[0])


def test_there_are_commands_to_check() -> None:
    names = {" ".join(path) for path, _ in ALL_COMMANDS}
    assert {"start", "status", "help-now", "resources", "flows validate"} <= names


@pytest.mark.parametrize(
    ("path", "callback"), ALL_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_each_command_has_a_summary_and_an_example_in_its_help(
    path: tuple[str, ...], callback: object
) -> None:
    doc = getattr(callback, "__doc__", "") or ""
    summary = doc.strip().splitlines()[0]
    examples = re.findall(r"^\s*Example: (leavemealone .+)$", doc, flags=re.MULTILINE)
    assert summary.endswith("."), f"{path}: the first docstring line is the summary"
    assert examples, f"{path}: its docstring has no 'Example: leavemealone ...' line"
    assert examples[0].startswith("leavemealone " + " ".join(path))
    shown = CliRunner().invoke(app, [*path, "--help"], prog_name="leavemealone")
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert " ".join(summary.split()) in flat
    assert f"Example: {examples[0]}" in flat


@pytest.mark.parametrize("group", [(), ("log",), ("flows",)], ids=["root", "log", "flows"])
def test_every_summary_in_the_command_lists_fits_80_columns_uncut(group: tuple[str, ...]) -> None:
    shown = CliRunner().invoke(app, [*group, "--help"], prog_name="leavemealone", terminal_width=80)
    listing = shown.output.split("Commands:", 1)[1]
    assert "..." not in listing, listing
    assert all(len(row) <= 80 for row in listing.splitlines())


@pytest.mark.parametrize(
    ("path", "callback"), ALL_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_each_command_is_in_the_readme(path: tuple[str, ...], callback: object) -> None:
    top = path[0]
    assert f"| `{top}" in README, f"{top} has no row in the README's Commands table"
    assert f"leavemealone {' '.join(path)}" in README or len(path) > 1 and f"leavemealone {top}" in README


def test_the_readme_quick_start_has_exactly_the_two_commands_ci_runs() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.+?)\n```", quick_start, flags=re.DOTALL)
    assert len(blocks) == 2
    install_and_start, install_and_test = blocks
    assert install_and_start.endswith("leavemealone start")
    assert "pytest" in install_and_test
    assert install_and_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_emergency_numbers_come_before_anything_else_in_the_readme() -> None:
    first_lines = README.split("---", 1)[0]
    assert "911" in first_lines and "1-800-799-7233" in first_lines and "988" in first_lines


def test_every_file_the_docs_point_to_exists() -> None:
    import re

    pages = [README, *((ROOT / "docs").glob("*.md"))]
    texts = [page if isinstance(page, str) else page.read_text(encoding="utf-8") for page in pages]
    full = r"`((?:src|flows|letters|tests)/[\w./-]+)`"
    named = {match for text in texts for match in re.findall(full, text)}
    short = {
        f"src/leavemealone/{match}"
        for text in texts
        for match in re.findall(r"`((?:cli|ask|flow|guide|documents|log|resources|store)/[\w.-]+\.py)`", text)
    }
    assert named and short
    missing = sorted(path for path in named | short if not (ROOT / path).exists() and "NAME" not in path)
    assert missing == []


def test_the_readme_draws_every_part() -> None:
    built = README[README.index("## How it is built") :]
    for part in ("cli", "guide", "ask", "log", "resources", "documents", "flow", "store"):
        assert f"\n{part} " in built or f"| {part} " in built or f" {part} |" in built
