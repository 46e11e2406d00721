"""Time `leavemealone --help`, `help-now` and `status` on a filled case against a bare Python start.

Runs the commands interleaved (so machine drift hits them alike) and prints
the medians and the ratios to bare Python. Targets: --help at most 8x,
help-now at most 4x. ``status`` opens a case of nine answers and 2,000 log
entries (plain, and locked with a passphrase), so the cost of opening a case
(the damaged-file check, unsealing) shows here; it has no target.

    python benchmarks/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"--help": 8.0, "help-now": 4.0}
PASSPHRASE = "benchmark passphrase words"
ANSWERS = """\
in_danger: false
feels_threatened: true
relationship: ex_partner
contact_channels: [text, following]
at_work: true
at_school: false
state: NY
your_name: Alex Doe
their_name: Sam Roe
"""
ENTRIES = 2_000


def fill(program: list[str], home: Path, environment: dict[str, str]) -> None:
    """A case with every answer and ENTRIES incidents, as a user would have after months."""
    answers = home.parent / f"{home.name}-answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    incidents = home.parent / f"{home.name}-incidents.csv"
    rows = [
        f"2024-{1 + n % 12:02d}-{1 + n % 28:02d} 10:{n % 60:02d},He sent message {n} again,,text"
        for n in range(ENTRIES)
    ]
    incidents.write_text("when,what,where,channel\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for arguments in (["start", "--answers", str(answers), "--no-input"], ["log", "import", str(incidents)]):
        subprocess.run([*program, *arguments], stdout=subprocess.DEVNULL, env=environment, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    python = sys.executable
    script = Path(python).parent / "leavemealone"
    program = [str(script)] if script.exists() else [python, "-m", "leavemealone"]
    with tempfile.TemporaryDirectory() as folder:
        plain_home, locked_home = Path(folder) / "plain", Path(folder) / "locked"
        plain = {**os.environ, "LEAVEMEALONE_HOME": str(plain_home)}
        locked = {**os.environ, "LEAVEMEALONE_HOME": str(locked_home), "LEAVEMEALONE_PASSPHRASE": PASSPHRASE}
        for variable in ("LEAVEMEALONE_CASE", "LEAVEMEALONE_PASSPHRASE"):
            plain.pop(variable, None)
        locked.pop("LEAVEMEALONE_CASE", None)
        fill(program, plain_home, plain)
        subprocess.run(
            [*program, "protect", "--no-input"],
            stdout=subprocess.DEVNULL,
            env={**locked, "LEAVEMEALONE_NEW_PASSPHRASE": PASSPHRASE},
            check=True,
        )
        fill(program, locked_home, locked)
        commands = {
            "python -c pass": ([python, "-c", "pass"], plain),
            "--help": ([*program, "--help"], plain),
            "help-now": ([*program, "help-now"], plain),
            "status": ([*program, "status"], plain),
            "status, locked": ([*program, "status"], locked),
        }
        timings: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (command, environment) in commands.items():
                started = time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, env=environment, check=True)
                timings[name].append(time.perf_counter() - started)
    bare = statistics.median(timings["python -c pass"])
    print(f"{'command':<16} {'median ms':>10} {'x bare':>8} {'target':>8}")
    failed = False
    for name, samples in timings.items():
        median = statistics.median(samples)
        ratio = median / bare
        target = TARGETS.get(name)
        verdict = (
            "" if target is None else (f"<= {target:.0f}x" if ratio <= target else f"OVER {target:.0f}x")
        )
        failed = failed or (target is not None and ratio > target)
        print(f"{name:<16} {median * 1000:>10.1f} {ratio:>8.2f} {verdict:>8}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
