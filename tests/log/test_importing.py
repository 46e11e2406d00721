"""Bulk import: every bad row reported with its line, and nothing imported unless all is well."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leavemealone.errors import LeaveMeAloneError
from leavemealone.log.entries import load_entries
from leavemealone.log.importing import ImportProblems, import_incidents
from leavemealone.log.verify import verify_log
from leavemealone.store.case_store import CaseStore

GOOD_CSV = """\
when,what,where,channel,witnesses,police_report
2024-03-01 21:10,He texted me 14 times,,text,,
2024-03-04 08:30,"Waited outside my work, then followed me
to the bus",Main St,at_work;following,Ann (555-0100); Bob,PR-77
2024-03-09,Left a note on my car,car park,,,
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "case") as opened:
        yield opened


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_csv_is_imported_in_order(store: CaseStore, tmp_path: Path) -> None:
    appended = import_incidents(store, write(tmp_path, "log.csv", GOOD_CSV))
    assert (appended.first, appended.last, appended.count) == (1, 3, 3)
    assert [entry.seq for entry in load_entries(store)] == [1, 2, 3]
    second = load_entries(store)[1]
    assert second.record["what"] == "Waited outside my work, then followed me\nto the bus"
    assert second.items("channels") == ("at_work", "following")
    assert second.items("witnesses") == ("Ann (555-0100)", "Bob")
    assert second.record["police_report"] == "PR-77"
    assert load_entries(store)[2].record["when"] == "2024-03-09"
    assert verify_log(store).ok


def test_excel_csv_with_a_bom_and_spaced_header(store: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffWhen, What ,Police Report\r\n2024-03-01 10:00,A call,PR-1\r\n".encode())
    assert import_incidents(store, path).count == 1
    [entry] = load_entries(store)
    assert entry.record["police_report"] == "PR-1"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    store: CaseStore, tmp_path: Path
) -> None:
    text = """\
when,what,where,channel,witnesses,police_report
2024-03-01 21:10,fine,,text,,
31/03/2024,bad date,,,,
2024-03-04 08:30,"a note that runs
over two lines",,,,
2024-03-05,bad channel,,pigeon,,
2024-03-06,,,,,
2024-03-07,too many,,,,,extra

2099-01-01,in the future,,,,
"""
    with pytest.raises(ImportProblems) as caught:
        import_incidents(store, write(tmp_path, "log.csv", text))
    problems = caught.value.problems
    assert [problem.split(": ")[0] for problem in problems] == [
        "log.csv:3",
        "log.csv:6",
        "log.csv:7",
        "log.csv:8",
        "log.csv:10",
    ]
    assert "'31/03/2024' is not a date" in problems[0]
    assert "channel 'pigeon' is not a known channel" in problems[1]
    assert "what is empty" in problems[2]
    assert "7 values, but the header has 6 columns" in problems[3]
    assert "in the future" in problems[4]
    assert "nothing was imported" in caught.value.message
    assert load_entries(store) == []


def test_a_bad_header_is_reported_on_line_1(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(ImportProblems) as caught:
        import_incidents(store, write(tmp_path, "log.csv", "date,what,mood\n2024-01-01,x,sad\n"))
    assert caught.value.problems == [
        "log.csv:1: unknown column 'date', 'mood'",
        "log.csv:1: the header has no 'when' column",
    ]


def test_empty_and_missing_files(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(LeaveMeAloneError, match="is empty"):
        import_incidents(store, write(tmp_path, "empty.csv", ""))
    with pytest.raises(LeaveMeAloneError, match="no incidents"):
        import_incidents(store, write(tmp_path, "header.csv", "when,what\n"))
    with pytest.raises(LeaveMeAloneError, match="there is no such file"):
        import_incidents(store, tmp_path / "nope.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("when,what\n2024-01-01,caf\xe9\n".encode("latin-1"))
    with pytest.raises(LeaveMeAloneError, match="not UTF-8"):
        import_incidents(store, latin)


def test_yaml_rows_report_their_line(store: CaseStore, tmp_path: Path) -> None:
    text = """\
- when: 2024-03-01 21:10
  what: He texted me
  channel: [text, phone]
  witnesses: [Ann]
- when: 2024-03-02
  what: ""
- when: not a date
  what: something
"""
    with pytest.raises(ImportProblems) as caught:
        import_incidents(store, write(tmp_path, "log.yaml", text))
    assert [problem.split(": ")[0] for problem in caught.value.problems] == ["log.yaml:5", "log.yaml:7"]
    good = "- when: 2024-03-01 21:10\n  what: He texted me\n  channel: [text, phone]\n  witnesses: [Ann]\n"
    assert import_incidents(store, write(tmp_path, "good.yaml", good)).count == 1
    [entry] = load_entries(store)
    assert entry.record["channels"] == ["text", "phone"] and entry.record["witnesses"] == ["Ann"]
    assert entry.record["when"] == "2024-03-01 21:10"


def test_json_rows_report_their_item(store: CaseStore, tmp_path: Path) -> None:
    text = '[{"when": "2024-03-01", "what": "ok"}, {"when": "2024-03-02"}, "just text"]'
    with pytest.raises(ImportProblems) as caught:
        import_incidents(store, write(tmp_path, "log.json", text))
    assert caught.value.problems == [
        "log.json:item 2: what is empty",
        "log.json:item 3: not a mapping of column: value",
    ]
    with pytest.raises(LeaveMeAloneError, match=r"log.json:2: this is not valid JSON"):
        import_incidents(store, write(tmp_path, "log.json", '[\n{"when": }\n]'))
    assert load_entries(store) == []


def test_a_failed_import_leaves_earlier_entries_and_the_chain_alone(store: CaseStore, tmp_path: Path) -> None:
    import_incidents(store, write(tmp_path, "first.csv", GOOD_CSV))
    with pytest.raises(ImportProblems):
        import_incidents(store, write(tmp_path, "bad.csv", "when,what\n2024-01-01,ok\nnope,bad\n"))
    assert len(load_entries(store)) == 3
    assert verify_log(store).ok


def test_values_of_the_wrong_type_are_problems_not_crashes(store: CaseStore, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rows.json",
        '[{"when": 5, "what": "x"}, {"when": "2024-01-01", "what": ["a"]},'
        ' {"when": "2024-01-02", "what": "ok", "witnesses": [1]}]',
    )
    with pytest.raises(ImportProblems) as caught:
        import_incidents(store, path)
    assert caught.value.problems == [
        "rows.json:item 1: when must be text, not int 5",
        "rows.json:item 2: what must be text, not list ['a']",
        "rows.json:item 3: witnesses must be text, or a list of text",
    ]
    assert load_entries(store) == []
