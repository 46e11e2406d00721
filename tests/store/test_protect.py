"""Passphrase protection: nothing the user typed or kept is readable on disk, and unlocking is clear."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leavemealone.cli import discreet
from leavemealone.cli.app import run
from leavemealone.guide import protection
from leavemealone.store import crypto, keys
from leavemealone.store import protect as privacy
from leavemealone.store.cases import open_case

PASSPHRASE = "plum orchard lantern"
NEW_PASSPHRASE = "seven quiet rivers"

ANSWERS_TEMPLATE = """\
in_danger: false
feels_threatened: true
relationship: ex_partner
contact_channels: [text, following]
at_work: false
at_school: false
state: NY
your_name: "{your_name}"
their_name: "{their_name}"
"""


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as caught:
        run(list(args))
    return int(caught.value.code or 0)


@pytest.fixture(autouse=True)
def fresh_session() -> Iterator[None]:
    keys.forget_session()
    yield
    keys.forget_session()


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def use_passphrase(monkeypatch: pytest.MonkeyPatch, current: str | None, new: str | None = None) -> None:
    for name, value in ((keys.PASSPHRASE_VARIABLE, current), (keys.NEW_PASSPHRASE_VARIABLE, new)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def protect(monkeypatch: pytest.MonkeyPatch, passphrase: str = PASSPHRASE) -> None:
    use_passphrase(monkeypatch, None, passphrase)
    assert cli("protect", "--no-input") == 0
    use_passphrase(monkeypatch, passphrase)


# Every kind of user input, planted with a marker string. Each planter puts
# ``marker`` into the store the way a user would; the incident log adds one
# function here (an incident's text, and an evidence file attached to it).
Planter = Callable[[Path, str, str], None]


def plant_answers(tmp_path: Path, marker: str, case: str) -> None:
    answers = tmp_path / f"answers-{case}-{marker}.yaml"
    text = ANSWERS_TEMPLATE.format(your_name=f"Zoë {marker} Núñez", their_name=f"{marker}-other")
    answers.write_text(text, encoding="utf-8")
    assert cli("start", "--case", case, "--answers", str(answers), "--no-input") == 0


def plant_kept_file(tmp_path: Path, marker: str, case: str) -> None:
    with open_case(case) as store:
        store.put_file(f"screenshot of a message: {marker}".encode() + bytes(range(256)))


def plant_incident(tmp_path: Path, marker: str, case: str) -> None:
    evidence = tmp_path / f"photo-{marker}.jpg"
    evidence.write_bytes(f"a photo of the note: {marker}".encode() + bytes(range(256)))
    argv = ["log", "add", "--case", case, "--no-input", "--when", "2024-03-01 21:10"]
    argv += ["--what", f"He waited by my car. {marker}", "--where", f"{marker} car park"]
    argv += [
        "--witness",
        f"{marker} neighbour",
        "--police-report",
        f"{marker}-77",
        "--evidence",
        str(evidence),
    ]
    assert cli(*argv) == 0
    assert cli("log", "amend", "1", "--case", case, "--note", f"{marker} correction", "--where", "car") == 0


def plant_document(tmp_path: Path, marker: str, case: str) -> None:
    output = tmp_path / f"{marker}-notice.md"
    assert cli("notice", "--case", case, "--no-input", "--force", "--output", str(output)) == 0


PLANTERS: list[Planter] = [plant_answers, plant_kept_file, plant_incident, plant_document]


def plant_everything(tmp_path: Path, *, cases: tuple[str, ...] = ("default",)) -> list[bytes]:
    """Plant one marker per kind of input in each case; return the markers as bytes."""
    markers = []
    for case in cases:
        for planter in PLANTERS:
            marker = f"MARKER{len(markers):02d}{planter.__name__.upper()}"
            planter(tmp_path, marker, case)
            markers.append(marker.encode())
    return markers


def every_file(folder: Path) -> list[Path]:
    return [Path(parent) / name for parent, _dirs, names in os.walk(folder) for name in names]


def found_markers(folder: Path, markers: list[bytes]) -> dict[str, list[str]]:
    """Which markers appear in which file under ``folder`` (journals and leftovers included)."""
    found: dict[str, list[str]] = {}
    for path in every_file(folder):
        content = path.read_bytes()
        hits = [marker.decode() for marker in markers if marker in content]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


def test_a_protected_session_leaves_no_user_text_anywhere_in_the_data_folder(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_temp = tmp_path / "sqlite-temp"
    sqlite_temp.mkdir()
    monkeypatch.setenv("SQLITE_TMPDIR", str(sqlite_temp))
    protect(monkeypatch)
    markers = plant_everything(tmp_path, cases=("default", "work"))
    assert cli("status") == 0
    answers = next(tmp_path.glob("answers-work-*.yaml"))
    assert cli("start", "--case", "work", "--restart", "--no-input", "--answers", str(answers)) == 0
    assert found_markers(private_home, markers) == {}
    assert found_markers(sqlite_temp, markers) == {}
    assert len(every_file(private_home)) > 3


def test_a_transaction_in_flight_leaves_no_user_text_in_the_journal(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(monkeypatch)
    markers = plant_everything(tmp_path)
    with open_case("default") as store, store.transaction() as connection:
        for number in range(200):
            slot = store.slot("answers", f"extra_{number}")
            record = {"id": f"extra_{number}", "value": f"{markers[0].decode()} note {number} " + "x" * 500}
            sealed = store.seal_record("answers", slot, record)
            connection.execute("INSERT INTO answers (slot, record) VALUES (?, ?)", (slot, sealed))
        assert (store.folder / "case.sqlite3-journal").exists()
        assert found_markers(private_home, markers) == {}


def test_protecting_afterwards_reseals_and_leaves_no_plaintext_pages(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    markers = plant_everything(tmp_path, cases=("default", "work"))
    assert set(found_markers(private_home, markers)) == {
        "cases/default/case.sqlite3",
        "cases/work/case.sqlite3",
        *(f"cases/{case}/files/{path.name}" for case in ("default", "work") for path in kept(case)),
    }, "the check must see plaintext when there is no passphrase"
    protect(monkeypatch)
    assert found_markers(private_home, markers) == {}
    with open_case("work") as store:
        assert "MARKER" in store.answers()["your_name"]
        assert all(b"MARKER" in store.get_file(path.name) for path in kept("work"))
    assert cli("protect", "--remove") == 0
    assert not crypto.key_file_path(private_home).exists()
    assert found_markers(private_home, markers), "removing the passphrase stores plainly again"


def kept(case: str) -> list[Path]:
    with open_case(case) as store:
        return sorted((store.folder / "files").iterdir())


def test_a_protect_that_fails_halfway_puts_everything_back(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    markers = plant_everything(tmp_path, cases=("one", "two"))
    before = {case: snapshot_answers(case) for case in ("one", "two")}
    keys.forget_session()
    real = privacy.reseal_case
    reached: list[object] = []

    def disk_full_on_the_second(store: object, target: object, sealed: object) -> None:
        if reached and target is sealed:
            raise OSError(28, "No space left on device")
        reached.append(store)
        real(store, target, sealed)  # type: ignore[arg-type]

    monkeypatch.setattr(privacy, "reseal_case", disk_full_on_the_second)
    with pytest.raises(OSError, match="No space"):
        privacy.set_passphrase(PASSPHRASE)
    monkeypatch.setattr(privacy, "reseal_case", real)
    assert not crypto.key_file_path(private_home).exists()
    assert not (private_home / privacy.JOURNAL_FILE).exists()
    assert set(found_markers(private_home, markers)) >= {"cases/one/case.sqlite3", "cases/two/case.sqlite3"}
    assert {case: snapshot_answers(case) for case in ("one", "two")} == before
    assert cli("log", "verify", "--case", "one") == 0


def test_a_protect_refuses_before_writing_anything_when_a_case_is_from_a_newer_version(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_everything(tmp_path, cases=("one", "two"))
    newer = private_home / "cases" / "two" / "case.sqlite3"
    connection = sqlite3.connect(newer)
    connection.execute("PRAGMA user_version = 999")
    connection.close()
    before = {path: path.read_bytes() for path in every_file(private_home) if path.name != "lock"}
    use_passphrase(monkeypatch, None, PASSPHRASE)
    capsys.readouterr()
    assert cli("protect", "--no-input") == 1
    assert "saved by a newer version of leavemealone" in capsys.readouterr().err
    assert not crypto.key_file_path(private_home).exists()
    after = {path: path.read_bytes() for path in every_file(private_home) if path.name != "lock"}
    assert after == before, "a failed protect leaves every file as it was"


CRASH_DURING_PROTECT = """
import os, sys
from leavemealone.store import protect, reseal
real = reseal.reseal_files
calls = []
def crash_on_second_case(store, sealed, *, to_plain):
    if calls:
        real(store, sealed, to_plain=to_plain) if sys.argv[1] == "after-files" else None
        os._exit(9)
    calls.append(store)
    return real(store, sealed, to_plain=to_plain)
reseal.reseal_files = crash_on_second_case
if sys.argv[2] == "set":
    protect.set_passphrase(os.environ["LEAVEMEALONE_NEW_PASSPHRASE"])
else:
    protect.unlock_now()
    protect.remove_passphrase()
"""


@pytest.mark.parametrize("action", ["set", "remove"])
@pytest.mark.parametrize("when", ["before-files", "after-files"])
def test_a_key_change_cut_short_by_a_crash_is_finished_by_the_next_command(
    action: str, when: str, private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if action == "remove":
        protect(monkeypatch)
    markers = plant_everything(tmp_path, cases=("one", "two"))
    before = {case: snapshot_answers(case) for case in ("one", "two")}
    keys.forget_session()
    environment = {
        **os.environ,
        keys.PASSPHRASE_VARIABLE: PASSPHRASE,
        keys.NEW_PASSPHRASE_VARIABLE: PASSPHRASE,
    }
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_DURING_PROTECT, when, action], env=environment, timeout=60, check=False
    )
    assert crashed.returncode == 9
    assert (private_home / privacy.JOURNAL_FILE).exists(), "the crash left the change half done"
    use_passphrase(monkeypatch, PASSPHRASE)
    for case in ("one", "two"):
        assert cli("log", "verify", "--case", case) == 0
    assert not (private_home / privacy.JOURNAL_FILE).exists()
    assert crypto.key_file_path(private_home).exists() == (action == "set")
    if action == "set":
        assert found_markers(private_home, markers) == {}
    assert {case: snapshot_answers(case) for case in ("one", "two")} == before


def snapshot_answers(case: str) -> tuple[dict[str, object], list[bytes]]:
    with open_case(case) as store:
        files = sorted(store.get_file(path.name) for path in (store.folder / "files").iterdir())
        return store.answers(), files


def test_a_wrong_passphrase_is_one_sentence_and_shows_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    capsys.readouterr()
    use_passphrase(monkeypatch, "not the passphrase")
    assert cli("status") == 1
    shown = capsys.readouterr()
    assert shown.out == ""
    assert shown.err.splitlines()[0] == "That passphrase is not right, so nothing was opened."
    assert "LEAVEMEALONE_PASSPHRASE" in shown.err and "Traceback" not in shown.err


def test_a_wrong_passphrase_in_a_real_process_has_no_traceback(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(monkeypatch)
    plant_kept_file(private_home, "MARKER", "default")
    environment = {**os.environ, keys.PASSPHRASE_VARIABLE: "wrong wrong wrong"}
    result = subprocess.run(
        [sys.executable, "-m", "leavemealone", "status"],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "That passphrase is not right" in result.stderr and "Traceback" not in result.stderr


def test_with_no_terminal_and_no_variable_the_error_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_kept_file(tmp_path, "MARKER", "default")
    use_passphrase(monkeypatch, None)
    capsys.readouterr()
    assert cli("status") == 1
    err = capsys.readouterr().err
    assert "no terminal to ask for it in" in err and "LEAVEMEALONE_PASSPHRASE" in err


def test_the_passphrase_is_asked_once_a_run_with_hidden_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path, cases=("a", "b"))
    use_passphrase(monkeypatch, None)
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSPHRASE)
    assert cli("status", "--case", "a") == 0
    assert asked == ["Passphrase: "]
    with open_case("a") as first, open_case("b") as second:
        assert first.answers() and second.answers()
    assert len(asked) == 2, "outside a run the key stays unlocked until forgotten"


def test_protect_refuses_while_another_window_has_the_data_open(private_home: Path, tmp_path: Path) -> None:
    plant_kept_file(tmp_path, "MARKER", "default")
    with open_case("default"):
        result = subprocess.run(
            [sys.executable, "-m", "leavemealone", "protect", "--no-input"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, keys.NEW_PASSPHRASE_VARIABLE: PASSPHRASE},
            stdin=subprocess.DEVNULL,
        )
    assert result.returncode == 1
    assert "Another leavemealone window is using your data" in result.stderr
    assert not crypto.key_file_path(private_home).exists()


def test_changing_the_passphrase_rewraps_the_key_and_refuses_the_old_one(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    database = private_home / "cases" / "default" / "case.sqlite3"
    before = database.read_bytes()
    use_passphrase(monkeypatch, PASSPHRASE, NEW_PASSPHRASE)
    assert cli("protect", "--no-input") == 0
    assert database.read_bytes() == before, "changing the passphrase must not re-encrypt the data"
    use_passphrase(monkeypatch, PASSPHRASE)
    assert cli("status") == 1
    use_passphrase(monkeypatch, NEW_PASSPHRASE)
    assert cli("status") == 0
    with open_case("default") as store:
        assert "MARKER" in store.answers()["their_name"]


def test_protect_refuses_a_short_passphrase_and_a_missing_one(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_passphrase(monkeypatch, None, "short")
    assert cli("protect", "--no-input") == 1
    assert "at least 8 characters" in capsys.readouterr().err
    use_passphrase(monkeypatch, None, None)
    assert cli("protect", "--no-input") == 1
    assert "LEAVEMEALONE_NEW_PASSPHRASE" in capsys.readouterr().err
    assert not crypto.key_file_path(private_home).exists()


def test_no_input_never_asks_for_the_current_passphrase(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    use_passphrase(monkeypatch, None, NEW_PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: pytest.fail("asked despite --no-input"))
    capsys.readouterr()
    assert cli("protect", "--no-input") == 1
    assert "LEAVEMEALONE_PASSPHRASE" in capsys.readouterr().err
    assert cli("protect", "--remove", "--no-input") == 1


def test_setting_a_passphrase_says_there_is_no_recovery(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    out = " ".join(capsys.readouterr().out.split())
    assert out.index("if you forget it, there is no way to get anything back") < out.index("Locked.")


def test_changed_sealed_data_is_refused_not_shown(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_kept_file(tmp_path, "MARKER", "default")
    kept_file = next((private_home / "cases" / "default" / "files").iterdir())
    content = bytearray(kept_file.read_bytes())
    content[-1] ^= 1
    kept_file.write_bytes(bytes(content))
    capsys.readouterr()
    with open_case("default") as store, pytest.raises(privacy.StoreError, match="outside leavemealone"):
        store.get_file(kept_file.name)


def test_a_damaged_key_file_is_a_clear_error(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    crypto.key_file_path(private_home).write_text("{not json", encoding="utf-8")
    assert cli("start", "--no-input") == 1
    assert "is damaged or not a leavemealone key" in capsys.readouterr().err


def test_the_key_file_has_the_documented_shape(private_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    protect(monkeypatch)
    keyfile = crypto.read_key_file(private_home)
    assert keyfile is not None
    assert (keyfile.n, keyfile.r, keyfile.p) == (2**15, 8, 1)
    assert len(keyfile.salt) == 16 and len(keyfile.wrapped_key) == 32 + 16 and not keyfile.pending


def test_files_are_private_under_umask_022(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
) -> None:
    privacy.set_passphrase(PASSPHRASE)
    with open_case("default") as store:
        store.set_answer("their_name", "MARKER")
        store.put_file(b"a kept file")
    from leavemealone.store.backup import make_backup

    use_passphrase(monkeypatch, PASSPHRASE)
    backup = make_backup(tmp_path / "backup.lma", new_passphrase=lambda: pytest.fail("asked")).path
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert_private(private_home)


def assert_private(home: Path) -> None:
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for parent, dirs, names in os.walk(home):
        for name in dirs:
            assert stat.S_IMODE((Path(parent) / name).stat().st_mode) == 0o700, name
        for name in names:
            assert stat.S_IMODE((Path(parent) / name).stat().st_mode) == 0o600, name


def test_help_now_needs_no_passphrase(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    use_passphrase(monkeypatch, None)
    assert cli("help-now") == 0
    assert "911" in capsys.readouterr().out


class FakeAsker:
    def __init__(self, reply: bool) -> None:
        self.reply = reply
        self.said: list[str] = []
        self.asked: list[str] = []

    def say(self, message: str) -> None:
        self.said.append(message)

    def confirm(self, message: str, *, default: bool) -> bool:
        self.asked.append(message)
        return self.reply


def test_the_first_run_in_a_terminal_offers_a_passphrase_once(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    use_passphrase(monkeypatch, None, PASSPHRASE)
    assert protection.protection_offer_due()
    asker = FakeAsker(True)
    protection.offer_protection(asker)  # type: ignore[arg-type]
    # Said right after "no" to "Are you in danger right now?": it follows that answer.
    assert asker.said[0].startswith("If that changes, call 911.")
    assert "nothing can bring your answers back" in asker.said[0]
    assert crypto.key_file_path(private_home).exists()
    assert not protection.protection_offer_due()


def test_declining_the_offer_changes_nothing(private_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    asker = FakeAsker(False)
    protection.offer_protection(asker)  # type: ignore[arg-type]
    assert asker.asked and not crypto.key_file_path(private_home).exists()


def test_no_offer_without_a_terminal(private_home: Path) -> None:
    assert not protection.protection_offer_due()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("how", ["option", "variable"])
def test_discreet_clears_screen_and_scrollback_and_keeps_a_neutral_title(
    how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(discreet, "_terminal", lambda: terminal)
    if how == "variable":
        monkeypatch.setenv(discreet.DISCREET_VARIABLE, "1")
        assert cli("status") == 0
    else:
        assert cli("--discreet", "status") == 0
    written = terminal.getvalue()
    assert written.startswith("\x1b]0;Terminal\x07")
    assert written.rstrip("\x07").endswith("Terminal") and discreet.CLEAR in written
    assert "leavemealone" not in written


def test_discreet_clears_at_once_when_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(discreet, "_terminal", lambda: terminal)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("leavemealone.guide.session.case_status", interrupted)
    assert cli("--discreet", "status") == 130
    written = terminal.getvalue()
    assert discreet.CLEAR in written and "Press Enter" not in written


def test_without_discreet_nothing_is_written_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(discreet, "_terminal", lambda: terminal)
    assert cli("status") == 0
    assert terminal.getvalue() == ""


@pytest.mark.usefixtures("umask_022")
def test_exported_documents_and_log_exports_are_private(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from leavemealone.documents.build import save_document
    from leavemealone.log.export import save_export
    from leavemealone.store.case_store import CaseStore

    notice = tmp_path / "notice.pdf"
    save_document(SimpleNamespace(content=b"%PDF-1.4"), notice)  # type: ignore[arg-type]
    earlier = tmp_path / "earlier.md"
    earlier.write_bytes(b"an older copy")
    earlier.chmod(0o644)
    with CaseStore.open(tmp_path / "case") as store:
        save_export(store, earlier, fmt="md")
    assert earlier.read_bytes().startswith(b"# Incident log")
    for path in (notice, earlier):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_passphrase_that_does_not_work_out_leaves_the_data_unlocked_and_goes_on(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    use_passphrase(monkeypatch, None, "short")
    asker = FakeAsker(True)
    protection.offer_protection(asker)  # type: ignore[arg-type]
    assert asker.said[-1] == (
        "A passphrase needs at least 8 characters. Nothing was locked; you can do it later with: "
        "leavemealone protect"
    )
    assert not crypto.key_file_path(private_home).exists()


def typed_passphrases(monkeypatch: pytest.MonkeyPatch, *replies: str) -> list[str]:
    """Answer the hidden passphrase prompt with ``replies`` in turn; return the prompts shown."""
    shown: list[str] = []
    queue = list(replies)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: shown.append(prompt) or queue.pop(0))
    return shown


def test_in_a_terminal_a_mistyped_passphrase_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    use_passphrase(monkeypatch, None)
    prompts = typed_passphrases(monkeypatch, "plum orchard lanterm", PASSPHRASE)
    capsys.readouterr()
    assert cli("status") == 0
    assert prompts[0] == "Passphrase: " and len(prompts) == 2
    assert prompts[1].endswith("Passphrase: ") and "not right" in prompts[1] and "Caps Lock" in prompts[1]
    assert "wipe" not in capsys.readouterr().err


def test_after_three_wrong_tries_it_stops_without_pointing_at_deleting_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    use_passphrase(monkeypatch, None)
    prompts = typed_passphrases(monkeypatch, "one", "two", "three", PASSPHRASE)
    capsys.readouterr()
    assert cli("status") == 1
    assert len(prompts) == keys.PASSPHRASE_TRIES == 3
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "That passphrase is not right, so nothing was opened."
    assert "cannot be recovered" in err and "run the command again" in err
    assert "wipe" not in err and "delet" not in err


def test_ctrl_c_at_the_passphrase_ends_the_line_and_says_nothing_was_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    use_passphrase(monkeypatch, None)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)

    def interrupted(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", interrupted)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    capsys.readouterr()
    assert cli("status") == 130
    assert capsys.readouterr().err == "\nStopped. Nothing you had saved was lost.\n"
