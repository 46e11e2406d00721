"""Time the incident log at scale: import, list, verify and every export, each with its peak memory.

Builds a log of N incidents (plus a notice delivery, a correction and an
evidence file) in a temporary LEAVEMEALONE_HOME through the real command
line, then runs each step as its own process and reads that process's own
resource use (``os.wait4``), so each figure is one child's peak memory, not
the running maximum over every child so far. Each timing includes starting
the program. Targets are for 100,000 entries (issue 14); a step without a
target of its own in the issue is held to the nearest one (say so below).

    python benchmarks/log_scale.py [--entries 100000] [--passphrase]

``--passphrase`` locks the case first (``protect --no-input``), so every
entry is sealed and opened with the key. Run it with another installation's
python (``/path/to/other/.venv/bin/python benchmarks/log_scale.py``) to time
that installation: the program is the ``leavemealone`` beside the python.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
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


def run(program: list[str], arguments: list[str], environment: dict[str, str]) -> Run:
    """Run one command as a child and read its own rusage (ru_maxrss is in KiB on Linux)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [*program, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment
    )
    assert child.stderr is not None
    errors = child.stderr.read()  # read before waiting: a full pipe would stall the child
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 2):
        sys.stderr.write(errors.decode(errors="replace"))
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MEGABYTE, child.returncode)


def checked(name: str, result: Run) -> Run:
    if result.code != 0:
        raise SystemExit(f"{name} failed (exit {result.code})")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--passphrase", action="store_true", help="lock the case with a passphrase first")
    options = parser.parse_args()
    count = options.entries
    script = Path(sys.executable).parent / "leavemealone"
    program = [str(script)] if script.exists() else [sys.executable, "-m", "leavemealone"]
    results: dict[str, Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        environment = {**os.environ, "LEAVEMEALONE_HOME": str(work / "home")}
        environment.pop("LEAVEMEALONE_CASE", None)
        environment.pop("LEAVEMEALONE_PASSPHRASE", None)
        if options.passphrase:
            locking = {**environment, "LEAVEMEALONE_NEW_PASSPHRASE": PASSPHRASE}
            checked("protect", run(program, ["protect", "--no-input"], locking))
            environment["LEAVEMEALONE_PASSPHRASE"] = PASSPHRASE
        source = work / "incidents.csv"
        write_csv(source, count)
        evidence = work / "screenshot.png"
        evidence.write_bytes(os.urandom(200_000))
        results["import"] = checked("import", run(program, ["log", "import", str(source)], environment))
        extra = [
            ["notice", "--delivered-on", "2005-06-01", "--via", "letter"],
            ["log", "amend", "3", "--when", "2006-01-01 10:00", "--note", "the date was wrong"],
            ["log", "add", "--no-input", "--what", "Latest message", "--channel", "text",
             "--evidence", str(evidence)],
        ]
        for arguments in extra:
            checked(" ".join(arguments[:2]), run(program, arguments, environment))
        results["list"] = checked("list", run(program, ["log", "list"], environment))
        listed_all = run(program, ["log", "list", "--all"], environment)
        if listed_all.code == 0:  # an installation from before --all refuses it (exit 2)
            results["list --all"] = listed_all
        results["verify"] = checked("verify", run(program, ["log", "verify"], environment))
        sizes = {}
        for fmt in ("csv", "json", "md", "txt", "html", "pdf"):
            target = work / f"log.{fmt}"
            results[f"export {fmt}"] = checked(
                fmt, run(program, ["log", "export", "--output", str(target)], environment)
            )
            sizes[fmt] = target.stat().st_size
    locked = ", locked with a passphrase" if options.passphrase else ""
    shown_sizes = ", ".join(f"{fmt} {size / MEGABYTE:.1f}" for fmt, size in sizes.items())
    print(f"{count + 3} entries{locked}; export sizes in MB: {shown_sizes}")
    print(f"{'step':<12} {'seconds':>8} {'target':>7} {'cpu s':>7} {'peak MB':>8} {'target':>7}")
    failed = False
    for name, result in results.items():
        slow = result.seconds > TIME_TARGETS[name]
        large = result.peak_mb > MEMORY_TARGET_MB
        failed |= slow or large
        marks = ("  TOO SLOW" if slow else "") + ("  TOO LARGE" if large else "")
        print(
            f"{name:<12} {result.seconds:>8.2f} {TIME_TARGETS[name]:>7.1f} {result.cpu:>7.2f} "
            f"{result.peak_mb:>8.1f} {MEMORY_TARGET_MB:>7.0f}{marks}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
