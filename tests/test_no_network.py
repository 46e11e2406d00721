"""No network, proven: a whole session runs with every way to open a socket made to fail, and none is tried.

To cover a new command, add one line to ``SESSION``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from leavemealone.cli.app import run
from leavemealone.store import keys
from tests.store.test_protect import ANSWERS_TEMPLATE, NEW_PASSPHRASE, fresh_session  # noqa: F401

# Each command of a session, in order; {tmp} is a scratch folder (holding incidents.csv to
# import), {answers} an answers file.
SESSION: list[list[str]] = [
    ["protect", "--no-input"],
    ["start", "--answers", "{answers}", "--no-input"],
    ["status"],
    ["flows", "list"],
    ["flows", "show"],
    ["flows", "validate"],
    ["help-now"],
    ["resources", "--state", "NY", "--relationship", "ex_partner"],
    ["resources", "--json"],
    ["notice", "--no-input", "--output", "{tmp}/notice.pdf"],
    ["notice", "--no-input", "--output", "{tmp}/notice.html"],
    ["letter", "employer", "--no-input", "--output", "{tmp}/employer.md"],
    ["letter", "police", "--no-input", "--output", "{tmp}/police.txt"],
    ["letter", "school", "--no-input", "--output", "{tmp}/school.html"],
    ["letter", "support", "--no-input", "--output", "{tmp}/support.pdf"],
    ["letter", "court", "--no-input", "--output", "{tmp}/court.pdf"],
    ["notice", "--delivered-on", "2024-05-02", "--via", "letter"],
    ["checklist", "--no-input", "--output", "{tmp}/checklist.pdf"],
    ["log", "add", "--no-input", "--what", "He called 9 times", "--evidence", "{answers}"],
    ["log", "amend", "1", "--where", "at home"],
    ["log", "list"],
    ["log", "show", "1"],
    ["log", "export", "--output", "{tmp}/log.pdf"],
    ["log", "export", "--output", "{tmp}/log.csv"],
    ["log", "export", "--output", "{tmp}/log.html"],
    ["log", "export", "--output", "{tmp}/log.md"],
    ["log", "export", "--output", "{tmp}/log.json"],
    ["log", "export", "--format", "txt"],
    ["log", "import", "{tmp}/incidents.csv"],
    ["log", "verify"],
    ["backup", "--output", "{tmp}/backup.lma"],
    ["wipe", "--yes"],
    ["restore", "{tmp}/backup.lma"],
    ["status"],
    ["log", "verify"],
]


class NetworkTried(OSError):
    """Raised in place of any socket, so a caller that swallows errors is still recorded."""


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    tried: list[str] = []

    def refuse(name: str) -> object:
        def refused(*args: object, **kwargs: object) -> object:
            tried.append(f"{name}{args!r}")
            raise NetworkTried(f"{name} is not allowed in this test")

        return refused

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            tried.append(f"socket.socket{args!r}")
            raise NetworkTried("socket.socket is not allowed in this test")

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in (
        "create_connection",
        "create_server",
        "socketpair",
        "fromfd",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
    ):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    # Another program could reach the network for us; nothing may start one.
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    yield tried


def test_a_whole_session_opens_no_socket(
    attempts: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.NEW_PASSPHRASE_VARIABLE, NEW_PASSPHRASE)
    monkeypatch.setenv(keys.PASSPHRASE_VARIABLE, NEW_PASSPHRASE)
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_TEMPLATE.format(your_name="Alex Doe", their_name="Sam Roe"), encoding="utf-8")
    (tmp_path / "incidents.csv").write_text(
        "when,what,where,channel,witnesses,police_report\n2024-05-03 10:00,Called twice,,phone,,\n",
        encoding="utf-8",
    )
    for command in SESSION:
        argv = [part.format(tmp=tmp_path, answers=answers) for part in command]
        with pytest.raises(SystemExit) as leaving:
            run(argv)
        assert leaving.value.code in (0, None), f"{' '.join(command)} failed"
    assert attempts == []


def test_the_help_now_fast_path_opens_no_socket(
    attempts: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from leavemealone.__main__ import main

    monkeypatch.setattr(sys, "argv", ["leavemealone", "help-now"])
    with pytest.raises(SystemExit) as leaving:
        main()
    assert leaving.value.code in (0, None)
    assert "911" in capsys.readouterr().out
    assert attempts == []


def test_the_guard_itself_catches_a_connection(attempts: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    with pytest.raises(OSError):
        socket.socket()
    assert len(attempts) == 2
