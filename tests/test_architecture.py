"""The layout keeps its promises: each part's job, written down and checked.

The import-linter contracts in pyproject.toml check who imports whom; these
tests check what a contract cannot: where text reaches the screen, where a
command-line option is spelt, module sizes, and the question kinds table.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from leavemealone.ask.kinds import KINDS
from leavemealone.flow.answers import NORMALISERS, QUESTION_KINDS
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "leavemealone"
PARTS = ("cli", "ask", "flow", "guide", "documents", "log", "resources", "store")
MAX_LINES = 420
# The one definition of the incident fields names their options (issue: "CLI option" is part of a
# field); suggest.py holds every command line the core shows. Nothing else below cli spells one.
MAY_NAME_OPTIONS = {Path("log/fields.py"), Path("suggest.py")}
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def modules(*, outside: tuple[str, ...] = ()) -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in outside
    ]


def strings_that_are_not_docstrings(tree: ast.AST) -> list[ast.Constant]:
    documented = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in documented
    ]


@pytest.mark.parametrize("part", PARTS)
def test_every_part_says_what_it_owns_and_must_never_import(part: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / part / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) > 30
    assert "never" in docstring


def test_only_ask_imports_questionary_or_prompt_toolkit() -> None:
    importers = [
        str(path.relative_to(PACKAGE))
        for path in modules(outside=("ask",))
        if re.search(r"^\s*(import|from) (questionary|prompt_toolkit)\b", path.read_text(), re.M)
    ]
    assert importers == []


def test_nothing_below_the_cli_and_the_askers_prints() -> None:
    printing = re.compile(r"(?<![\w.])print\(|sys\.std(out|err)|typer\.")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in modules(outside=("cli", "ask"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if printing.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def test_nothing_below_the_cli_spells_a_command_line_option() -> None:
    found = []
    for path in modules(outside=("cli",)):
        if path.relative_to(PACKAGE) in MAY_NAME_OPTIONS:
            continue
        where = path.relative_to(PACKAGE)
        for node in strings_that_are_not_docstrings(ast.parse(path.read_text())):
            found += [f"{where}:{node.lineno}: {flag}" for flag in OPTION.findall(node.value)]
    assert found == []


def test_no_module_is_much_over_four_hundred_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in modules()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_question_kind_is_both_asked_and_normalised() -> None:
    assert set(KINDS) == set(NORMALISERS) == set(QUESTION_KINDS)
