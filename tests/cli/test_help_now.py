"""help-now: the emergency numbers, in the right order, fast and without heavy imports."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leavemealone.cli.help_now import print_help_now
from leavemealone.resources.hotlines import HOTLINES_FILE, emergency_lines, emergency_text, help_now_text

HEAVY = ("yaml", "jinja2", "rich", "typer", "platformdirs", "questionary", "click")


def test_911_comes_first_then_ndvh_then_988() -> None:
    ids = [line["id"] for line in emergency_lines()]
    assert ids[:3] == ["emergency_911", "ndvh", "lifeline_988"]
    assert set(ids) == {
        "emergency_911", "ndvh", "lifeline_988", "stronghearts", "victimconnect", "rainn",
        "loveisrespect", "ccri", "sparc", "womenslaw",
    }  # fmt: skip


def test_text_opens_with_911_and_gives_the_hotline_call_and_text() -> None:
    text = emergency_text()
    assert text.splitlines()[0] == "If you are in danger right now, call 911."
    ndvh = text.index("National Domestic Violence Hotline")
    assert text.index("Call: 911") < ndvh < text.index("988 Suicide & Crisis Lifeline")
    assert "Call: 1-800-799-7233" in text[ndvh:] and "Text: START to 88788" in text[ndvh:]
    lifeline = text[text.index("988 Suicide & Crisis Lifeline") :]
    assert "Call: 988" in lifeline and "Text: 988" in lifeline and "Open: 24/7" in lifeline
    assert text.isascii()


def test_unconfirmed_facts_are_not_shown_as_sure() -> None:
    text = emergency_text()
    rainn = text[text.index("RAINN") :].split("\n\n")[0]
    assert "Text:" not in rainn  # RAINN's text option was never confirmed
    victimconnect = text[text.index("VictimConnect") :].split("\n\n")[0]
    assert "Not confirmed to be working now" in victimconnect


def test_every_line_keeps_its_source_and_doubts() -> None:
    lines = {line["id"]: line for line in emergency_lines()}
    for line in lines.values():
        assert str(line["source"]).startswith(("http://", "https://")), line["id"]
        assert line.get("phone") or line.get("website"), line["id"]
    assert lines["victimconnect"]["uncertain"] is True and "status" in lines["victimconnect"]["check_this"]
    assert lines["rainn"]["text"] == "unknown"
    assert "tty" in lines["loveisrespect"]["check_this"]
    assert lines["emergency_911"]["text"] == "unknown"


def test_help_now_fits_22_rows_at_80_columns_with_911_the_hotline_and_988_first() -> None:
    rows = help_now_text(width=80).splitlines()
    assert len(rows) <= 22 and max(len(row) for row in rows) <= 80
    text = "\n".join(rows)
    assert rows[0] == "If you are in danger right now, call 911."
    assert text.index("Call: 911") < text.index("Call: 1-800-799-7233") < text.index("Call: 988")
    assert "Text: START to 88788" in text  # one way to reach it is never split across rows
    assert "StrongHearts Native Helpline: call or text 1-844-762-8483" in text
    assert rows[-1] == "Chat, websites and more about every line: leavemealone help-now --all"


def test_every_line_with_a_number_is_on_the_first_screen_and_the_rest_one_flag_away() -> None:
    short, full = help_now_text(), emergency_text()
    for line in emergency_lines():
        assert str(line["name"]) in full
        if line.get("phone") not in (None, "unknown"):
            assert str(line["name"]) in short, line["id"]
    assert "https://www.womenslaw.org" in full and "Chat: https://www.thehotline.org" in full


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("build", [help_now_text, emergency_text])
def test_rows_wrap_between_words_never_inside_one(width: int, build: object) -> None:
    text = build(width=width)  # type: ignore[operator]
    assert max(len(row) for row in text.splitlines()) <= width
    assert text.split() == build(width=1000).split()  # type: ignore[operator]


def test_print_help_now_prints_the_short_screen_and_returns_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert print_help_now() == 0
    assert capsys.readouterr().out == help_now_text(width=80)
    assert print_help_now(every_line=True) == 0
    assert capsys.readouterr().out == emergency_text(width=80)


def test_a_damaged_file_still_prints_the_core_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "hotlines.json"
    damaged.write_text("{not json", encoding="utf-8")
    assert print_help_now(str(damaged)) == 1
    captured = capsys.readouterr()
    assert "call 911" in captured.out and "1-800-799-7233" in captured.out and "988" in captured.out
    assert "could not be read" in captured.err


def test_the_data_file_is_plain_json() -> None:
    with open(HOTLINES_FILE, encoding="utf-8") as handle:  # noqa: PTH123
        assert json.load(handle)["schema_version"] == 1


def test_importing_help_now_loads_nothing_heavy() -> None:
    probe = (
        f"import sys, leavemealone.cli.help_now\nprint([name for name in {HEAVY!r} if name in sys.modules])"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


def test_the_help_now_fast_path_loads_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['leavemealone', 'help-now', '--all']\n"
        "from leavemealone.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        f"print([name for name in {HEAVY!r} if name in sys.modules], code, file=sys.stderr)"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert output.stdout.startswith("If you are in danger right now, call 911.")
    assert output.stderr.strip() == "[] 0"


def _median_ms(command: list[str], runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@pytest.mark.slow
def test_help_now_starts_within_four_bare_interpreters() -> None:
    bare = _median_ms([sys.executable, "-c", "pass"])
    help_now = _median_ms([sys.executable, "-m", "leavemealone", "help-now"])
    assert help_now < 4 * bare, f"help-now {help_now:.0f} ms vs bare python {bare:.0f} ms"
