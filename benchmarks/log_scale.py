"""Time the incident log at scale: import, verify, list and PDF export of 10,000 entries.

Builds the log in a temporary LEAVEMEALONE_HOME through the real command
line (each timing includes starting the program), and prints the four times
against the targets: import < 10 s, verify < 5 s, list < 3 s, PDF < 30 s.

    python benchmarks/log_scale.py [--entries 10000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"import": 10.0, "verify": 5.0, "list": 3.0, "export pdf": 30.0}
CHANNELS = ["text", "phone", "email", "social_media", "at_home", "at_work", "following", "in_person"]
WORDS = (
    "he she they texted called waited outside my door work car again after I said stop left a note "
    "sent flowers followed me home from the bus stop shouted at my window posted about me online"
).split()


def write_csv(path: Path, count: int) -> None:
    chooser = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["when", "what", "where", "channel", "witnesses", "police_report"])
        for number in range(count):
            day = number * 3 // 4  # about four entries every three days, from 2004 on
            date = f"{2004 + day // 365}-{1 + (day // 30) % 12:02d}-{1 + day % 28:02d}"
            when = f"{date} {chooser.randint(0, 23):02d}:{chooser.randint(0, 59):02d}"
            what = " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(6, 60))).capitalize() + "."
            witnesses = "Ann (555-0100); Bob" if number % 9 == 0 else ""
            report = f"PR-{number:05d}" if number % 97 == 0 else ""
            writer.writerow([when, what, "outside my flat", chooser.choice(CHANNELS), witnesses, report])


def timed(program: list[str], arguments: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*program, *arguments], stdout=subprocess.DEVNULL, env=environment, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    count = parser.parse_args().entries
    script = Path(sys.executable).parent / "leavemealone"
    program = [str(script)] if script.exists() else [sys.executable, "-m", "leavemealone"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        environment = {**os.environ, "LEAVEMEALONE_HOME": str(work / "home")}
        environment.pop("LEAVEMEALONE_CASE", None)
        source = work / "incidents.csv"
        write_csv(source, count)
        evidence = work / "screenshot.png"
        evidence.write_bytes(os.urandom(200_000))
        times = {"import": timed(program, ["log", "import", str(source)], environment)}
        subprocess.run(
            [
                *program,
                "log",
                "add",
                "--no-input",
                "--what",
                "Latest message",
                "--channel",
                "text",
                "--evidence",
                str(evidence),
            ],
            stdout=subprocess.DEVNULL,
            env=environment,
            check=True,
        )
        times["verify"] = timed(program, ["log", "verify"], environment)
        times["list"] = timed(program, ["log", "list"], environment)
        pdf = work / "log.pdf"
        times["export pdf"] = timed(program, ["log", "export", "--output", str(pdf)], environment)
        size = pdf.stat().st_size
    print(f"{count + 1} entries (PDF {size / 1e6:.1f} MB)")
    print(f"{'step':<12} {'seconds':>8} {'target':>8}")
    failed = False
    for name, seconds in times.items():
        target = TARGETS[name]
        failed |= seconds > target
        print(f"{name:<12} {seconds:>8.2f} {target:>8.1f}{'  TOO SLOW' if seconds > target else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
