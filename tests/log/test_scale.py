"""A long log: list shows the newest 50 and says what it left out, each entry is opened once, exports
stream in bounded memory, imports append in pages, and the JSON export is laid out as json.dumps."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leavemealone import suggest
from leavemealone.errors import LeaveMeAloneError
from leavemealone.log import entries, timeline
from leavemealone.log.entries import PAGE, NewEntry, append_entries, load_entries
from leavemealone.log.export import export_log, save_export
from leavemealone.log.export_data import indented_json
from leavemealone.log.importing import import_incidents, text_lines
from leavemealone.log.text import listing_notes, table_rows
from leavemealone.log.timeline import LIST_LIMIT, Listing, list_log
from leavemealone.log.verify import verify_log
from leavemealone.store.case_store import CaseStore


def listed(listing: Listing) -> list[str]:
    """What ``log list`` prints: the table's rows, then the sentences after it."""
    return [*table_rows(listing), *listing_notes(listing)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "case") as opened:
        yield opened


def incidents(count: int, *, words: int = 3) -> list[NewEntry]:
    """``count`` incidents, one a day from 2023-01-01 (entry N on day N), each ``words`` words long."""
    return [
        NewEntry(
            "incident",
            {
                "when": f"{2023 + number // 336}-{1 + number // 28 % 12:02d}-{1 + number % 28:02d} 12:00",
                "what": " ".join(f"w{number}.{index}" for index in range(words)),
                "channels": ["text"] if number % 2 else ["phone"],
            },
        )
        for number in range(count)
    ]


# --- log list ------------------------------------------------------------------------------


def test_list_shows_the_newest_50_and_one_line_on_how_to_see_the_rest(store: CaseStore) -> None:
    append_entries(store, incidents(LIST_LIMIT + 12))
    lines = listed(list_log(store))
    rows = [line for line in lines[1:] if line[:5].strip().isdigit()]
    assert [int(row[:5]) for row in rows] == list(range(LIST_LIMIT + 12, 12, -1))  # newest first
    assert lines[-1] == (
        f"12 older ones are not shown. See them all: {suggest.LOG_LIST_ALL}; "
        f"or from a day on: {suggest.LOG_LIST_SINCE}"
    )
    assert lines[-2] == f"{LIST_LIMIT} incidents shown. See one in full, for example: {suggest.log_show(62)}"


def test_list_all_and_a_day_range_show_everything_they_cover(store: CaseStore) -> None:
    append_entries(store, incidents(LIST_LIMIT + 12))
    everything = listed(list_log(store, everything=True))
    assert sum(1 for line in everything if line[:5].strip().isdigit()) == LIST_LIMIT + 12
    assert "not shown" not in everything[-1]
    since = listed(list_log(store, since="2023-01-03"))  # entries 3 onwards: 60 of them
    assert sum(1 for line in since if line[:5].strip().isdigit()) == LIST_LIMIT + 10
    assert "not shown" not in since[-1]
    texts = list_log(store, channel="text")  # a filter without a range keeps the limit, counted within it
    assert (texts.shown, texts.more) == (31, 0)


def test_list_opens_only_what_it_shows(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    append_entries(store, incidents(3 * LIST_LIMIT))
    opened: list[object] = []
    real = CaseStore.open_record

    def counted(self: CaseStore, table: str, key: object, sealed: bytes) -> Any:
        opened.append(key)
        return real(self, table, key, sealed)

    monkeypatch.setattr(CaseStore, "open_record", counted)
    listing = list_log(store)
    assert len(opened) == 3 * LIST_LIMIT  # the index reads each entry once and keeps a few fields
    assert len(list(listing.incidents)) == LIST_LIMIT
    assert len(opened) == 4 * LIST_LIMIT  # then only the entries shown are opened again


# --- exports in bounded memory ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_an_export_streams_a_long_log_in_bounded_memory(
    store: CaseStore, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (entries, timeline):  # pages of 50 entries, so a short log is already many pages
        monkeypatch.setattr(module, "PAGE", 50)
    count = 1500
    append_entries(store, incidents(count, words=300))  # about 2.7 KB an entry: 4 MB of text in all
    held = sum(len(entry.record["what"]) for entry in load_entries(store))
    target = tmp_path / f"log.{fmt}"
    tracemalloc.start()
    try:
        save_export(store, target, fmt=fmt)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < held / 3, f"{peak:,} bytes at most, for {held:,} bytes of text"
    text = target.read_text(encoding="utf-8")
    last_word = f"w{count - 1}.299"
    assert text.count(last_word) == (2 if fmt == "json" else 1)  # json: in the timeline and the entries


def test_the_json_export_is_laid_out_as_json_dumps_lays_it_out(store: CaseStore) -> None:
    append_entries(store, incidents(5))
    append_entries(store, [NewEntry("correction", {"what": 'said "stop" \\ ü \u2028'}, amends=2)])
    content = export_log(store, fmt="json").content.decode()
    assert content == json.dumps(json.loads(content), indent=2, ensure_ascii=False) + "\n"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES, st.integers(min_value=0, max_value=40))  # past the 32 indents kept ready
def test_indented_json_is_json_dumps_with_indent_2(value: Any, depth: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
    assert indented_json(value, depth) == expected


# --- import in pages ------------------------------------------------------------------------


def test_an_import_of_several_pages_is_saved_whole(store: CaseStore, tmp_path: Path) -> None:
    rows = 2 * PAGE + 7
    source = tmp_path / "many.csv"
    lines = "".join(f"2023-05-{1 + row % 28:02d} 10:00,incident {row}\r\n" for row in range(rows))
    source.write_text("when,what\r\n" + lines)
    appended = import_incidents(store, source)
    assert (appended.first, appended.last) == (1, rows)
    assert verify_log(store).ok and verify_log(store).entries == rows


def test_a_bad_row_after_several_pages_saves_nothing(store: CaseStore, tmp_path: Path) -> None:
    source = tmp_path / "late.csv"
    good = "".join(f"2023-05-01 10:00,incident {row}\n" for row in range(2 * PAGE))
    source.write_text("when,what\n" + good + "2023-13-01,a month that is not there\n" + good)
    with pytest.raises(LeaveMeAloneError) as refused:
        import_incidents(store, source)
    assert f"late.csv:{2 * PAGE + 2}: when '2023-13-01'" in refused.value.message
    assert load_entries(store) == [] and verify_log(store).head is None


@given(st.text(alphabet="ab\r\n\u2028\x0b\",é"))
def test_import_reads_lines_as_a_file_opened_with_newline_empty_does(text: str) -> None:
    assert list(text_lines(text)) == list(io.StringIO(text, newline=""))


def test_csv_lines_break_where_a_file_opened_with_newline_empty_breaks_them(
    store: CaseStore, tmp_path: Path
) -> None:
    source = tmp_path / "endings.csv"
    source.write_bytes('when,what\r2024-01-01,"one\r\nline \u2028 two"\n2024-01-02,three\r\n'.encode())
    import_incidents(store, source)
    assert [entry.record["what"] for entry in load_entries(store)] == ["one\nline \u2028 two", "three"]


def test_an_in_memory_export_is_the_streamed_one(store: CaseStore, tmp_path: Path) -> None:
    append_entries(store, incidents(30))
    for fmt in ("md", "txt", "html", "csv"):
        saved = save_export(store, tmp_path / f"log.{fmt}", fmt=fmt)
        made = export_log(store, fmt=fmt)
        assert (tmp_path / f"log.{fmt}").read_bytes() == made.content
        assert (saved.entries, saved.head, saved.verified) == (made.entries, made.head, made.verified)
    assert io.BytesIO(export_log(store, fmt="pdf").content).read(5) == b"%PDF-"
