"""A file dragged into the terminal at a prompt is found: quoted, escaped, or with a space after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from leavemealone.guide.incidents import ask_incident
from leavemealone.guide.offers import ask_target
from leavemealone.inputs import typed_path
from tests.scripted import ScriptedAsker


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    folder = tmp_path / "My Pictures"
    folder.mkdir()
    path = folder / "my note's copy.jpg"
    path.write_bytes(b"jpeg")
    return path


def pasted_forms(path: Path) -> list[str]:
    """How terminals hand over a dropped file (GNOME, macOS Terminal, a file manager), and by hand."""
    quoted_single = "'" + str(path).replace("'", "'\\''") + "'"
    escaped = "".join("\\" + char if char in " '" else char for char in str(path))
    return [
        quoted_single + " ",
        f'"{path}"',
        escaped,
        escaped + " ",
        f"  {path}  ",
        "file://" + str(path).replace(" ", "%20"),
    ]


def test_every_pasted_form_names_the_file(photo: Path) -> None:
    for typed in pasted_forms(photo):
        assert typed_path(typed) == photo, typed


def test_a_name_that_really_has_quotes_or_backslashes_is_taken_as_it_stands(tmp_path: Path) -> None:
    odd = tmp_path / "'quoted' and \\slashed.txt"
    odd.write_text("x", encoding="utf-8")
    assert typed_path(str(odd)) == odd


def test_an_unquoted_path_with_spaces_that_is_not_there_stays_as_typed(tmp_path: Path) -> None:
    typed = str(tmp_path / "new folder" / "notice.pdf")
    assert typed_path(typed) == Path(typed)


def test_the_evidence_question_takes_a_dragged_file(photo: Path) -> None:
    for typed in pasted_forms(photo):
        asker = ScriptedAsker(["He called", "", None, [], "", None, typed, ""])
        answers = ask_incident(asker, {})
        assert answers is not None and answers["evidence"] == [photo], typed
        assert not any("There is no such file" in str(event) for event in asker.events)


def test_the_save_question_takes_a_dragged_folder(photo: Path, tmp_path: Path) -> None:
    default = tmp_path / "notice-2026-11-29.pdf"
    asker = ScriptedAsker([f"'{photo.parent}' "])
    assert ask_target(asker, default) == photo.parent / default.name
    asker = ScriptedAsker([str(photo.parent).replace(" ", "\\ ") + "/my\\ notice.pdf"])
    assert ask_target(asker, default) == photo.parent / "my notice.pdf"
