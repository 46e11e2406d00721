"""The documents: catalogue, golden letters, every format, user text as data, and safety rules.

Golden files live in tests/golden/. After changing a template, run
``UPDATE_GOLDEN=1 pytest tests/documents/test_documents.py``, then read every changed
file by eye before committing it.
"""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from rich.console import Console

from leavemealone.ask.console import show_document
from leavemealone.documents import build as documents
from leavemealone.documents.build import FOR_YOU_ONLY, RenderedDocument, build_document, document_context
from leavemealone.documents.catalogue import CATALOGUE, list_documents, missing_fields
from leavemealone.documents.context import TEXT_MESSAGE_LIMIT
from leavemealone.documents.formats import FORMATS
from leavemealone.documents.templates import template_dirs
from leavemealone.documents.text import to_text
from leavemealone.errors import LeaveMeAloneError, NeedsInputError, UsageError
from leavemealone.resources.routing import route

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
DAY = "2024-05-02"

LINES = [
    {"name": "Emergency services", "phone": "911", "text": None},
    {"name": "National Domestic Violence Hotline", "phone": "1-800-799-7233", "text": "START to 88788"},
    {"name": "988 Suicide & Crisis Lifeline", "phone": "988", "text": "988"},
]


def step(title: str, status: str, *items: tuple[str, bool]) -> dict[str, Any]:
    """A step as the engine hands it over: a title, a status and items with done flags."""
    return {"title": title, "status": status, "items": [{"text": text, "done": done} for text, done in items]}


# A roommate who is not threatening: warnings in person were fine, the user is a student.
ROOMMATE: dict[str, Any] = {
    "in_danger": False,
    "feels_threatened": False,
    "relationship": "roommate",
    "contact_channels": ["text", "phone", "at_home", "social_media"],
    "at_work": False,
    "at_school": True,
    "state": "CA",
    "your_name": "Zoë Núñez-O'Brien",
    "their_name": "Jordan Pike",
}
ROOMMATE_EXTRAS: dict[str, Any] = {
    "emergency_lines": LINES,
    "steps": [
        step("Warn them", "done", ("Tell Jordan plainly, in public with a friend there, to stop", True)),
        step(
            "Cut off contact",
            "current",
            ("Change the locks, or move out", False),
            ("Block Jordan on social media", True),
        ),
        step("Tell your school", "pending", ("Give the letter to the dean's office", False)),
    ],
    "routing": route("CA", "roommate", {"conduct": ["repeated_harassment"]}),
}  # fmt: skip

# A threatening ex-partner: nothing in person, no legal threats, emergency numbers first.
EX_PARTNER: dict[str, Any] = {
    "in_danger": False,
    "feels_threatened": True,
    "relationship": "ex_partner",
    "contact_channels": ["phone", "text", "social_media", "at_home", "at_work", "following", "third_parties"],
    "at_work": True,
    "at_school": False,
    "state": "TX",
    "your_name": "Maria Alvarez",
    "their_name": "Daniel Reyes",
}
EX_EXTRAS: dict[str, Any] = {
    "emergency_lines": LINES,
    "steps": [
        step("Check your safety", "done", ("Save the emergency numbers in your phone", True)),
        step("Tell them to stop, in writing", "done", ("Send the no-contact notice by certified mail", True)),
        step(
            "Cut off contact",
            "current",
            ("Block Daniel on every social network", True),
            ("Get a second phone number", False),
            ("Do not answer his calls, messages or the door", False),
        ),
        step("Get support", "pending", ("Tell a trusted friend everything", False)),
        step("Go to the police", "pending", ("Ask for a written report and its number", False)),
    ],
    "routing": route("TX", "ex_partner", {"partner_tie": ["dated"], "conduct": ["threats"]}),
    "incidents": {"count": 7, "first": "2024-03-10", "last": "2024-04-28", "with_evidence": 5},
}  # fmt: skip

REASON = "I moved out and I want a clean break"
SITUATIONS = {
    # They moved out: the notice forbids visits to the home (the roommate still at home has its own golden).
    "roommate": (ROOMMATE, ROOMMATE_EXTRAS, {"reason": REASON, "living_together": False}),
    "ex-partner": (EX_PARTNER, EX_EXTRAS, {"final": True, "since": "January"}),
}
GOLDEN_CASES = [(name, situation, {}) for name in CATALOGUE for situation in SITUATIONS] + [
    ("notice", "roommate", {"channel": "text", "final": True}),
    ("notice", "ex-partner", {"channel": "email"}),
]
# The court document where routing matters most, each from the shipped data and the real router.
COURT_ROUTES = {
    "roommate-in-california": ("CA", "roommate", {"conduct": ["threats"]}),
    "roommate-in-new-york": ("NY", "roommate", {"conduct": ["threats"]}),
    "dating-partner-in-georgia": ("GA", "ex_partner", {"partner_tie": ["dated"], "conduct": ["threats"]}),
    "coworker-in-texas": ("TX", "coworker", {"conduct": ["stalking"]}),
}


def golden_path(name: str, situation: str, variant: dict[str, Any]) -> Path:
    suffix = "".join(f"-{value if value is not True else key}" for key, value in sorted(variant.items()))
    return GOLDEN / f"{name}-{situation}{suffix}.md"


def make(name: str, situation: str, fmt: str = "md", **options: Any) -> documents.RenderedDocument:
    answers, extras, base_options = SITUATIONS[situation]
    return build_document(
        name, answers, fmt=fmt, extras=extras, options={**base_options, "date": DAY, **options}
    )


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(content: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


# --- catalogue -------------------------------------------------------------------------


def test_the_catalogue_lists_every_document_with_one_line_and_a_template() -> None:
    assert list(CATALOGUE) == [
        "notice", "employer", "school", "support", "police", "court", "declaration", "exhibits",
        "safety_plan", "checklist",
    ]  # fmt: skip
    for info in list_documents():
        assert info.summary and "\n" not in info.summary and len(info.summary) <= 100
        assert (template_dirs()[0] / f"{info.name}.md.j2").is_file()
    assert CATALOGUE["notice"].required == ("your_name", "their_name")


def test_an_unknown_document_format_option_or_channel_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'lease'") as caught:
        build_document("lease", ROOMMATE)
    assert caught.value.hint is not None and "notice" in caught.value.hint
    with pytest.raises(UsageError, match="'odt'"):
        build_document("notice", ROOMMATE, fmt="odt")
    with pytest.raises(UsageError, match="'pigeon'"):
        build_document("notice", ROOMMATE, options={"channel": "pigeon"})
    with pytest.raises(UsageError, match="'colour'"):
        build_document("notice", ROOMMATE, options={"colour": "red"})
    with pytest.raises(UsageError, match="'May 2'"):
        build_document("notice", ROOMMATE, options={"date": "May 2"})


def test_a_missing_required_field_names_its_option() -> None:
    answers = {**ROOMMATE, "their_name": "  "}
    assert missing_fields("notice", answers) == ["their_name"]
    with pytest.raises(NeedsInputError, match="their_name") as caught:
        build_document("notice", answers)
    assert caught.value.hint is not None and "--their-name" in caught.value.hint
    given = build_document("notice", answers, options={"their_name": "Sam Lee", "date": DAY})
    assert "Sam Lee," in given.markdown


def test_the_context_has_every_key_even_without_answers_or_extras() -> None:
    context = document_context({})
    for key in ("routing", "incidents", "steps", "reason", "your_name", "their_name", "since"):
        assert context[key] is None
    assert context["emergency_lines"][0].phone.startswith("911")
    assert context["in_person_ok"] is False  # unknown is not "safe"
    for name in ("court", "checklist"):
        assert build_document(name, {}, options={"date": DAY}).markdown


# --- golden Markdown -------------------------------------------------------------------


def golden_text(document: RenderedDocument) -> str:
    """The document, then (apart, as on screen) the advice that never goes into its file."""
    if not document.advice:
        return document.markdown
    return f"{document.markdown}\n{FOR_YOU_ONLY}\n\n{document.advice}\n"


@pytest.mark.parametrize("case", sorted(COURT_ROUTES))
def test_golden_court_documents_follow_the_routing(case: str) -> None:
    state, relationship, routing_answers = COURT_ROUTES[case]
    answers = {**ROOMMATE, "state": state, "relationship": relationship, **routing_answers}
    extras = {"emergency_lines": LINES, "routing": route(state, relationship, answers)}
    document = build_document("court", answers, extras=extras, options={"date": DAY})
    path = GOLDEN / f"court-{case}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(golden_text(document), encoding="utf-8")
    assert golden_text(document) == path.read_text(encoding="utf-8")


def test_no_civil_order_means_no_forms_and_no_filing() -> None:
    answers = {**ROOMMATE, "state": "NY"}
    extras = {"routing": route("NY", "roommate", {"conduct": ["threats"]})}
    text = build_document("court", answers, extras=extras, options={"date": DAY}).markdown
    assert "Get the forms" not in text and "## Filing" not in text and "filing" not in text.lower()
    assert "Protection through a criminal case" in text and "## What to do instead" in text


def test_a_fitting_order_never_says_when_no_civil_order_fits() -> None:
    answers = {**ROOMMATE, "state": "TX", "relationship": "coworker"}
    extras = {"routing": route("TX", "coworker", {"conduct": ["stalking"]})}
    text = build_document("court", answers, extras=extras, options={"date": DAY}).markdown
    assert "no civil order fits" not in text.lower() and "Get the forms" in text


@pytest.mark.parametrize(("name", "situation", "variant"), GOLDEN_CASES)
def test_golden_markdown(name: str, situation: str, variant: dict[str, Any]) -> None:
    document = make(name, situation, **variant)
    path = golden_path(name, situation, variant)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(golden_text(document), encoding="utf-8")
    assert golden_text(document) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "situation", "variant"), GOLDEN_CASES)
def test_the_escaped_copy_reads_the_same(name: str, situation: str, variant: dict[str, Any]) -> None:
    document = make(name, situation, **variant)
    assert to_text(document.safe_markdown) == to_text(document.markdown)


# --- the notice ------------------------------------------------------------------------


@pytest.mark.parametrize("situation", SITUATIONS)
def test_the_text_message_fits_in_480_characters(situation: str) -> None:
    document = make("notice", situation, channel="text", final=True)
    message = re.search(r"^> (.*)$", document.markdown, re.MULTILINE)
    assert message is not None
    assert len(message.group(1)) <= TEXT_MESSAGE_LIMIT


def test_a_long_reason_is_left_out_of_the_text_message_with_a_warning() -> None:
    document = make("notice", "roommate", channel="text", reason="x " * 200)
    message = re.search(r"^> (.*)$", document.markdown, re.MULTILINE)
    assert message is not None and "x x" not in message.group(1)
    assert any("reason was left out" in warning for warning in document.warnings)


def test_the_notice_is_plain_firm_and_dated() -> None:
    notice = make("notice", "roommate", fmt="txt", final=True)
    assert notice.content.decode().count("May 2, 2024") == 1  # one date, beside the signature
    assert "Signature: ____" in notice.content.decode()
    text = notice.content.decode() + to_text(notice.advice)
    for words in (
        "any contact with you, of any kind",
        "text messages",
        "gifts",
        "through friends, family or anyone else",
        "My reason: I moved out and I want a clean break.",
        "This is my final warning.",
        "police",
        "Please do not answer",
        "certified mail",
        "This is general information, not legal advice.",
    ):
        assert words in text


def test_a_threatened_user_is_never_told_to_deliver_in_person_or_threaten_legal_steps() -> None:
    for channel in ("letter", "email", "text"):
        document = make("notice", "ex-partner", channel=channel, final=True)
        text = golden_text(document).lower()
        for phrase in ("hand it", "in person", "public place", "face to face", "witness", "final warning."):
            assert phrase not in text.replace("you asked for a final warning", ""), (channel, phrase)
        assert "report it to the police" not in text
        assert any("final warning" in warning for warning in document.warnings)
    assert "hand it over in a public place" in make("notice", "roommate").advice


def test_unknown_feelings_do_not_count_as_safe() -> None:
    answers = {key: value for key, value in ROOMMATE.items() if key != "feels_threatened"}
    document = build_document("notice", answers, options={"date": DAY})
    assert "public place" not in golden_text(document)


def test_the_checklist_for_a_threatened_user_has_no_in_person_warning_or_confrontation() -> None:
    text = make("checklist", "ex-partner").markdown.lower()
    for phrase in (
        "in person",
        "in public",
        "confront",
        "face to face",
        "public place",
        "witness",
        "warn them",
    ):
        assert phrase not in text
    assert text.index("911") < text.index("what to do next") < text.index("all the steps")
    assert "- [x] block daniel on every social network" in text
    assert "- [ ] get a second phone number" in text


def test_a_checklist_with_everything_done_reads_right_whether_or_not_it_stopped() -> None:
    done = {**ROOMMATE_EXTRAS, "steps": [step("Warn them", "done", ("Tell Jordan to stop", True))]}
    text = squash(build_document("checklist", ROOMMATE, extras=done, options={"date": DAY}).markdown)
    assert "You have done everything on this list. If it goes on, or starts again," in text
    assert "If the problem comes back" not in text  # said after "no, it has not stopped", it read wrong


# --- every format ----------------------------------------------------------------------


def test_every_document_renders_in_every_format() -> None:
    for name in CATALOGUE:
        for fmt in FORMATS:
            document = make(name, "ex-partner", fmt=fmt)
            assert document.content, (name, fmt)
            assert document.fmt == fmt and len(document.sha256) == 64
    assert make("notice", "roommate", fmt="pdf").filename == "notice-2024-05-02.pdf"


def test_the_checklist_text_and_html_show_ticked_boxes() -> None:
    text = make("checklist", "ex-partner", fmt="txt").content.decode()
    assert "[x] Block Daniel on every social network" in text
    assert "[ ] Get a second phone number" in text
    assert "**" not in text and "##" not in text
    page = make("checklist", "ex-partner", fmt="html").content.decode()
    assert page.count('aria-label="done"') == 3 and page.count('aria-label="not done"') == 4


def test_the_pdf_has_the_names_accents_quotes_dashes_and_key_sentences() -> None:
    reason = "you said “I’ll keep coming” – twice — and I am done"
    document = make("notice", "roommate", fmt="pdf", reason=reason, final=True)
    assert not document.warnings
    text = pdf_text(document.content)
    for words in ("Zoë Núñez-O'Brien", "Jordan Pike", reason, "Notice to stop all contact",
                  "I do not want any contact with you, of any kind.", "This is my final warning.",
                  "Page 1 of 1", DAY):  # fmt: skip
        assert words in text
    # How to deliver it is for the user's eyes only: never in the file that may be sent on.
    assert "How to send this notice" not in text and "leavemealone" not in text
    assert "How to send this notice" in document.advice
    police = pdf_text(make("police", "ex-partner", fmt="pdf").content)
    assert "Summary for the police" in police and "Page 1 of 1" in police  # one page
    assert "the report number" in police and "Daniel Reyes, my former partner" in police


def test_terminal_output_goes_to_the_given_console() -> None:
    buffer = io.StringIO()
    show_document(make("checklist", "roommate", fmt="terminal"), Console(file=buffer, width=100))
    assert "My action checklist" in buffer.getvalue()


def test_a_pdf_page_renders_to_ink_on_paper() -> None:
    import pypdfium2

    page = pypdfium2.PdfDocument(make("checklist", "ex-partner", fmt="pdf").content)[0]
    image = page.render(scale=0.5).to_pil().convert("L")
    width, height = image.size
    top, bottom = image.crop((0, 0, width, height // 5)), image.crop((0, height - 40, width, height))
    assert top.getextrema()[0] < 64 and top.getextrema()[1] == 255  # the title: black on white
    assert bottom.getextrema()[0] < 128  # and so is the footer


# --- the user's own templates, and saving --------------------------------------------------


def test_a_users_template_overrides_a_shipped_letter(tmp_path: Path) -> None:
    (tmp_path / "employer.md.j2").write_text(
        "# For {{ recipient }}\n\nFrom {{ your_name }}\n", encoding="utf-8"
    )
    document = build_document(
        "employer",
        ROOMMATE,
        fmt="html",
        options={"recipient": "<b>HR</b>", "date": DAY},
        templates_dir=tmp_path,
    )
    assert "<h1>For &lt;b&gt;HR&lt;/b&gt;</h1>" in document.content.decode()
    assert "Zoë Núñez-O'Brien" in document.content.decode()


def test_a_broken_user_template_names_the_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "support.md.j2").write_text("Hi {{ their_name }}\n\n{{ nonsense.here }}\n", encoding="utf-8")
    with pytest.raises(LeaveMeAloneError, match=r"support\.md\.j2 failed on line 3"):
        build_document("support", ROOMMATE, templates_dir=tmp_path)


def test_save_document_is_private(tmp_path: Path) -> None:
    path = documents.save_document(make("notice", "roommate", fmt="pdf"), tmp_path / "notice.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(LeaveMeAloneError, match="Cannot write"):
        documents.save_document(make("notice", "roommate"), tmp_path / "missing" / "notice.md")


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "pdf"])
def test_the_notice_file_holds_nothing_meant_only_for_the_user(fmt: str) -> None:
    document = make("notice", "roommate", fmt=fmt)
    content = pdf_text(document.content) if fmt == "pdf" else document.content.decode()
    for private in ("How to send this notice", "just for you", "leavemealone", FOR_YOU_ONLY):
        assert private not in content
    assert "certified mail" in document.advice
