"""Time every everyday command as a whole process, against a bare Python start.

The script builds a filled case through the real command line (answers from a
file, a few log entries added one by one and ``--entries`` more imported from
a CSV, 2,000 by default, so the cost of opening a case with months of log
shows), and a second one locked with a passphrase. Then it
runs every command and ``python -c pass`` interleaved, in a shuffled order
each round, so machine drift hits them alike, and prints the medians and the
ratios to bare Python against the targets of issue 14. The locked case is
reported separately (scrypt alone costs ~0.1 s, on purpose) and has no
targets. ``log add`` adds one entry a round, so the log grows by ``--runs``.

``--versus PYTHON`` times the same commands with another installation of
leavemealone (another venv's python: a different typer, or an older
checkout) in the same rounds, with its own cases, and adds the ratio
this/other to each line.

    python benchmarks/startup.py [--runs 20] [--entries 2000] [--only status,notice-md]
                                 [--versus OTHER/bin/python]

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
BARE = "python -c pass"
OTHER = " [other]"
LOCKED = " (locked)"


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


def program(python: str) -> list[str]:
    """The ``leavemealone`` script installed beside ``python``, else ``python -m leavemealone``."""
    script = Path(python).parent / "leavemealone"
    return [str(script)] if script.exists() else [python, "-m", "leavemealone"]


def child_environment() -> dict[str, str]:
    """This environment without our own variables, and with bytecode caching on.

    An installed package has its ``.pyc`` files (pip compiles them); with
    PYTHONDONTWRITEBYTECODE set, an editable install would compile every
    module on every run instead, and that is not what a user waits for.
    """
    unwanted = ("LEAVEMEALONE_", "PYTHONDONTWRITEBYTECODE")
    return {key: value for key, value in os.environ.items() if not key.startswith(unwanted)}


def run(arguments: list[str], environment: dict[str, str], folder: Path) -> None:
    """Run one command line; a failure stops the benchmark with the command's own message."""
    done = subprocess.run(
        arguments, cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(arguments)}\n{done.stderr}")


def fill_case(
    leavemealone: list[str], folder: Path, environment: dict[str, str], *, locked: bool, entries: int
) -> None:
    """A case with answers and log entries, made through the real command line."""
    (folder / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    if locked:
        with_new = {**environment, "LEAVEMEALONE_NEW_PASSPHRASE": PASSPHRASE}
        run([*leavemealone, "protect", "--no-input"], with_new, folder)
    run(
        [*leavemealone, "start", "--answers", str(folder / "answers.yaml"), "--no-input"], environment, folder
    )
    for when, what, channel in ENTRIES:
        add = ["log", "add", "--no-input", "--when", when, "--what", what, "--channel", channel]
        run([*leavemealone, *add], environment, folder)
    if entries:
        rows = [
            f"2024-{1 + n % 12:02d}-{1 + n % 28:02d} 10:{n % 60:02d},He sent message {n} again,,text"
            for n in range(entries)
        ]
        incidents = folder / "incidents.csv"
        incidents.write_text("when,what,where,channel\n" + "\n".join(rows) + "\n", encoding="utf-8")
        run([*leavemealone, "log", "import", str(incidents)], environment, folder)


Job = tuple[list[str], dict[str, str], Path]


def remove_output(arguments: list[str]) -> None:
    """Delete the file a command writes with --output, untimed: an existing file is never replaced unasked."""
    if "--output" in arguments:
        Path(arguments[arguments.index("--output") + 1]).unlink(missing_ok=True)


def plan(python: str, scratch: Path, only: set[str], suffix: str, entries: int) -> dict[str, Job]:
    """Fill a plain and a locked case for one installation, and name every command line to time."""
    leavemealone = program(python)
    clean = child_environment()
    jobs: dict[str, Job] = {}
    for locked in (False, True):
        folder = scratch / ("locked" if locked else "plain")
        folder.mkdir()
        environment = {**clean, "LEAVEMEALONE_HOME": str(folder / "home")}
        if locked:
            environment["LEAVEMEALONE_PASSPHRASE"] = PASSPHRASE
        fill_case(leavemealone, folder, environment, locked=locked, entries=entries)
        for command in commands(folder):
            if (only and command.name not in only) or (locked and not command.uses_case):
                continue
            name = command.name + (LOCKED if locked else "") + suffix
            jobs[name] = ([*leavemealone, *command.arguments], environment, folder)
    return jobs


def report(title: str, names: list[str], timings: dict[str, list[float]], *, targets: bool) -> bool:
    """Print one table; True when every command with a target met it."""
    bare = statistics.median(timings[BARE])
    versus = any(name + OTHER in timings for name in names)
    target_of = {command.name: command.target for command in commands(Path())}
    print(f"\n{title}")
    print(
        f"{'command':<24} {'median ms':>10} {'x bare':>8} {'target':>10}" + ("  this/other" if versus else "")
    )
    print(f"{BARE:<24} {bare * 1000:>10.1f} {1:>8.2f}")
    met = True
    for name in names:
        median = statistics.median(timings[name])
        ratio = median / bare
        target = target_of.get(name) if targets else None
        verdict = "" if target is None else (f"<= {target:g}x" if ratio <= target else f"OVER {target:g}x")
        met = met and (target is None or ratio <= target)
        line = f"{name:<24} {median * 1000:>10.1f} {ratio:>8.2f} {verdict:>10}"
        if name + OTHER in timings:
            line += f"  {median / statistics.median(timings[name + OTHER]):>10.2f}"
        print(line)
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds of every command (default 20)")
    parser.add_argument("--entries", type=int, default=2000, help="log entries imported (default 2000)")
    parser.add_argument("--only", default="", help="comma-separated command names to time (default: all)")
    parser.add_argument("--versus", metavar="PYTHON", help="another installation's python to time alongside")
    options = parser.parse_args()
    only = {name for name in options.only.split(",") if name}
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "this").mkdir()
        jobs: dict[str, Job] = {BARE: ([sys.executable, "-c", "pass"], child_environment(), Path(scratch))}
        jobs.update(plan(sys.executable, Path(scratch) / "this", only, "", options.entries))
        if options.versus:
            (Path(scratch) / "other").mkdir()
            jobs.update(plan(options.versus, Path(scratch) / "other", only, OTHER, options.entries))
        timings: dict[str, list[float]] = {name: [] for name in jobs}
        shuffle = random.Random(14)
        order = list(jobs)
        for _ in range(options.runs):
            shuffle.shuffle(order)
            for name in order:
                arguments, environment, folder = jobs[name]
                remove_output(arguments)
                started = time.perf_counter()
                run(arguments, environment, folder)
                timings[name].append(time.perf_counter() - started)

    print(f"{options.runs} interleaved runs of each, shuffled each round; medians")
    mine = [name for name in jobs if name != BARE and not name.endswith(OTHER)]
    met = report(
        "Filled case, no passphrase (the targets of issue 14)",
        [name for name in mine if not name.endswith(LOCKED)],
        timings,
        targets=True,
    )
    locked = [name for name in mine if name.endswith(LOCKED)]
    if locked:
        report(
            "The same case locked with a passphrase (no targets: unlocking is slow on purpose)",
            locked,
            timings,
            targets=False,
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
