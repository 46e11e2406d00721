"""A plain, non-editable wheel carries the flows and letters and runs from a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_wheel_installs_and_runs_without_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("leavemealone-*.whl")
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies come from the test environment; the package itself only from the wheel.
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    home = tmp_path / "home"
    environment = {"LEAVEMEALONE_HOME": str(home), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(target / "bin" / "leavemealone"), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=environment,
            cwd=tmp_path,
        )

    where = subprocess.run(
        [str(python), "-c", "import leavemealone, sys; print(leavemealone.__file__)"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert where.startswith(str(target)), where
    assert run("--version").returncode == 0
    validated = run("flows", "validate")
    assert validated.returncode == 0, validated.stderr
    assert str(target) in validated.stdout
    assert "911" in run("help-now").stdout
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "in_danger: false\nfeels_threatened: true\nrelationship: stranger\ncontact_channels: [following]\n"
        "at_work: false\nat_school: false\nstate: TX\nyour_name: A\ntheir_name: B\n",
        encoding="utf-8",
    )
    started = run("start", "--answers", str(answers), "--no-input")
    assert started.returncode == 0, started.stderr
    assert "Your checklist, at any time: leavemealone checklist" in started.stdout
