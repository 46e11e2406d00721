"""Time the incident log at scale: import, list, verify and every export, each with its peak memory.

Builds a log of N incidents (plus a notice delivery, a correction and an
evidence file) in a temporary LEAVEMEALONE_HOME through the real command
line, then runs each step as its own process and reads that process's own
resource use (``os.wait4``), so each figure is one child's peak memory, not
the running maximum over every child so far. Each timing includes starting
the program. Every step runs ``--rounds`` times and the medians are shown
(the peak memory is the largest of the rounds). Targets are for 100,000
entries (issue 14); a step without a target of its own in the issue is held
to the nearest one (say so below).

``--versus PYTHON`` times another installation of leavemealone (another
venv's python: an older checkout, say) in the same rounds with its own log,
the two taking turns step by step, so a noisy machine slows both alike; a
step it does not have (exit 2) shows as "-".

    python benchmarks/log_scale.py [--entries 100000] [--rounds 3] [--versus OTHER/bin/python]
                                   [--passphrase]

``--passphrase`` locks each case first (``protect --no-input``), so every
entry is sealed and opened with the key. Exit status 1 when a step of this
installation misses a target.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MEGABYTE = 1024 * 1024
MEMORY_TARGET_MB = 200.0
# Seconds at 100,000 entries. From issue 14: import, list, verify, csv, html, pdf.
# Ours, for the steps the issue gives none: list --all and json as csv (a line an entry),
# md and txt as html (the same document).
TIME_TARGETS = {
    "import": 20.0,
    "list": 2.0,
    "list --all": 10.0,
    "verify": 10.0,
    "export csv": 10.0,
    "export json": 10.0,
    "export md": 20.0,
    "export txt": 20.0,
    "export html": 20.0,
    "export pdf": 60.0,
}
STEPS = {
    "list": ["log", "list"],
    "list --all": ["log", "list", "--all"],
    "verify": ["log", "verify"],
    **{f"export {fmt}": ["log", "export", "--output", f"log.{fmt}"] for fmt in ("csv", "json", "md", "txt")},
    "export html": ["log", "export", "--output", "log.html"],
    "export pdf": ["log", "export", "--output", "log.pdf"],
}
FIRST_DAY = dt.date(2004, 1, 1)
SPAN_DAYS = 7300
PASSPHRASE = "correct horse battery staple"
CHANNELS = ["text", "phone", "email", "social_media", "at_home", "at_work", "following", "in_person"]
WORDS = (
    "he she they texted called waited outside my door work car again after I said stop left a note "
    "sent flowers followed me home from the bus stop shouted at my window posted about me online"
).split()


@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, its own peak resident memory, and how it ended."""

    seconds: float
    cpu: float
    peak_mb: float
    code: int


@dataclass
class Installation:
    """One leavemealone to time: how to run it, its own folder and log, and its runs by step."""

    label: str
    program: list[str]
    folder: Path
    environment: dict[str, str]
    runs: dict[str, list[Run]]


def write_csv(path: Path, count: int) -> None:
    chooser = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["when", "what", "where", "channel", "witnesses", "police_report"])
        for number in range(count):
            day = FIRST_DAY + dt.timedelta(days=number * SPAN_DAYS // count)  # 20 years from 2004 on
            when = f"{day.isoformat()} {chooser.randint(0, 23):02d}:{chooser.randint(0, 59):02d}"
            # 4 to 48 words: 100,000 rows stay under the 20 MB import limit
            what = " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(4, 48))).capitalize() + "."
            witnesses = "Ann (555-0100); Bob" if number % 9 == 0 else ""
            report = f"PR-{number:05d}" if number % 97 == 0 else ""
            writer.writerow([when, what, "outside my flat", chooser.choice(CHANNELS), witnesses, report])


def run(install: Installation, arguments: list[str], environment: dict[str, str] | None = None) -> Run:
    """Run one command in the installation's folder and read its own rusage (ru_maxrss: KiB on Linux)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [*install.program, *arguments],
        cwd=install.folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment or install.environment,
    )
    assert child.stderr is not None
    errors = child.stderr.read()  # read before waiting: a full pipe would stall the child
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        sys.stderr.write(errors.decode(errors="replace"))
        raise SystemExit(f"{install.label}: {' '.join(arguments[:2])} failed (exit {code})")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MEGABYTE, code)


def installation(label: str, python: str, folder: Path) -> Installation:
    script = Path(python).parent / "leavemealone"
    program = [str(script)] if script.exists() else [python, "-m", "leavemealone"]
    folder.mkdir()
    environment = {**os.environ, "LEAVEMEALONE_HOME": str(folder / "home")}
    for name in ("LEAVEMEALONE_CASE", "LEAVEMEALONE_PASSPHRASE"):
        environment.pop(name, None)
    return Installation(label, program, folder, environment, {})


def build_log(install: Installation, source: Path, evidence: Path, *, passphrase: bool) -> None:
    """A fresh log: (lock it,) import ``source`` (timed), then a notice, a correction and a file."""
    shutil.rmtree(install.folder / "home", ignore_errors=True)
    install.environment.pop("LEAVEMEALONE_PASSPHRASE", None)
    if passphrase:
        run(
            install,
            ["protect", "--no-input"],
            {**install.environment, "LEAVEMEALONE_NEW_PASSPHRASE": PASSPHRASE},
        )
        install.environment["LEAVEMEALONE_PASSPHRASE"] = PASSPHRASE
    install.runs.setdefault("import", []).append(run(install, ["log", "import", str(source)]))
    run(install, ["notice", "--delivered-on", "2005-06-01", "--via", "letter"])
    run(install, ["log", "amend", "3", "--when", "2006-01-01 10:00", "--note", "the date was wrong"])
    add = ["log", "add", "--no-input", "--what", "Latest message", "--channel", "text"]
    run(install, [*add, "--evidence", str(evidence)])


def report(installs: list[Installation], count: int, *, passphrase: bool) -> bool:
    """Print the medians (and this/other ratios); True when every step of the first meets its targets."""
    ours = installs[0]
    sizes = ", ".join(
        f"{path.suffix[1:]} {path.stat().st_size / MEGABYTE:.1f}"
        for path in sorted(ours.folder.glob("log.*"))
    )
    rounds = len(ours.runs["import"])
    locked = ", locked with a passphrase" if passphrase else ""
    print(f"{count + 3} entries{locked}, median of {rounds} rounds; export sizes in MB: {sizes}")
    heading = f"{'step':<12} {'seconds':>8} {'target':>7} {'cpu s':>7} {'peak MB':>8} {'target':>7}"
    if len(installs) > 1:
        heading += f"  {installs[1].label + ' s':>10} {'cpu s':>7} {'peak MB':>8} {'this/other':>10}"
    print(heading)
    met = True
    for name, target in TIME_TARGETS.items():
        runs = [item for item in ours.runs.get(name, []) if item.code == 0]
        if not runs:
            continue
        seconds = statistics.median(item.seconds for item in runs)
        peak = max(item.peak_mb for item in runs)
        slow, large = seconds > target, peak > MEMORY_TARGET_MB
        met &= not (slow or large)
        line = (
            f"{name:<12} {seconds:>8.2f} {target:>7.1f} {statistics.median(item.cpu for item in runs):>7.2f} "
            f"{peak:>8.1f} {MEMORY_TARGET_MB:>7.0f}"
        )
        if len(installs) > 1:
            other = [item for item in installs[1].runs.get(name, []) if item.code == 0]
            if other:
                theirs = statistics.median(item.seconds for item in other)
                theirs_cpu = statistics.median(item.cpu for item in other)
                theirs_peak = max(item.peak_mb for item in other)
                line += f"  {theirs:>10.2f} {theirs_cpu:>7.2f} {theirs_peak:>8.1f} {seconds / theirs:>10.2f}"
            else:
                line += f"  {'-':>10} {'-':>7} {'-':>8} {'-':>10}"
        print(line + ("  TOO SLOW" if slow else "") + ("  TOO LARGE" if large else ""))
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each step; medians are shown")
    parser.add_argument("--versus", metavar="PYTHON", help="another installation's python to time alongside")
    parser.add_argument("--passphrase", action="store_true", help="lock each case with a passphrase first")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        installs = [installation("this", sys.executable, work / "this")]
        if options.versus:
            installs.append(installation("other", options.versus, work / "other"))
        source, evidence = work / "incidents.csv", work / "screenshot.png"
        write_csv(source, options.entries)
        evidence.write_bytes(os.urandom(200_000))
        for number in range(options.rounds):  # the two take turns, first one then the other
            for install in installs[:: 1 if number % 2 == 0 else -1]:
                build_log(install, source, evidence, passphrase=options.passphrase)
        for name, arguments in STEPS.items():
            for number in range(options.rounds):
                for install in installs[:: 1 if number % 2 == 0 else -1]:
                    output = install.folder / arguments[-1]
                    if name.startswith("export"):
                        output.unlink(missing_ok=True)  # an export never replaces a file unasked
                    install.runs.setdefault(name, []).append(run(install, arguments))
        met = report(installs, options.entries, passphrase=options.passphrase)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
