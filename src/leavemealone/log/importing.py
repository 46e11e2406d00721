"""Bulk import of incidents from CSV, YAML or JSON: every bad row reported, then all or nothing.

Rows are checked and appended as they are read, inside one transaction; the
first bad row stops the appending (the rest are still checked, so every
problem is reported) and nothing is saved. No row is kept once written.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from leavemealone.errors import LeaveMeAloneError
from leavemealone.inputs import (
    MEGABYTE,
    check_values,
    check_yaml_events,
    decode_utf8,
    load_json,
    read_user_file,
    unique_key_loader,
    yaml_problem,
)
from leavemealone.log.entries import Appended, NewEntry, append_stream
from leavemealone.log.fields import IMPORT_COLUMNS
from leavemealone.log.model import check_channels, clean_text, parse_when
from leavemealone.store.case_store import CaseStore

COLUMNS = IMPORT_COLUMNS
REQUIRED = ("when", "what")
_ALIASES = {"channels": "channel", "witness": "witnesses", "police_report_number": "police_report"}
_SHOWN_PROBLEMS = 50
MAX_IMPORT_BYTES = 20 * MEGABYTE  # 10,000 incidents of a paragraph each are about 3 MB
_QUOTE_NEVER_CLOSED = "a quote opened here is never closed"
# Lines as a file opened with newline="" gives them (ending in \n, \r or \r\n, kept), one at a time:
# io.StringIO would first copy the whole text, four bytes a character.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class ImportProblems(LeaveMeAloneError):
    """The file has bad rows; ``problems`` lists each as ``file:line: what``. Nothing was imported."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        count = len(problems)
        shown = problems[:_SHOWN_PROBLEMS]
        more = [f"... and {count - len(shown)} more."] if count > len(shown) else []
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{path.name} has {count} {noun}, so nothing was imported:\n" + "\n".join(shown + more),
            hint=(
                "Fix the lines above and import the file again. Columns: " + ", ".join(COLUMNS)
                + '; dates like "2024-05-31 18:30"; several witnesses or channels separated by ";".'
            ),
        )
        self.problems = problems


def import_incidents(store: CaseStore, path: Path) -> Appended:
    """Check every row of ``path`` and add them all in one transaction (or none on any problem)."""
    path = Path(path).expanduser()
    problems: list[str] = []

    def incidents() -> Iterator[NewEntry]:
        for place, row in read_rows(path):
            if isinstance(row, str):
                problems.append(f"{path.name}:{place}: {row}")
                continue
            try:
                record = row_record(row)
            except LeaveMeAloneError as error:
                problems.append(f"{path.name}:{place}: {error.message}")
                continue
            if not problems:
                yield NewEntry("incident", record)
        if problems:
            raise ImportProblems(path, problems)  # inside the transaction: nothing is saved

    appended = append_stream(store, incidents())
    if not appended.count:
        raise LeaveMeAloneError(
            f"{path.name} has no incidents in it.", hint="Add one row per incident under the header."
        )
    return appended


def row_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One row as an incident record; a bad value is a LeaveMeAloneError naming the column."""
    unknown = [key for key in row if key not in COLUMNS]
    if unknown:
        raise LeaveMeAloneError(f"unknown column {unknown[0]!r} (known: {', '.join(COLUMNS)})")
    missing = [key for key in REQUIRED if not _text(row.get(key))]
    if missing:
        raise LeaveMeAloneError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty")
    for key in ("when", "what", "where", "police_report", "officer"):
        if not isinstance(row.get(key), (str, type(None), dt.date)):
            raise LeaveMeAloneError(f"{key} must be text, not {type(row[key]).__name__} {row[key]!r}")
    for key in ("channel", "witnesses"):
        value = row.get(key)
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise LeaveMeAloneError(f"{key} must be text, or a list of text")
        if not isinstance(value, (str, list, type(None))):
            raise LeaveMeAloneError(f"{key} must be text, not {type(value).__name__} {value!r}")
    when = row["when"].strip() if isinstance(row["when"], str) else row["when"]
    record: dict[str, Any] = {"when": parse_when(when, option="when")}
    record["what"] = _text(row.get("what"))
    for key in ("where", "police_report", "officer"):
        value = _text(row.get(key))
        if value:
            record[key] = value
    channels = check_channels(_split(row.get("channel")), option="channel")
    if channels:
        record["channels"] = channels
    witnesses = [name for name in (clean_text(item) for item in _split(row.get("witnesses"))) if name]
    if witnesses:
        record["witnesses"] = witnesses
    return record


def _text(value: Any) -> str | None:
    return None if value is None else clean_text(str(value))


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value).split(";")


Row = tuple[str, dict[str, Any] | str]


def read_rows(path: Path) -> Iterator[Row]:
    """The rows as (where, mapping or problem): ``N`` (a line) for CSV and YAML, ``item N`` for JSON."""
    raw = read_user_file(path, limit=MAX_IMPORT_BYTES, what="The file to import")
    text = decode_utf8(raw, where=path.name)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _yaml_rows(path, text)
    if suffix == ".json":
        return _json_rows(path, text)
    return _csv_rows(path, text)


def _csv_rows(path: Path, text: str) -> Iterator[Row]:
    reader = csv.reader(text_lines(text), strict=True)
    try:
        header = [_column(name) for name in next(reader, [])]
    except csv.Error as error:
        raise LeaveMeAloneError(f"{path.name}:1: {error}") from None
    if not any(header):
        raise LeaveMeAloneError(
            f"{path.name} is empty.", hint="The first line names the columns: " + ",".join(COLUMNS)
        )
    _check_header(path, header)
    end = reader.line_num
    while True:
        start = end + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problem = _QUOTE_NEVER_CLOSED if "end of data" in str(error) else str(error)
            raise LeaveMeAloneError(
                f"{path.name}:{start}: {problem}; nothing was imported.",
                hint="Check the quotes on that line.",
            ) from None
        end = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header):
            yield str(start), f"{len(values)} values, but the header has {len(header)} columns"
        else:
            yield str(start), {name: value for name, value in zip(header, values, strict=False) if name}


def text_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as a file opened with ``newline=""`` reads them, one at a time."""
    return (line.group() for line in _LINES.finditer(text))


def _column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_")
    return _ALIASES.get(key, key)


def _check_header(path: Path, header: list[str]) -> None:
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    problems = []
    if unknown:
        problems.append(f"{path.name}:1: unknown column {', '.join(map(repr, unknown))}")
    if missing:
        problems.append(f"{path.name}:1: the header has no {' or '.join(map(repr, missing))} column")
    if problems:
        raise ImportProblems(path, problems)


def _yaml_rows(path: Path, text: str) -> Iterator[Row]:
    import yaml

    check_yaml_events(text, where=path.name)
    loader = unique_key_loader()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise yaml_problem(error, path.name) from None
    finally:
        loader.dispose()
    check_values(data, where=path.name)
    if not isinstance(data, list) or node is None:
        raise LeaveMeAloneError(f"{path.name} must be a list of incidents (each a mapping of column: value).")
    return _mapping_rows(data, [f"{item.start_mark.line + 1}" for item in node.value])


def _json_rows(path: Path, text: str) -> Iterator[Row]:
    data = load_json(text, where=path.name)
    if not isinstance(data, list):
        raise LeaveMeAloneError(f"{path.name} must be a list of incidents (each an object of column: value).")
    return _mapping_rows(data, [f"item {number}" for number in range(1, len(data) + 1)])


def _mapping_rows(data: list[Any], places: list[str]) -> Iterator[Row]:
    for place, item in zip(places, data, strict=True):
        if isinstance(item, dict):
            yield place, {_column(str(key)): value for key, value in item.items()}
        else:
            yield place, "not a mapping of column: value"
