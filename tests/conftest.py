"""Every test gets its own empty data folder and a clean environment."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("LEAVEMEALONE_HOME", str(home))
    for name in ("ACCESSIBLE", "LEAVEMEALONE_CASE", "LEAVEMEALONE_PASSPHRASE", "LEAVEMEALONE_DISCREET"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def letters_dir(tmp_path: Path) -> Path:
    """A letters folder with an empty template for every document name the flows use."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for name in ("notice", "support", "employer", "school", "police", "court", "declaration", "checklist"):
        (folder / f"{name}.md.j2").write_text("stub\n", encoding="utf-8")
    return folder
