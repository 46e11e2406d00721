"""Time `leavemealone --help` and `leavemealone help-now` against a bare Python start.

Runs the three commands interleaved (so machine drift hits them alike) and
prints the medians and the ratios to bare Python. Targets: --help at most 8x,
help-now at most 4x.

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    python = sys.executable
    script = Path(python).parent / "leavemealone"
    program = [str(script)] if script.exists() else [python, "-m", "leavemealone"]
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "--help": [*program, "--help"],
        "help-now": [*program, "help-now"],
    }
    timings: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as home:
        environment = {**os.environ, "LEAVEMEALONE_HOME": home}
        for _ in range(runs):
            for name, command in commands.items():
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
