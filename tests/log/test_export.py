"""The export in every format: cover, timeline, after-notice marks, exhibits, hashes, literal user text."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from leavemealone.log.entries import (
    NewEntry,
    add_incident,
    amend_entry,
    append_entries,
    record_notice_delivery,
)
from leavemealone.log.export import export_log
from leavemealone.log.model import GENESIS
from leavemealone.log.verify import verify_log
from leavemealone.store.case_store import CaseStore
from tests.html_text import TextAndTags

TRICKY = "He wrote {{ 7*7 }} and <script>alert(1)</script> with *stars* & `ticks`"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    photo = tmp_path / "door camera.jpg"
    photo.write_bytes(b"frame 1")
    with CaseStore.open(tmp_path / "case") as opened:
        opened.set_answer("your_name", "Alex Doe")
        opened.set_answer("their_name", "Sam <Roe>")
        add_incident(opened, what=TRICKY, when="2024-01-15 21:10", channels=["text"])
        record_notice_delivery(opened, delivered_on="2024-02-01", via="email")
        add_incident(
            opened,
            what="Came to my door at night",
            when="2024-02-03 23:40",
            where="my flat",
            channels=["at_home", "in_person"],
            witnesses=["Ann (555-0100)"],
            police_report="PR-2024-0042",
            officer="Officer Diaz #4411",
            evidence=[photo],
        )
        add_incident(opened, what="Called twice", when="2024-02-10 09:00", channels=["phone"])
        amend_entry(opened, 4, what="Called three times", note="checked my phone log")
        yield opened


def test_markdown_has_the_cover_timeline_exhibits_and_chain(store: CaseStore) -> None:
    text = export_log(store, fmt="md").content.decode()
    head = verify_log(store).head
    assert head is not None
    assert "**Kept by:** Alex Doe" in text and "**About:** Sam <Roe>" in text
    assert "- Incidents recorded: 3, from 2024-01-15 21:10 to 2024-02-10 09:00" in text
    assert "- No-contact notice delivered: 2024-02-01, by email (entry 2)" in text
    assert "- Incidents after the notice was delivered: 2" in text
    assert "- Police report numbers: PR-2024-0042 (entry 3)" in text
    assert "| text message | 1 |" in text and "| at my home | 1 |" in text and "| phone | 1 |" in text
    assert "| 2024-01 | 1 | 0 |" in text and "| 2024-02 | 2 | 2 |" in text
    assert TRICKY in text
    assert "**Entry 3 · 2024-02-03 23:40** · at my home, in person · **after notice**" in text
    assert "What happened: Called three times" in text
    assert "Corrected in entry 5 on " in text and "(what): checked my phone log" in text
    assert "**Exhibit 1.** door camera.jpg (entry 3)" in text
    assert f"SHA-256: {hashlib.sha256(b'frame 1').hexdigest()}" in text
    assert f"Chain head (entry 5): {head}" in text
    assert f"leavemealone log verify --head {head}" in text
    assert text.index("## Timeline") < text.index("## Exhibits") < text.index("## Checking")


def test_text_keeps_user_text_literal(store: CaseStore) -> None:
    text = export_log(store, fmt="txt").content.decode()
    assert TRICKY in text
    assert "after notice" in text and "PR-2024-0042" in text and "Sam <Roe>" in text


def test_html_escapes_user_text(store: CaseStore) -> None:
    page = export_log(store, fmt="html").content.decode()
    parsed = TextAndTags()
    parsed.feed(page)
    assert "script" not in parsed.tags
    shown = "".join(parsed.text)
    assert TRICKY in shown and "Sam <Roe>" in shown
    assert "after notice" in shown
    assert "&lt;script&gt;" in page
    assert "<table>" in page  # counts by channel and by month


def test_pdf_text(store: CaseStore) -> None:
    from pypdf import PdfReader

    content = export_log(store, fmt="pdf").content
    assert content.startswith(b"%PDF")
    assert b"/CIDToGIDMap /Identity" in content  # every label of ours is drawn by the bundled fonts alone
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(text.split())
    assert "{{ 7*7 }}" in flat and "<script>alert(1)</script>" in flat and "*stars*" in flat
    assert "after notice" in flat
    assert "PR-2024-0042" in flat and "Alex Doe" in flat
    assert "Incidents after the notice was delivered: 2" in flat
    head = verify_log(store).head
    assert head is not None and head in "".join(text.split())
    assert "Page 1 of" in flat


def test_csv_rows_are_the_entries_as_recorded(store: CaseStore) -> None:
    rows = list(csv.DictReader(io.StringIO(export_log(store, fmt="csv").content.decode())))
    assert [row["entry"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert [row["kind"] for row in rows] == ["incident", "notice", "incident", "incident", "correction"]
    assert rows[0]["what"] == TRICKY and rows[0]["after_notice"] == "no"
    assert rows[2]["after_notice"] == "yes" and rows[2]["witnesses"] == "Ann (555-0100)"
    assert rows[2]["evidence"] == f"door camera.jpg sha256:{hashlib.sha256(b'frame 1').hexdigest()}"
    assert rows[3]["what"] == "Called twice" and rows[3]["corrected_by"] == "5"
    assert rows[4]["corrects_entry"] == "4" and rows[4]["note"] == "checked my phone log"
    assert rows[4]["entry_hash"] == verify_log(store).head


def test_csv_guards_against_spreadsheet_formulas(store: CaseStore) -> None:
    add_incident(store, what='=HYPERLINK("http://x")', when="2024-02-11")
    rows = list(csv.DictReader(io.StringIO(export_log(store, fmt="csv").content.decode())))
    assert rows[-1]["what"] == '\'=HYPERLINK("http://x")'


def test_json_can_be_checked_without_the_tool(store: CaseStore) -> None:
    data = json.loads(export_log(store, fmt="json").content)
    assert data["kept_by"] == "Alex Doe" and data["about"] == "Sam <Roe>"
    summary = data["summary"]
    assert summary["incidents"] == 3 and summary["after_notice"] == 2
    assert summary["notice"] == {"entry": 2, "delivered": "2024-02-01", "via": "email"}
    assert summary["by_channel"] == {"in_person": 1, "phone": 1, "text": 1, "at_home": 1}
    assert summary["by_month"]["2024-02"] == {"incidents": 2, "after_notice": 2}
    assert summary["police_reports"] == [{"number": "PR-2024-0042", "entry": 3}]
    timeline = {item["entry"]: item for item in data["timeline"]}
    assert timeline[1]["what"] == TRICKY and timeline[4]["what"] == "Called three times"
    assert timeline[3]["after_notice"] and timeline[3]["exhibits"] == [1]
    assert data["exhibits"][0]["sha256"] == hashlib.sha256(b"frame 1").hexdigest()
    previous = GENESIS
    for entry in data["entries"]:
        hashed = {
            **entry["record"],
            "seq": entry["seq"],
            "kind": entry["kind"],
            "amends": entry["amends"],
            "created_at": entry["created_at"],
        }
        canonical = json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        assert hashlib.sha256(canonical).hexdigest() == entry["content_hash"]
        previous = hashlib.sha256((previous + entry["content_hash"]).encode()).hexdigest()
        assert previous == entry["entry_hash"]
    assert previous == data["chain"]["head"] and data["verification"] == {"ok": True, "problems": []}


def test_a_date_range_narrows_the_timeline_but_keeps_the_notice(store: CaseStore) -> None:
    text = export_log(store, fmt="md", since="2024-02-05").content.decode()
    assert "**Covers:** 2024-02-05 to today" in text
    assert "Incidents recorded: 1," in text and "No-contact notice delivered: 2024-02-01" in text
    assert TRICKY not in text


def test_an_export_of_a_tampered_log_says_so(store: CaseStore) -> None:
    store.connection.execute("DELETE FROM log_entries WHERE seq = 3")
    result = export_log(store, fmt="md")
    assert not result.verified and "entry 3 was removed" in result.warnings[0]
    assert "PROBLEM FOUND" in result.content.decode()


def test_an_empty_log_exports(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "empty") as empty:
        text = export_log(empty, fmt="txt").content.decode()
    assert "Incidents recorded: 0" in text and "The log is empty." in text


def test_a_few_hundred_entries_export_quickly(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path / "many") as many:
        entries = [
            NewEntry("incident", {"when": f"2023-{month:02d}-{day:02d} 12:00", "what": f"incident {day}"})
            for month in range(1, 13)
            for day in range(1, 26)
        ]
        append_entries(many, entries)
        started = time.perf_counter()
        pdf = export_log(many, fmt="pdf")
        assert time.perf_counter() - started < 10
        assert verify_log(many).entries == 300 and pdf.verified


def test_a_problem_naming_a_right_to_left_folder_is_drawn_right_to_left_in_the_pdf(tmp_path: Path) -> None:
    import pypdfium2

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"frame")
    with CaseStore.open(tmp_path / "תיק") as opened:  # a case folder named in Hebrew
        add_incident(opened, what="Waited", when="2024-01-15 21:10", channels=["text"], evidence=[photo])
        opened.file_path(hashlib.sha256(b"frame").hexdigest()).unlink()  # its kept copy goes missing
        result = export_log(opened, fmt="pdf")
    assert not result.verified and "תיק" in result.warnings[0]  # the problem names the folder
    page = pypdfium2.PdfDocument(result.content)[0].get_textpage()
    shown = page.get_text_range()
    left = {char: page.get_charbox(shown.index(char))[0] for char in "תיק"}
    assert left["ת"] > left["י"] > left["ק"]  # the first letter rightmost, as Hebrew is read
