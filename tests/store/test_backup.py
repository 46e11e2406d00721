"""Wipe, backup and restore: nothing left after a wipe, and a backup brings every byte back."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from leavemealone.store import crypto, keys
from leavemealone.store.cases import open_case
from tests.store.test_protect import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    assert_private,
    cli,
    every_file,
    found_markers,
    fresh_session,  # noqa: F401 - an autouse fixture, used by importing it
    plant_everything,
    protect,
    typed_passphrases,
    umask_022,  # noqa: F401 - a fixture
    use_passphrase,
)


def snapshot(cases: tuple[str, ...]) -> dict[str, tuple[dict[str, Any], dict[str, bytes]]]:
    """Every answer and every kept file (opened) of each case."""
    result = {}
    for case in cases:
        with open_case(case) as store:
            folder = store.folder / "files"
            files = {path.name: store.get_file(path.name) for path in sorted(folder.iterdir())}
            result[case] = (store.answers(), files)
    return result


def test_wipe_leaves_nothing(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path, cases=("default", "work"))
    destroyed: list[str] = []
    real = crypto.overwrite_and_delete

    def recording(path: Path) -> None:
        destroyed.append(path.name)
        real(path)

    monkeypatch.setattr(crypto, "overwrite_and_delete", recording)
    assert cli("wipe", "--yes") == 0
    assert not private_home.exists()
    assert destroyed[0] == crypto.KEY_FILE, "the wrapped key is destroyed before anything else"


def test_wipe_asks_for_the_word_and_needs_yes_without_a_terminal(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plant_everything(tmp_path)
    assert cli("wipe") == 1
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no thanks")
    assert cli("wipe") == 1
    assert "Nothing was deleted." in capsys.readouterr().err
    assert private_home.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: " Delete ")
    assert cli("wipe") == 0
    assert not private_home.exists()


def test_wipe_in_a_chosen_folder_keeps_what_it_did_not_make_and_never_follows_links(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plant_everything(tmp_path)
    outside = tmp_path / "precious.txt"
    outside.write_text("not ours", encoding="utf-8")
    (private_home / "cases" / "default" / "files" / "link").symlink_to(outside)
    (private_home / "holiday-photos").mkdir()
    assert cli("wipe", "--yes") == 0
    assert [path.name for path in private_home.iterdir()] == ["holiday-photos"]
    assert outside.read_text(encoding="utf-8") == "not ours"
    assert "holiday-photos" in capsys.readouterr().out


def test_wipe_of_the_default_folder_removes_the_folder_whole(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.store import protect as privacy

    plant_everything(tmp_path)
    (private_home / "something-else").write_text("made by a later version", encoding="utf-8")
    monkeypatch.delenv("LEAVEMEALONE_HOME")
    monkeypatch.setattr(privacy, "data_home", lambda: private_home)
    result = privacy.wipe()
    assert result.left == [] and not private_home.exists()


@pytest.mark.parametrize("protected", [True, False], ids=["protected", "unprotected"])
def test_backup_wipe_restore_brings_every_byte_back(
    protected: bool, private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if protected:
        protect(monkeypatch)
    markers = plant_everything(tmp_path, cases=("default", "work"))
    before = snapshot(("default", "work"))
    backup = tmp_path / "stick" / "leavemealone.backup"
    backup.parent.mkdir()
    use_passphrase(monkeypatch, PASSPHRASE)
    assert cli("backup", "--output", str(backup)) == 0
    assert not any(marker in backup.read_bytes() for marker in markers)
    assert b"leavemealone" not in backup.read_bytes()[:600], "the header does not name the tool"
    assert cli("wipe", "--yes") == 0
    assert not private_home.exists()
    keys.forget_session()
    assert cli("restore", str(backup)) == 0
    assert snapshot(("default", "work")) == before
    assert found_markers(private_home, markers) == {}, "what is restored stays locked"
    assert cli("status", "--case", "work") == 0
    assert cli("log", "verify", "--case", "work") == 0
    assert cli("log", "verify") == 0
    use_passphrase(monkeypatch, "some other words")
    assert cli("status", "--case", "work") == 1


def test_restore_refuses_to_replace_data_unless_forced(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path, cases=("old",))
    backup = tmp_path / "backup.lma"
    assert cli("backup", "-o", str(backup)) == 0
    plant_everything(tmp_path, cases=("newer",))
    capsys.readouterr()
    assert cli("restore", str(backup)) == 1
    assert "restoring would replace it" in capsys.readouterr().err
    assert (private_home / "cases" / "newer").exists()
    assert cli("restore", "--force", str(backup)) == 0
    assert sorted(path.name for path in (private_home / "cases").iterdir()) == ["old"]


def test_restore_onto_a_folder_with_another_passphrase_takes_the_backups(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    backup = tmp_path / "backup.lma"
    assert cli("backup", "-o", str(backup)) == 0
    assert cli("wipe", "--yes") == 0
    protect(monkeypatch, NEW_PASSPHRASE)
    use_passphrase(monkeypatch, PASSPHRASE)
    assert cli("restore", "--force", str(backup)) == 0
    assert cli("status") == 0


def test_a_wrong_passphrase_or_a_damaged_backup_restores_nothing(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    content = bytearray(range(256)) * 2000
    with open_case("default") as store:
        store.put_file(bytes(content))  # several chunks
    backup = tmp_path / "backup.lma"
    assert cli("backup", "-o", str(backup)) == 0
    assert cli("wipe", "--yes") == 0
    whole = backup.read_bytes()
    capsys.readouterr()

    use_passphrase(monkeypatch, "not the right words")
    assert cli("restore", str(backup)) == 1
    assert capsys.readouterr().err.startswith("That passphrase is not right")
    use_passphrase(monkeypatch, PASSPHRASE)
    payload = whole.index(b"\n", whole.index(b"\n---")) + 1 + 16  # after the age header and nonce
    damaged = {
        "cut at a chunk boundary": whole[: payload + 2 * (64 * 1024 + 16)],
        "cut short": whole[:-10],
        "one bit changed": whole[:5000] + bytes([whole[5000] ^ 1]) + whole[5001:],
        "not a backup": b"hello",
    }
    for why, broken in damaged.items():
        path = tmp_path / "broken.lma"
        path.write_bytes(broken)
        assert cli("restore", str(path)) == 1, why
        assert "nothing was restored" in capsys.readouterr().err, why
        assert not (private_home / "cases").exists() or not any(
            (private_home / "cases").iterdir()
        ), why
        assert not crypto.key_file_path(private_home).exists(), why
    assert not [path for path in every_file(private_home) if ".scratch-" in str(path)]


def test_backup_refuses_an_existing_file_the_data_folder_and_nothing_to_save(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_passphrase(monkeypatch, PASSPHRASE)
    assert cli("backup", "-o", str(tmp_path / "b.lma")) == 1
    assert "nothing to back up" in capsys.readouterr().err
    plant_everything(tmp_path)
    existing = tmp_path / "exists.lma"
    existing.write_bytes(b"keep me")
    assert cli("backup", "-o", str(existing)) == 1
    assert existing.read_bytes() == b"keep me"
    assert cli("backup", "-o", str(private_home / "inside.lma")) == 1
    assert "outside the data folder" in capsys.readouterr().err
    assert cli("backup", "--force", "-o", str(existing)) == 0


def test_an_unprotected_backup_needs_a_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_everything(tmp_path)
    use_passphrase(monkeypatch, None)
    assert cli("backup", "-o", str(tmp_path / "b.lma")) == 1
    assert "LEAVEMEALONE_PASSPHRASE" in capsys.readouterr().err
    assert not (tmp_path / "b.lma").exists()


@pytest.mark.usefixtures("umask_022")
def test_restore_under_umask_022_is_private(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leavemealone.store.backup import make_backup, restore_backup

    use_passphrase(monkeypatch, PASSPHRASE)
    plant_everything(tmp_path, cases=("a", "b"))
    os.umask(0o022)  # cli.run sets 077 for its own run
    backup = make_backup(tmp_path / "b.lma", new_passphrase=lambda: PASSPHRASE).path
    assert cli("wipe", "--yes") == 0
    os.umask(0o022)
    restore_backup(backup)
    assert_private(private_home)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_a_backup_is_an_age_file_that_pyrage_opens_directly(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import json
    import tarfile

    import pyrage

    protect(monkeypatch)
    markers = plant_everything(tmp_path)
    backup = tmp_path / "backup.age"
    assert cli("backup", "--output", str(backup)) == 0
    content = backup.read_bytes()
    assert content.startswith(b"age-encryption.org/v1\n-> scrypt ")
    plain = pyrage.passphrase.decrypt(content, PASSPHRASE)
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        names = tar.getnames()
        case = json.loads(tar.extractfile("cases/default/case.json").read())  # type: ignore[union-attr]
        readme = tar.extractfile("README.txt").read().decode()  # type: ignore[union-attr]
        kept = [name for name in names if "/files/" in name]
        first = tar.extractfile(kept[0]).read()  # type: ignore[union-attr]
    assert "age -d" in readme and names[:2] == ["README.txt", "manifest.json"]
    answers = {item["id"]: item["value"] for item in case["answers"]}
    assert markers[0].decode() in answers["your_name"]
    assert case["log_entries"][0]["record"]["kind"] == "incident"
    import hashlib

    assert hashlib.sha256(first).hexdigest() == kept[0].rsplit("/", 1)[1]
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(content, "not the passphrase")


def test_a_file_age_itself_encrypted_restores(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyrage

    protect(monkeypatch)
    plant_everything(tmp_path)
    ours = tmp_path / "ours.age"
    assert cli("backup", "--output", str(ours)) == 0
    theirs = tmp_path / "theirs.age"  # re-encrypted by the age reference implementation
    theirs.write_bytes(
        pyrage.passphrase.encrypt(
            pyrage.passphrase.decrypt(ours.read_bytes(), PASSPHRASE), PASSPHRASE
        )
    )
    assert cli("restore", "--force", str(theirs)) == 0
    assert cli("log", "verify") == 0


def test_a_backup_from_the_previous_version_still_restores(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = Path(__file__).parent / "fixtures" / "schema3-backup.lma"
    use_passphrase(monkeypatch, PASSPHRASE)
    assert cli("restore", str(legacy)) == 0
    assert cli("log", "verify") == 0
    assert "Checked 3 entries and 1 evidence file: everything matches." in capsys.readouterr().out
    with open_case("default") as store:
        assert store.answers()["their_name"] == "Sam Roe"
    assert b"Sam Roe" not in (private_home / "cases" / "default" / "case.sqlite3").read_bytes()


def test_a_mistyped_backup_passphrase_is_asked_again_and_the_backup_restores(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(monkeypatch)
    plant_everything(tmp_path)
    backup = tmp_path / "backup.lma"
    assert cli("backup", "-o", str(backup)) == 0
    before = snapshot(("default",))
    assert cli("wipe", "--yes") == 0
    use_passphrase(monkeypatch, None)
    prompts = typed_passphrases(monkeypatch, "plum orchard", PASSPHRASE)
    assert cli("restore", str(backup)) == 0
    assert prompts[0] == "Passphrase of the backup: " and "not right" in prompts[1]
    use_passphrase(monkeypatch, PASSPHRASE)
    assert snapshot(("default",)) == before
