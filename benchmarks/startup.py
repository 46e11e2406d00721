"""Time every everyday command as a whole process, against a bare Python start.

The script builds a filled case through the real command line (answers from a
file, a few log entries), and a second one locked with a passphrase. Then it
runs every command and ``python -c pass`` interleaved, in a shuffled order
each round, so machine drift hits them alike, and prints the medians and the
ratios to bare Python against the targets of issue 14. The locked case is
reported separately (scrypt alone costs ~0.1 s, on purpose) and has no
targets. ``log add`` adds one entry a round, so the log grows by ``--runs``.

    python benchmarks/startup.py [--runs 20] [--only status,notice-md]

Exit status 1 when a command misses its target.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PASSPHRASE = "correct horse battery staple"
ANSWERS = """\
in_danger: false
feels_threatened: false
relationship: ex_partner
contact_channels: [text, phone, at_home]
at_work: true
at_school: false
state: CA
your_name: Alex Doe
their_name: Sam Roe
"""
ENTRIES = [
    ("2024-05-01 09:15", "Sent 14 texts overnight asking to meet.", "text"),
    ("2024-05-03 18:40", "Waited outside my building for an hour.", "at_home"),
    ("2024-05-06 12:05", "Called my work number three times.", "phone"),
    ("2024-05-09 21:30", "Left a note on my car.", "in_person"),
    ("2024-05-12 08:00", "Messaged a friend of mine asking where I live now.", "third_parties"),
]


@dataclass(frozen=True)
class Command:
    """One command line to time, and its target as a ratio to bare Python (None: no target)."""

    name: str
    arguments: tuple[str, ...]
    target: float | None
    uses_case: bool = True


def commands(folder: Path) -> list[Command]:
    """The table of issue 14; every command that reads a case reads the filled one."""
    answers = folder / "answers.yaml"
    return [
        Command("--help", ("--help",), 8.0, uses_case=False),
        Command("help-now", ("help-now",), 3.0, uses_case=False),
        Command("status", ("status",), 12.0),
        Command(
            "log-add", ("log", "add", "--no-input", "--what", "Texted again.", "--channel", "text"), 12.0
        ),
        Command("start", ("start", "--answers", str(answers), "--no-input"), 15.0),
        Command("notice-md", ("notice", "--format", "md"), 15.0),
        Command("notice-pdf", ("notice", "--format", "pdf", "--output", str(folder / "notice.pdf")), 45.0),
        Command(
            "checklist-pdf", ("checklist", "--format", "pdf", "--output", str(folder / "checklist.pdf")), 45.0
        ),
    ]


def program() -> list[str]:
    """The installed ``leavemealone`` script beside this Python, else ``python -m leavemealone``."""
    script = Path(sys.executable).parent / "leavemealone"
    return [str(script)] if script.exists() else [sys.executable, "-m", "leavemealone"]


def run(arguments: list[str], environment: dict[str, str], folder: Path) -> None:
    """Run one command line; a failure stops the benchmark with the command's own message."""
    done = subprocess.run(
        arguments, cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(arguments)}\n{done.stderr}")


def fill_case(folder: Path, environment: dict[str, str], *, locked: bool) -> None:
    """A case with answers and a few log entries, made through the real command line."""
    (folder / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    if locked:
        run(
            [*program(), "protect", "--no-input"],
            {**environment, "LEAVEMEALONE_NEW_PASSPHRASE": PASSPHRASE},
            folder,
        )
    run([*program(), "start", "--answers", str(folder / "answers.yaml"), "--no-input"], environment, folder)
    for when, what, channel in ENTRIES:
        run(
            [*program(), "log", "add", "--no-input", "--when", when, "--what", what, "--channel", channel],
            environment,
            folder,
        )


def report(
    title: str, names: list[str], timings: dict[str, list[float]], targets: dict[str, float | None]
) -> bool:
    """Print one table; True when every command with a target met it."""
    bare = statistics.median(timings["python -c pass"])
    print(f"\n{title}")
    print(f"{'command':<22} {'median ms':>10} {'x bare':>8} {'target':>10}")
    print(f"{'python -c pass':<22} {bare * 1000:>10.1f} {1:>8.2f}")
    met = True
    for name in names:
        median = statistics.median(timings[name])
        ratio = median / bare
        target = targets.get(name)
        verdict = "" if target is None else (f"<= {target:g}x" if ratio <= target else f"OVER {target:g}x")
        met = met and (target is None or ratio <= target)
        print(f"{name:<22} {median * 1000:>10.1f} {ratio:>8.2f} {verdict:>10}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds of every command (default 20)")
    parser.add_argument("--only", default="", help="comma-separated command names to time (default: all)")
    options = parser.parse_args()
    only = {name for name in options.only.split(",") if name}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        plain, locked = base / "plain", base / "locked"
        plain.mkdir()
        locked.mkdir()
        clean = {key: value for key, value in os.environ.items() if not key.startswith("LEAVEMEALONE_")}
        plain_env = {**clean, "LEAVEMEALONE_HOME": str(plain / "home")}
        locked_env = {
            **clean,
            "LEAVEMEALONE_HOME": str(locked / "home"),
            "LEAVEMEALONE_PASSPHRASE": PASSPHRASE,
        }
        fill_case(plain, plain_env, locked=False)
        fill_case(locked, locked_env, locked=True)

        jobs: dict[str, tuple[list[str], dict[str, str], Path]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], plain_env, plain)
        }
        plain_names, locked_names, targets = [], [], {}
        for command in commands(plain):
            if only and command.name not in only:
                continue
            jobs[command.name] = ([*program(), *command.arguments], plain_env, plain)
            plain_names.append(command.name)
            targets[command.name] = command.target
        for command in commands(locked):
            if (only and command.name not in only) or not command.uses_case:
                continue
            jobs[command.name + " (locked)"] = ([*program(), *command.arguments], locked_env, locked)
            locked_names.append(command.name + " (locked)")

        timings: dict[str, list[float]] = {name: [] for name in jobs}
        shuffle = random.Random(14)
        order = list(jobs)
        for _ in range(options.runs):
            shuffle.shuffle(order)
            for name in order:
                arguments, environment, folder = jobs[name]
                started = time.perf_counter()
                run(arguments, environment, folder)
                timings[name].append(time.perf_counter() - started)

    print(f"{options.runs} interleaved runs of each; medians")
    met = report("Filled case, no passphrase (the targets of issue 14)", plain_names, timings, targets)
    if locked_names:
        report(
            "The same case locked with a passphrase (no targets: unlocking is slow on purpose)",
            locked_names,
            timings,
            {},
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
