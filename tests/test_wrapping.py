"""Wrapping for the terminal: between words, never inside a word or a command line."""

from __future__ import annotations

import pytest

from leavemealone import suggest
from leavemealone.wrapping import wrap_words

QUOTED_COMMAND = (
    "Check Caps Lock and try again. A forgotten passphrase cannot be recovered; "
    "'leavemealone wipe' deletes everything so you can start over."
)
NEXT = f"Next: Once your notice has reached them, record the day: {suggest.RECORD_DELIVERY}"


def rows_of(text: str, width: int, **options: str) -> list[str]:
    rows = wrap_words(text, width, **options).split("\n")
    assert " ".join(rows).split() == text.split(), "a word was lost, split or moved"
    return rows


@pytest.mark.parametrize("width", [30, 40, 60, 80])
@pytest.mark.parametrize("text", [QUOTED_COMMAND, NEXT])
def test_no_row_is_wider_than_the_screen_and_no_word_is_split(text: str, width: int) -> None:
    assert max(len(row) for row in rows_of(text, width)) <= width


def test_a_quoted_command_stays_on_one_row() -> None:
    rows = rows_of(QUOTED_COMMAND, 80)
    assert any("'leavemealone wipe'" in row for row in rows), rows


def test_a_command_line_at_the_end_of_a_sentence_stays_on_one_row() -> None:
    rows = rows_of(NEXT, 80)
    assert rows[-1] == "leavemealone notice --delivered-on DATE --via HOW"


def test_a_command_inside_a_sentence_ends_at_its_punctuation() -> None:
    text = "To carry on where you left off, run leavemealone start --case work, and it picks up there."
    rows = rows_of(text, 50)
    assert any("leavemealone start --case work," in row for row in rows), rows


def test_a_command_longer_than_the_row_is_laid_out_word_by_word() -> None:
    rows = rows_of(f"Run: {suggest.amend_example(12)}", 30)
    assert max(len(row) for row in rows) <= 30


def test_a_word_longer_than_the_row_is_left_whole_on_its_own_row() -> None:
    path = "/home/someone/a-folder-with-a-rather-long-name/and-another-one-inside/notice.pdf"
    rows = rows_of(f"Saved the notice to {path} (only you can open it).", 40)
    assert path in rows


def test_rows_that_go_on_keep_the_indent_and_hang() -> None:
    rows = rows_of("  - " + "word " * 30, 40, hang="  ")
    assert rows[0].startswith("  - word") and all(row.startswith("    word") for row in rows[1:])


def test_a_non_breaking_space_joins_words_and_blank_rows_stay() -> None:
    text = "Call: 1-800-799-7233; Text:\u00a0START\u00a0to\u00a088788; Open: 24/7\n\nNext"
    rows = wrap_words(text, 36).split("\n")
    assert "Text:\u00a0START\u00a0to\u00a088788;" in rows[1] and rows[-2:] == ["", "Next"]
