"""Reading what the user hands in: files and stdin, bounded, and checked before anything uses them.

Every file the tool reads on the user's word (answers, imports, evidence,
templates, backups) and every text piped in passes through here, so that
``/dev/zero``, a pipe, a folder, a gigabyte of ``[`` or a lone surrogate is
one clear sentence, never a hang, a crash or a wrong record.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from leavemealone.errors import LeaveMeAloneError, UsageError

if TYPE_CHECKING:
    import yaml

MAX_NESTING = 20
"""Deepest list-in-mapping nesting an answers or import file may have; real ones use 2 or 3."""

KILOBYTE = 1024
MEGABYTE = 1024 * KILOBYTE
# Unicode's control characters (category Cc: C0, DEL and C1) but newline and tab, as one pattern:
# a regular expression removes them a hundred times faster than a test of each character.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _size_words(limit: int) -> str:
    return f"{limit // MEGABYTE} MB" if limit >= MEGABYTE else f"{limit // KILOBYTE} KB"


@contextmanager
def open_user_file(path: Path, *, limit: int, what: str) -> Iterator[tuple[IO[bytes], int]]:
    """Open a regular file the user named, at most ``limit`` bytes; yield the handle and its size.

    A pipe is opened without waiting for a writer, so a FIFO is refused at
    once instead of hanging; a folder, a device or a pipe is refused with a
    sentence saying so.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise UsageError(
            f"{what} {path}: there is no such file.", hint="Check the path and try again."
        ) from None
    except IsADirectoryError:
        raise UsageError(f"{what} {path} is a folder, not a file.", hint="Give the path of a file.") from None
    except OSError as error:
        raise LeaveMeAloneError(f"Cannot read {what.lower()} {path}: {error.strerror}.") from error
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{what} {path} is a folder, not a file.", hint="Give the path of a file.")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(
                f"{what} {path} is not a regular file (it is a device, a pipe or a socket).",
                hint="Give the path of an ordinary file.",
            )
        if info.st_size > limit:
            raise LeaveMeAloneError(
                f"{what} {path} is too large ({info.st_size:,} bytes; at most {_size_words(limit)})."
            )
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        yield handle, info.st_size


def read_user_file(path: Path, *, limit: int, what: str) -> bytes:
    """The bytes of a regular file the user named (see ``open_user_file``)."""
    with open_user_file(path, limit=limit, what=what) as (handle, _size):
        content = handle.read(limit + 1)
    if len(content) > limit:  # it grew while being read
        raise LeaveMeAloneError(f"{what} {path} is too large (at most {_size_words(limit)}).")
    return content


def read_stream(stream: IO[bytes], *, limit: int, what: str) -> str:
    """Text from a stream (stdin), at most ``limit`` bytes of UTF-8."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise UsageError(f"{what} is too long (at most {_size_words(limit)}); nothing was saved.")
    return decode_utf8(raw, where=what)


def decode_utf8(raw: bytes, *, where: str) -> str:
    """UTF-8 (a byte-order mark is allowed) or an error naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LeaveMeAloneError(
            f"{where}:{line}: this is not UTF-8 text.",
            hint="Save it again as UTF-8 text (in a spreadsheet: 'CSV UTF-8') and try again.",
        ) from None


def without_controls(text: str) -> str:
    """``text`` with control characters removed (newlines and tabs kept; CR/LF become LF).

    Control characters are never part of what someone means to record, and
    escape sequences among them could rewrite the terminal that shows them,
    so they are removed rather than stored.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def check_values(data: Any, *, where: str) -> None:
    """Refuse nesting deeper than ``MAX_NESTING`` and text that cannot be stored (lone surrogates)."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_NESTING:
            raise LeaveMeAloneError(
                f"{where}: lists or mappings are nested too deeply (more than {MAX_NESTING})."
            )
        if isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    _check_text(key, where)
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def _check_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        raise LeaveMeAloneError(
            f"{where}: the text holds an invalid character (U+{code:04X}, half of a surrogate pair).",
            hint="Remove the escape that makes it (such as \\ud800) and try again.",
        ) from None


def load_json(text: str, *, where: str) -> Any:
    """JSON with every key once, no NaN, nesting within ``MAX_NESTING``, and storable text."""
    import json

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, value in pairs:
            if key in mapping:
                raise LeaveMeAloneError(f"{where}: the key {key!r} appears twice in one object.")
            mapping[key] = value
        return mapping

    def no_constant(name: str) -> Any:
        raise LeaveMeAloneError(f"{where}: {name} is not a value this file can hold.")

    try:
        data = json.loads(text, object_pairs_hook=unique, parse_constant=no_constant)
    except RecursionError:
        raise LeaveMeAloneError(
            f"{where}: lists or mappings are nested too deeply (more than {MAX_NESTING})."
        ) from None
    except json.JSONDecodeError as error:
        raise LeaveMeAloneError(f"{where}:{error.lineno}: this is not valid JSON ({error.msg}).") from None
    check_values(data, where=where)
    return data


def check_yaml_events(text: str, *, where: str) -> None:
    """Refuse aliases and deep nesting while reading YAML events, before anything is built from them.

    Stops at the first offending event, so a file of a million ``[`` costs
    a fraction of a second instead of hanging the YAML reader.
    """
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise LeaveMeAloneError(f"{where}: anchors and aliases ('&', '*') are not allowed here.")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    raise LeaveMeAloneError(
                        f"{where}: lists or mappings are nested too deeply (more than {MAX_NESTING})."
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        raise yaml_problem(error, where, text) from None


def yaml_problem(error: yaml.YAMLError, where: str, text: str = "") -> LeaveMeAloneError:
    """A YAML error as one sentence with the line, whatever kind of YAML error it is."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    position = getattr(error, "position", None)  # a reader error: a character YAML does not allow
    if mark is not None:
        line = f":{mark.line + 1}"
    elif isinstance(position, int) and text:
        line = f":{text[:position].count(chr(10)) + 1}"
    else:
        line = ""
    problem = getattr(error, "problem", None) or getattr(error, "reason", None)
    detail = f" ({problem})" if problem else ""
    return LeaveMeAloneError(
        f"{where}{line}: this is not valid YAML{detail}.",
        hint="Check that line (quotes, indentation, a stray character) and try again.",
    )


def unique_key_loader() -> type[yaml.SafeLoader]:
    """A safe YAML loader that refuses a mapping with the same key twice (YAML would keep the last)."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, (str, int, float, bool, type(None))):
                    # "{{ x }}: y" makes a mapping a key: name the mistake, not Python's "unhashable"
                    raise yaml.constructor.ConstructorError(
                        None, None, "a key must be a plain word, not a list or a {…} block",
                        key_node.start_mark,
                    )
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def typed_path(typed: str) -> Path:
    r"""A path as typed or pasted at a prompt, the way a terminal hands over a dragged file.

    Dropped on a terminal, a file arrives quoted (``'/home/me/my note.jpg' ``,
    often with a space after it), with its spaces escaped (``my\ note.jpg``),
    or as a ``file://`` address. Text that names a file as it stands is
    taken as it is; otherwise quotes and escapes are read as a shell reads
    them. Only prompts use this: a path on the command line has been read
    by the shell already.
    """
    text = typed.strip()
    if not text or Path(text).expanduser().exists():
        return Path(text).expanduser()
    if text.lower().startswith("file://"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(text).path))
    if os.name == "nt":  # backslashes separate folders there: only surrounding quotes go
        unquoted = text[1:-1] if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"" else text
        return Path(unquoted).expanduser()
    import shlex

    try:
        words = shlex.split(text)
    except ValueError:  # a quote never closed: an apostrophe in a name typed as it is
        words = []
    return Path(words[0] if len(words) == 1 else text).expanduser()
