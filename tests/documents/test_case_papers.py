"""Papers that fit the situation: the police summary and declaration from a real log, and notices
that never contradict the relationship.

Golden files live in tests/golden/. After changing a template, run
``UPDATE_GOLDEN=1 pytest tests/documents/test_case_papers.py``, then read every changed file by eye.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from leavemealone.documents.build import FOR_YOU_ONLY, RenderedDocument, build_document
from leavemealone.documents.text import to_text
from leavemealone.guide.record import log_extras
from leavemealone.log.entries import add_incident, record_notice_delivery
from leavemealone.resources.routing import route
from leavemealone.store.cases import open_case

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
DAY = "2024-05-02"

# A threatening ex-partner in Colorado (the state data carries its declaration sentence).
EX: dict[str, Any] = {
    "in_danger": False,
    "feels_threatened": True,
    "relationship": "ex_partner",
    "partner_tie": ["dated"],
    "contact_channels": ["text", "phone", "at_home", "at_work", "following"],
    "at_work": True,
    "at_school": False,
    "state": "CO",
    "your_name": "Maria Alvarez",
    "their_name": "Daniel Reyes",
    "conduct": ["threats", "stalking"],
}
COWORKER: dict[str, Any] = {
    "in_danger": False,
    "feels_threatened": False,
    "relationship": "coworker",
    "contact_channels": ["text", "email", "at_work", "in_person"],
    "at_work": True,
    "at_school": False,
    "state": "TX",
    "your_name": "Ana Diaz",
    "their_name": "Ben Cole",
}
ROOMMATE_AT_HOME: dict[str, Any] = {
    **COWORKER,
    "relationship": "roommate",
    "contact_channels": ["text", "at_home", "in_person"],
    "at_work": False,
    "state": "CA",
}
ONLINE: dict[str, Any] = {
    **COWORKER,
    "relationship": "online_only",
    "contact_channels": ["social_media", "email"],
    "at_work": False,
    "state": "NY",
}
NOTICES = {"coworker": COWORKER, "roommate-at-home": ROOMMATE_AT_HOME, "online-only": ONLINE}


def five_incidents(folder: Path) -> dict[str, Any]:
    """Five incidents, a notice delivery, a police report and two evidence files, through the real log."""
    screenshot, voicemail = folder / "texts.png", folder / "voicemail.m4a"
    screenshot.write_bytes(b"a screenshot of 14 texts")
    voicemail.write_bytes(b"a voicemail")
    with open_case("default") as store:
        add_incident(store, what="Waited outside my door for an hour and knocked again and again.",
                     when="2024-03-10 20:15", where="Outside my flat, 12 Elm Street",
                     channels=["at_home", "in_person"], witnesses=["Ann Lee (neighbour, 555-0100)"])
        add_incident(store, what='Sent 14 texts in one night. One said "you will regret this".',
                     when="2024-03-12 23:40", channels=["text"], evidence=[screenshot])
        record_notice_delivery(store, delivered_on="2024-03-15", via="letter")
        followed = "Followed me from the bus stop to my office.\n\nI went inside and told the guard."
        add_incident(store, what=followed,
                     when="2024-03-20 08:30", where="Main St bus stop to my office",
                     channels=["following", "at_work"], witnesses=["Sam Ortiz, security guard"])
        add_incident(store, what="Left a voicemail saying he would hurt me if I went to the police.",
                     when="2024-03-22 19:05", channels=["phone"], police_report="24-01873",
                     officer="R. Diaz, badge 4412", evidence=[voicemail])
        add_incident(store, what="Came to my work and asked the front desk for my schedule.",
                     when="2024-03-28 12:10", where="Front desk of my office",
                     channels=["at_work", "in_person"], witnesses=["Priya N., receptionist"])  # fmt: skip
        extras = log_extras(store)
    return {**extras, "routing": route("CO", "ex_partner", EX)}


@pytest.fixture
def extras(tmp_path: Path) -> dict[str, Any]:
    return five_incidents(tmp_path)


def paper(name: str, answers: dict[str, Any], extras: dict[str, Any], fmt: str = "md", **options: Any) -> Any:
    return build_document(name, answers, fmt=fmt, extras=extras, options={"date": DAY, **options})


def golden_text(document: RenderedDocument, fmt: str = "md") -> str:
    body = document.content.decode("utf-8") if fmt == "txt" else document.markdown
    advice = to_text(document.advice) if fmt == "txt" else document.advice
    return f"{body}\n{FOR_YOU_ONLY}\n\n{advice}\n" if document.advice else body


def check_golden(path: Path, text: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


# --- golden papers ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["police", "declaration"])
def test_golden_papers_for_a_case_with_five_incidents(extras: dict[str, Any], name: str) -> None:
    check_golden(GOLDEN / f"{name}-five-incidents.md", golden_text(paper(name, EX, extras)))


@pytest.mark.parametrize("fmt", ["md", "txt"])
@pytest.mark.parametrize("situation", sorted(NOTICES))
def test_golden_notices_that_fit_the_relationship(situation: str, fmt: str) -> None:
    document = build_document("notice", NOTICES[situation], fmt=fmt, options={"date": DAY})
    check_golden(GOLDEN / f"notice-{situation}.{fmt}", golden_text(document, fmt))


# --- the police summary -------------------------------------------------------------------------


def test_the_police_summarys_first_page_stands_alone(extras: dict[str, Any]) -> None:
    pages = pdf_pages(paper("police", EX, extras, fmt="pdf").content)
    first = pages[0]
    for words in ("Daniel Reyes, my former partner", "It started: March 10, 2024",
                  "my no-contact notice reached them on March 15, 2024, by letter",
                  "Since then there have been 3 more incidents",
                  "Report 24-01873 (officer: R. Diaz, badge 4412)",
                  "Signature:"):  # fmt: skip
        assert words in first
    assert "Waited outside my door" not in first  # the incidents follow on their own pages
    rest = " ".join(pages[1:])
    assert rest.index("Waited outside my door") < rest.index("Sent 14 texts") < rest.index("Came to my work")


def test_the_police_summary_quotes_every_incident_and_counts_the_course_of_conduct(
    extras: dict[str, Any],
) -> None:
    text = paper("police", EX, extras).markdown
    assert "> Followed me from the bus stop to my office.\n> I went inside and told the guard." in text
    assert "- Exhibit A: texts.png" in text and "- Exhibit B: voicemail.m4a" in text
    assert "- Witnesses: Priya N., receptionist" in text
    assert "| March 2024 | 5 | 3 |" in text
    assert "mentions a threat: 1 (log entry 5)" in text  # "he would hurt me"
    assert "mentions it: 1 (log entry 4)" in text  # following
    assert "legal advice" not in text  # a paper for an officer; the advice stays on the user's screen
    assert "legal advice" in paper("police", EX, extras).advice


def test_without_a_log_the_police_summary_asks_for_dates_by_hand() -> None:
    text = build_document("police", EX, options={"date": DAY}).markdown
    assert "It started: ______________" in text and "## The incidents" not in text


# --- the declaration ----------------------------------------------------------------------------


def test_the_declaration_numbers_each_incident_and_names_the_exhibits(extras: dict[str, Any]) -> None:
    text = paper("declaration", EX, extras).markdown
    numbers = [int(number) for number in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]
    assert numbers == list(range(1, 12))
    assert "4. On March 10, 2024, at 20:15:\nWaited outside my door" in text
    assert "see paragraphs 6, 7 and 8" in text  # the three incidents after the notice
    assert "Exhibit A: texts.png, from March 12, 2024, at 23:40. SHA-256: " in text
    assert "Signature: ____" in text and "Date: ______________" in text
    assert "May 2, 2024" not in text  # signed on the day it is sworn, not the day it was drafted


def test_the_declaration_uses_the_states_wording_only_where_the_data_has_it(extras: dict[str, Any]) -> None:
    wording = extras["routing"].declaration.text
    assert wording.startswith("I declare under penalty of perjury")
    colorado = paper("declaration", EX, extras)
    assert wording in colorado.markdown and "COPY IT WORD FOR WORD" not in colorado.markdown
    california = {**extras, "routing": route("CA", "ex_partner", EX)}
    assert california["routing"].declaration.text is None
    drafted = paper("declaration", {**EX, "state": "CA"}, california)
    assert "[THE DECLARATION SENTENCE: COPY IT WORD FOR WORD FROM YOUR COURT'S FORM]" in drafted.markdown
    assert "use the wording on your court's form, MC-031 (Attached Declaration)" in drafted.advice
    assert "use the wording on your court's form" not in drafted.markdown  # on screen only


# --- notices that fit -----------------------------------------------------------------------------


def notice_text(answers: dict[str, Any], **options: Any) -> str:
    return build_document("notice", answers, fmt="txt", options={"date": DAY, **options}).content.decode()


def test_a_coworker_is_not_banned_from_the_workplace_they_share() -> None:
    for channel in ("letter", "email", "text"):
        text = notice_text(COWORKER, channel=channel).lower()
        assert "workplace" not in text and "my work" not in text
        assert "about work that cannot be avoided" in text and "manager" in text


def test_a_roommate_at_home_may_still_write_about_rent_and_bills() -> None:
    for channel in ("letter", "email", "text"):
        text = notice_text(ROOMMATE_AT_HOME, channel=channel)
        assert "my home" not in text and "rent, bills, belongings or moving out" in text
    apart = notice_text(ROOMMATE_AT_HOME, living_together=False)
    assert "visits to my home" in apart and "rent" not in apart


@pytest.mark.parametrize("relationship", ["partner", "ex_partner", "family", "household", "roommate"])
def test_the_answer_to_do_you_live_with_them_now_decides_the_shared_home_terms(relationship: str) -> None:
    answers = {**ROOMMATE_AT_HOME, "relationship": relationship}
    together = notice_text({**answers, "lives_with_them": True})
    apart = notice_text({**answers, "lives_with_them": False})
    assert "rent, bills, belongings or moving out" in together and "visits to my home" not in together
    assert "rent" not in apart and "visits to my home" in apart
    assert "rent" not in notice_text({**answers, "lives_with_them": True}, living_together=False)


def test_someone_known_only_online_is_written_to_where_they_are() -> None:
    document = build_document("notice", ONLINE, fmt="txt", options={"date": DAY})
    text = document.content.decode()
    assert document.markdown.startswith("Subject: Stop all contact with me")  # by email, as they use
    assert "my home" not in text and "gifts" not in text and "new or other accounts" in text
    message = notice_text(ONLINE, channel="text")
    assert "another account" in message and "come to" not in message


# --- the letters to work and school ----------------------------------------------------------------


def test_the_employer_letter_is_a_formal_report_with_the_incidents_at_work(extras: dict[str, Any]) -> None:
    text = paper("employer", EX, extras).markdown
    assert "I am making a report under our workplace's policy on ______________" in text
    assert "Came to my work and asked the front desk" in text and "Followed me from the bus stop" in text
    assert "Waited outside my door" not in text  # at home: not the workplace's business
    for words in ("Call screening", "Security:", "protected from retaliation", "A written reply by ______"):
        assert words in text
    coworker = build_document("employer", COWORKER, options={"date": DAY}).markdown
    assert "Separate schedules or work locations" in coworker and "An investigation" in coworker
    assert "not to let them in" not in coworker  # they work there: not an outsider


def test_the_school_letter_goes_to_title_ix_or_the_principal() -> None:
    college = build_document("school", EX, options={"date": DAY}).markdown
    assert "To: The Title IX Coordinator" in college and "supportive measures under Title IX" in college
    for words in ("no-contact directive", "housing", "escort", "Academic adjustments", "A written reply"):
        assert words in college
    high_school = build_document("school", EX, options={"date": DAY, "k12": True}).markdown
    assert "To: The Principal, and the school's Title IX coordinator" in high_school
    assert "housing" not in high_school
    neighbour = {**COWORKER, "relationship": "neighbour"}
    plain = build_document("school", neighbour, options={"date": DAY}).markdown
    assert "To: The Dean of Students" in plain and "Title IX" not in plain


def test_one_incident_and_one_file_are_counted_in_the_singular(tmp_path: Path) -> None:
    photo = tmp_path / "door.jpg"
    photo.write_bytes(b"a photo of the door")
    with open_case("default") as store:
        add_incident(store, what="Knocked on my door at midnight.", when="2024-03-10 23:55", evidence=[photo])
        extras = {**log_extras(store), "routing": route("CO", "ex_partner", EX)}
    police = paper("police", EX, extras).markdown
    court = paper("court", EX, extras).markdown
    assert "with 1 entry (1 evidence file)" in police
    assert "(1 entry so far)" in court
    assert "1 entries" not in police + court and "1 evidence files" not in police


def test_a_letter_to_work_or_school_never_claims_it_reaches_there_when_the_user_said_no() -> None:
    apart = {**EX, "relationship": "neighbour", "at_work": False, "at_school": False, "conduct": [],
             "contact_channels": ["text"]}  # fmt: skip
    employer = build_document("employer", apart, options={"date": DAY}).markdown
    school = build_document("school", apart, options={"date": DAY}).markdown
    assert "reaches my workplace" not in employer and "It has not reached my workplace so far" in employer
    assert "reaches school" not in school and "It has not reached school so far" in school
    at_work = build_document("employer", {**apart, "at_work": True}, options={"date": DAY}).markdown
    assert "will not leave me alone, and it reaches my workplace." in at_work
