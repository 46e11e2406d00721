"""kill -9 at random points while setting, changing or removing the passphrase; the next command mends it.

Each trial starts a real ``protect`` on cases with entries and kept files,
kills it at a random moment, then runs ``log verify`` on every case, which
must pass: no entry lost, no kept file reported changed, nothing left half
sealed. Which passphrase opens the data afterwards is whichever the killed
command had reached, and no other.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leavemealone.store import crypto

pytestmark = pytest.mark.slow

PASSPHRASES = ("plum orchard lantern", "seven quiet rivers")
CASES = ("one", "two", "three")
KILLS = 20
MAX_TRIALS = 40


def leavemealone(
    home: Path, *args: str, current: str | None = None, new: str | None = None, wait: bool = True
) -> subprocess.Popen[bytes] | subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "LEAVEMEALONE_HOME": str(home)}
    for name, value in (("LEAVEMEALONE_PASSPHRASE", current), ("LEAVEMEALONE_NEW_PASSPHRASE", new)):
        environment.pop(name, None)
        if value is not None:
            environment[name] = value
    command = [sys.executable, "-m", "leavemealone", *args]
    if not wait:
        return subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    return subprocess.run(command, env=environment, capture_output=True, timeout=120, check=False)


def fill(home: Path, tmp_path: Path) -> None:
    incidents = tmp_path / "incidents.csv"
    incidents.write_text(
        "when,what\n" + "".join(f"2024-01-0{1 + n % 9},incident {n}\n" for n in range(300))
    )
    for case in CASES:
        assert leavemealone(home, "log", "import", "--case", case, str(incidents)).returncode == 0
        for number in range(8):
            evidence = tmp_path / f"{case}-{number}.bin"
            evidence.write_bytes(os.urandom(200_000))
            added = leavemealone(
                home,
                "log",
                "add",
                "--case",
                case,
                "--no-input",
                "--what",
                "with a file",
                "--evidence",
                str(evidence),
            )
            assert added.returncode == 0


def verify_everything(home: Path, candidates: tuple[str | None, ...]) -> str | None:
    """Run log verify on every case with whichever passphrase opens it; return that passphrase."""
    for passphrase in candidates:
        results = [
            leavemealone(home, "log", "verify", "--case", case, current=passphrase)
            for case in CASES
        ]
        wrong = [
            result
            for result in results
            if b"passphrase is not right" in result.stderr
            or b"no terminal to ask for it" in result.stderr
        ]
        if wrong:
            continue
        for case, result in zip(CASES, results, strict=True):
            assert result.returncode == 0, (case, result.stderr.decode())
        return passphrase
    raise AssertionError("no passphrase opens the data")


def test_kill_9_at_random_points_in_key_changes_then_verify_passes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill(home, tmp_path)
    chooser = random.Random()
    current: str | None = None
    actions: list[str] = []
    timings = {"set": 1.0, "change": 0.6, "remove": 1.0}
    for trial in range(MAX_TRIALS):
        if sum("finished" not in action for action in actions) >= KILLS:
            break
        if current is None:
            action, new = "set", PASSPHRASES[trial % 2]
            arguments: tuple[str, ...] = ("protect", "--no-input")
        elif chooser.random() < 0.4:
            action, new = "change", PASSPHRASES[0] if current == PASSPHRASES[1] else PASSPHRASES[1]
            arguments = ("protect", "--no-input")
        else:
            action, new = "remove", None
            arguments = ("protect", "--remove", "--no-input")
        started = time.monotonic()
        process = leavemealone(home, *arguments, current=current, new=new, wait=False)
        assert isinstance(process, subprocess.Popen)
        time.sleep(chooser.uniform(0.05, 0.9 * timings[action]))
        finished = process.poll() is not None
        process.send_signal(signal.SIGKILL)
        process.wait()
        if finished:  # it beat the kill: learn how long it takes, to aim later kills inside it
            timings[action] = max(0.2, time.monotonic() - started)
        actions.append(f"{action}{'' if not finished else ' (finished)'}")
        opened = verify_everything(home, (current, new))
        current = opened if crypto.key_file_path(home).exists() else None
        assert not (home / "key-change.json").exists(), actions
    killed = [action for action in actions if "finished" not in action]
    assert len(killed) >= KILLS, actions
