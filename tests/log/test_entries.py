"""The incident log: append-only entries, corrections, the notice, and verify catching tampering."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from leavemealone.errors import LeaveMeAloneError, UsageError
from leavemealone.log.entries import add_incident, amend_entry, load_entries, record_notice_delivery
from leavemealone.log.model import chain_hash, content_hash, parse_when
from leavemealone.log.timeline import incident_counts, list_incidents, show_entry
from leavemealone.log.verify import verify_log
from leavemealone.store.case_store import DATABASE_NAME, CaseStore, now_text
from leavemealone.store.sealing import SealedCodec


def sealed_codec() -> SealedCodec:
    return SealedCodec(bytes(range(32)), "testkey")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore.open(tmp_path / "case") as opened:
        yield opened


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8 not really a photo")
    return path


def three_entries(store: CaseStore, photo: Path) -> None:
    add_incident(store, what="He texted me 14 times", when="2024-03-01 21:10", channels=["text"],
                 evidence=[photo])
    add_incident(store, what="Waited outside my work", when="2024-03-04 08:30", channels=["at_work"])
    add_incident(store, what="Left a note on my car", when="2024-03-09", where="car park")


def raw(store: CaseStore) -> sqlite3.Connection:
    """A connection behind the tool's back, as someone with the file could open it."""
    return sqlite3.connect(store.folder / DATABASE_NAME, isolation_level=None)


# --- adding and reading -----------------------------------------------------------------


def test_an_incident_is_saved_with_every_field(store: CaseStore, photo: Path) -> None:
    entry = add_incident(
        store,
        what="  He followed me home\r\nfrom the bus stop  ",
        when="2024-05-02 18:30",
        where="Elm Street",
        channels=["following", "in_person", "following"],
        witnesses=["Ann (555-0100)", " ", "Bob"],
        police_report="PR-2024-77",
        officer="Officer Diaz #4411",
        evidence=[photo],
    )
    assert entry.seq == 1
    [loaded] = load_entries(store)
    assert loaded.record["what"] == "He followed me home\nfrom the bus stop"
    assert loaded.items("channels") == ("following", "in_person")
    assert loaded.items("witnesses") == ("Ann (555-0100)", "Bob")
    [item] = loaded.evidence
    assert item.name == "photo.jpg" and item.size == photo.stat().st_size
    assert item.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert store.get_file(item.sha256) == photo.read_bytes()


def test_the_original_evidence_file_is_never_touched(store: CaseStore, photo: Path) -> None:
    before = (photo.read_bytes(), photo.stat().st_mtime_ns, photo.stat().st_mode)
    add_incident(store, what="x", evidence=[photo])
    assert (photo.read_bytes(), photo.stat().st_mtime_ns, photo.stat().st_mode) == before
    [item] = load_entries(store)[0].evidence
    recorded = dt.datetime.fromisoformat(item.modified)
    assert abs(recorded.timestamp() - photo.stat().st_mtime) < 1


def test_when_defaults_to_now_and_is_checked(store: CaseStore) -> None:
    before = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    entry = add_incident(store, what="x")
    assert before <= entry.record["when"] <= dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    with pytest.raises(UsageError, match="not a date and time"):
        add_incident(store, what="x", when="31/05/2024")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(UsageError, match="in the future"):
        add_incident(store, what="x", when=tomorrow)
    assert parse_when("2024-05-31T18:30:59") == "2024-05-31 18:30"
    assert parse_when(dt.date(2024, 5, 31)) == "2024-05-31"


def test_bad_fields_are_named_and_nothing_is_saved(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Say what happened"):
        add_incident(store, what="   ")
    with pytest.raises(UsageError, match="The channel 'pigeon'.*") as caught:
        add_incident(store, what="x", channels=["pigeon"])
    assert "in_person" in (caught.value.hint or "")
    with pytest.raises(UsageError, match="The evidence file"):
        add_incident(store, what="x", evidence=[tmp_path / "missing.png"])
    assert load_entries(store) == []


def test_user_text_and_evidence_reach_the_disk_only_sealed(tmp_path: Path, photo: Path) -> None:
    folder = tmp_path / "sealed"
    with CaseStore.open(folder, codec=sealed_codec()) as sealed:
        add_incident(
            sealed,
            what="UNIQUE-WHAT-TEXT",
            when="2024-05-02 18:30",
            where="UNIQUE-WHERE",
            witnesses=["UNIQUE-WITNESS"],
            police_report="UNIQUE-REPORT",
            officer="UNIQUE-OFFICER",
            evidence=[photo],
        )
        amend_entry(sealed, 1, note="UNIQUE-NOTE")
        record_notice_delivery(sealed, delivered_on="2024-04-01", via="email")
        assert verify_log(sealed).ok
        copy = sealed.file_path(load_entries(sealed)[0].evidence[0].sha256)
    stored = (folder / DATABASE_NAME).read_bytes()
    today = now_text()[:10].encode()
    for secret in (b"UNIQUE-", b"2024-05-02", b"2024-04-01", b"photo.jpg", b"correction", b"notice", today):
        assert secret not in stored, secret
    assert photo.read_bytes() not in copy.read_bytes()


def test_list_is_newest_first_and_filters(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    assert [incident.seq for incident in list_incidents(store)] == [3, 2, 1]
    assert [incident.seq for incident in list_incidents(store, since="2024-03-04")] == [3, 2]
    assert [incident.seq for incident in list_incidents(store, until="2024-03-04")] == [2, 1]
    assert [incident.seq for incident in list_incidents(store, channel="text")] == [1]
    with pytest.raises(UsageError, match="not a known channel"):
        list_incidents(store, channel="carrier-pigeon")


def test_a_correction_is_a_new_entry_and_the_original_stays(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    original = load_entries(store)[1]
    correction = amend_entry(store, 2, where="outside the office", when="2024-03-04 08:45", note="wrong time")
    assert (correction.seq, correction.kind, correction.amends) == (4, "correction", 2)
    assert load_entries(store)[1] == original
    detail = show_entry(store, 2)
    assert detail.incident is not None
    assert (detail.incident.where, detail.incident.when) == ("outside the office", "2024-03-04 08:45")
    assert [entry.seq for entry in detail.incident.corrections] == [4]
    assert [incident.seq for incident in list_incidents(store)] == [3, 2, 1]
    assert verify_log(store).ok


def test_corrections_are_checked(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    with pytest.raises(UsageError, match="no entry 9"):
        amend_entry(store, 9, what="x")
    with pytest.raises(UsageError, match="Say what to correct"):
        amend_entry(store, 1)
    amend_entry(store, 1, what="He texted me 15 times")
    with pytest.raises(UsageError, match="itself a correction"):
        amend_entry(store, 4, what="y")


# --- the notice -------------------------------------------------------------------------


def test_incidents_after_the_notice_are_marked(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    notice = record_notice_delivery(store, delivered_on="2024-03-04", via="email")
    assert (notice.kind, notice.record["when"], notice.record["via"]) == ("notice", "2024-03-04", "email")
    marked = {incident.seq: incident.after_notice for incident in list_incidents(store)}
    # The same day as a notice known only by its day cannot be shown to come after it.
    assert marked == {1: False, 2: False, 3: True, 4: False}
    counts = incident_counts(store)
    assert counts["after_notice"] == 1 and counts["count"] == 3


def test_a_notice_with_a_time_marks_later_that_day(store: CaseStore) -> None:
    record_notice_delivery(store, delivered_on="2024-03-04 08:00", via="in_person")
    add_incident(store, what="came to my door", when="2024-03-04 09:00")
    add_incident(store, what="before it", when="2024-03-04 07:00")
    assert {i.seq: i.after_notice for i in list_incidents(store)} == {1: False, 2: True, 3: False}


def test_the_notice_is_checked(store: CaseStore) -> None:
    with pytest.raises(UsageError, match="'pigeon' is not a known way of delivery"):
        record_notice_delivery(store, delivered_on="2024-03-04", via="pigeon")
    with pytest.raises(UsageError, match="The delivery date"):
        record_notice_delivery(store, delivered_on="March 4th", via="email")


def test_a_corrected_incident_time_moves_it_across_the_notice(store: CaseStore) -> None:
    record_notice_delivery(store, delivered_on="2024-03-04", via="letter")
    add_incident(store, what="x", when="2024-03-01 10:00")
    assert not list_incidents(store)[0].after_notice
    amend_entry(store, 2, when="2024-03-10 10:00")
    assert list_incidents(store)[0].after_notice


def test_counts_for_letters(store: CaseStore, photo: Path) -> None:
    assert incident_counts(store)["count"] == 0
    three_entries(store, photo)
    amend_entry(store, 2, police_report="PR-1")
    counts = incident_counts(store)
    assert counts == {
        "count": 3,
        "first": "2024-03-01",
        "last": "2024-03-09",
        "with_evidence": 1,
        "after_notice": 0,
        "police_reports": ["PR-1"],
        "notice_on": None,
        "notice_via": None,
    }
    record_notice_delivery(store, delivered_on="2024-03-02", via="email")
    counts = incident_counts(store)
    assert counts["notice_on"] == "2024-03-02" and counts["notice_via"] == "by email"
    assert counts["after_notice"] == 2


# --- the hash chain and verify ------------------------------------------------------------


def test_the_chain_follows_the_documented_recipe(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    previous = "0" * 64
    for entry in load_entries(store):
        hashed = {**entry.record, "seq": entry.seq, "kind": entry.kind, "amends": entry.amends,
                  "created_at": entry.created_at}
        canonical = json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert entry.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
        recomputed = content_hash(entry.seq, entry.kind, entry.amends, entry.created_at, entry.record)
        assert entry.content_hash == recomputed
        assert entry.prev_hash == previous
        assert entry.entry_hash == hashlib.sha256((previous + entry.content_hash).encode()).hexdigest()
        previous = entry.entry_hash
    report = verify_log(store)
    assert report.ok and report.entries == 3 and report.files == 1 and report.head == previous


def test_an_empty_log_verifies(store: CaseStore) -> None:
    report = verify_log(store)
    assert report.ok and report.entries == 0 and report.head is None


def test_an_entry_edited_behind_the_tools_back_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    sealed = raw(store).execute("SELECT content FROM log_entries WHERE seq = 2").fetchone()[0]
    content = json.loads(sealed)  # no passphrase: the content is plain JSON
    content["record"]["what"] = "Nothing happened"
    raw(store).execute("UPDATE log_entries SET content = ? WHERE seq = 2", (json.dumps(content).encode(),))
    report = verify_log(store)
    assert not report.ok
    assert report.messages[0] == "Entry 2 has been changed since it was recorded."


def test_an_edited_entry_time_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    sealed = raw(store).execute("SELECT content FROM log_entries WHERE seq = 3").fetchone()[0]
    content = {**json.loads(sealed), "created_at": "2020-01-01T00:00:00+00:00"}
    raw(store).execute("UPDATE log_entries SET content = ? WHERE seq = 3", (json.dumps(content).encode(),))
    assert verify_log(store).messages[0] == "Entry 3 has been changed since it was recorded."


def test_an_edit_with_its_hashes_recomputed_still_breaks_the_chain(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    entry = load_entries(store)[1]
    forged = {**entry.record, "what": "Nothing happened"}
    forged_content = content_hash(entry.seq, entry.kind, entry.amends, entry.created_at, forged)
    raw(store).execute(
        "UPDATE log_entries SET content = ?, content_hash = ?, entry_hash = ? WHERE seq = 2",
        (
            store.seal_record(
                "log_entries",
                2,
                {"kind": entry.kind, "amends": None, "created_at": entry.created_at, "record": forged},
            ),
            forged_content,
            chain_hash(entry.prev_hash, forged_content),
        ),
    )
    first = verify_log(store).messages[0]
    assert "between entry 2 and entry 3" in first


def test_unreadable_content_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    raw(store).execute("UPDATE log_entries SET content = x'00ff' WHERE seq = 1")
    assert verify_log(store).messages[0] == (
        "Entry 1 cannot be read: it was changed, moved or damaged outside leavemealone."
    )
    with pytest.raises(LeaveMeAloneError, match="cannot be read") as caught:
        list_incidents(store)
    assert "log verify" in (caught.value.hint or "")


def test_a_deleted_entry_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    raw(store).execute("DELETE FROM log_entries WHERE seq = 2")
    assert verify_log(store).messages[0] == "The log jumps from entry 1 to 3: entry 2 was removed."


def test_deleting_the_newest_entries_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    raw(store).execute("DELETE FROM log_entries WHERE seq = 3")
    assert verify_log(store).messages == ["Entry 3, the newest one recorded, was removed."]
    raw(store).execute("DELETE FROM log_entries WHERE seq = 2")
    assert verify_log(store).messages == ["Entries 2 to 3, the newest ones recorded, were removed."]


def test_a_renumbered_deletion_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    connection = raw(store)
    connection.execute("DELETE FROM log_entries WHERE seq = 2")
    connection.execute("UPDATE log_entries SET seq = 2 WHERE seq = 3")
    messages = verify_log(store).messages
    assert messages[0] == "Entry 2 has been changed since it was recorded."


def test_a_changed_evidence_copy_is_caught(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    digest = load_entries(store)[0].evidence[0].sha256
    store.file_path(digest).write_bytes(b"a different picture")
    message = verify_log(store).messages[0]
    assert message.startswith("The evidence file 'photo.jpg' of entry 1 has been changed")
    store.file_path(digest).unlink()
    assert "is missing" in verify_log(store).messages[0]


def test_a_wrong_or_right_expected_head(store: CaseStore, photo: Path) -> None:
    three_entries(store, photo)
    head = verify_log(store).head
    add_incident(store, what="later")
    report = verify_log(store, expected_head=head)
    assert report.ok and report.expected_head_entry == 3
    assert not verify_log(store, expected_head="ab" * 32).ok


def test_a_busy_log_waits_briefly_then_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from leavemealone.errors import StoreError
    from leavemealone.store import case_store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    with CaseStore.open(tmp_path / "busy") as busy:
        other = raw(busy)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="in use by another leavemealone window"):
            add_incident(busy, what="x")
        other.execute("ROLLBACK")
        add_incident(busy, what="x")
        assert verify_log(busy).ok
