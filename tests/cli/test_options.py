"""The one place a command decides which format to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from leavemealone.cli.options import KNOWN_EXTENSIONS, check_paper, resolve_format
from leavemealone.documents.formats import EXTENSIONS, FORMATS
from leavemealone.errors import UsageError
from leavemealone.log import export


def document_format(fmt: str | None, output: Path | None) -> str:
    return resolve_format(fmt, output, formats=FORMATS, extensions=EXTENSIONS, default="terminal")


def log_format(fmt: str | None, output: Path | None) -> str:
    return resolve_format(fmt, output, formats=export.FORMATS, extensions=export.EXTENSIONS, default="txt")


def test_a_document_format_comes_from_the_flag_then_the_extension_then_the_terminal() -> None:
    assert document_format("txt", Path("a.text")) == "txt"
    assert document_format("txt", Path("notes")) == "txt"
    with pytest.raises(UsageError, match="--format txt does not match the file name 'a.pdf'"):
        document_format("txt", Path("a.pdf"))
    assert document_format(None, Path("a.pdf")) == "pdf"
    assert document_format(None, Path("a.DOCX")) == "docx"
    assert document_format("docx", None) == "docx"
    assert document_format(None, None) == "terminal"
    with pytest.raises(UsageError, match="'odt'"):
        document_format("odt", None)
    with pytest.raises(UsageError, match="a.doc"):
        document_format(None, Path("a.doc"))


@pytest.mark.parametrize("name", sorted({*EXTENSIONS, *export.EXTENSIONS, *KNOWN_EXTENSIONS}))
def test_a_format_that_contradicts_any_known_extension_is_refused(name: str) -> None:
    output = Path("paper" + name)
    for fmt in FORMATS:
        if EXTENSIONS.get(name) == fmt:
            assert document_format(fmt, output) == fmt
        else:
            with pytest.raises(UsageError, match="does not match the file name"):
                document_format(fmt, output)


def test_a_log_export_format_comes_from_the_option_or_the_file_name() -> None:
    assert log_format(None, None) == "txt"
    assert log_format(None, Path("log.PDF")) == "pdf"
    assert log_format("json", Path("log")) == "json"
    with pytest.raises(UsageError, match="--format json does not match the file name 'log.txt'"):
        log_format("json", Path("log.txt"))
    with pytest.raises(UsageError, match="Unknown format"):
        log_format("docx", None)
    with pytest.raises(UsageError, match="cannot write a docx file such as 'log.docx'"):
        log_format(None, Path("log.docx"))
    with pytest.raises(UsageError, match="does not match the file name 'log.docx'"):
        log_format("txt", Path("log.docx"))


def test_a_csv_name_is_not_a_document_format() -> None:
    with pytest.raises(UsageError, match="cannot write a csv file such as 'notice.csv'"):
        document_format(None, Path("notice.csv"))
    with pytest.raises(UsageError, match="--format txt does not match the file name 'notice.csv'"):
        document_format("txt", Path("notice.csv"))


def test_the_paper_is_letter_or_a4() -> None:
    assert check_paper("A4") == "a4" and check_paper("letter") == "letter"
    with pytest.raises(UsageError, match="--paper legal is not a paper size"):
        check_paper("legal")
