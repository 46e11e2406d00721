"""Render letter templates to Markdown, and Markdown to every output format.

One sandboxed Jinja environment fills the templates; one Markdown parser
(markdown-it) feeds the txt, html and pdf writers, and rich shows it in a
terminal. A ``---`` line in a template starts a new page when printed.
"""

from __future__ import annotations

import contextvars
import html
import re
from collections.abc import Mapping
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from leavemealone.errors import LeaveMeAloneError, UsageError
from leavemealone.paths import bundled_dir
from leavemealone.render_text import blocks, parser, to_text

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment
    from rich.console import Console

FORMATS = ("terminal", "md", "txt", "html", "pdf")
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
TEMPLATE_SUFFIX = ".md.j2"

_escaping = contextvars.ContextVar("escaping", default=False)
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so Markdown shows ``text`` literally."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _finalize(value: Any) -> Any:
    # Every {{ value }} passes here; while escaping, user text cannot become Markdown.
    if _escaping.get() and isinstance(value, str):
        return escape_markdown(value)
    return value


def template_dirs(templates_dir: Path | None = None) -> list[Path]:
    """The folders searched for a template, the user's first so it overrides ours."""
    bundled = bundled_dir("letters")
    if templates_dir is None:
        return [bundled]
    if not templates_dir.is_dir():
        raise LeaveMeAloneError(
            f"The templates folder {templates_dir} does not exist.",
            hint="Give a folder that holds your own *.md.j2 letters, or leave it out.",
        )
    return [templates_dir, bundled]


@lru_cache(maxsize=8)
def _environment(search_path: tuple[Path, ...]) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader([str(path) for path in search_path], encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )


def template_name(name: str) -> str:
    """``notice`` -> ``notice.md.j2``; a name that already ends in ``.j2`` is kept."""
    return name if name.endswith(".j2") else name + TEMPLATE_SUFFIX


def render_markdown(
    name: str,
    context: Mapping[str, Any],
    *,
    templates_dir: Path | None = None,
    escape_values: bool = False,
) -> str:
    """Fill the template ``name`` with ``context`` and return the Markdown.

    With ``escape_values`` every printed value is Markdown-escaped: that copy
    is what the converters read, so a name such as ``*Sam*`` or
    ``<script>`` comes out exactly as typed in html, pdf and txt. Any
    template mistake is a LeaveMeAloneError naming the template and line.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    search_path = tuple(template_dirs(templates_dir))
    environment = _environment(search_path)
    filename = template_name(name)
    token = _escaping.set(escape_values)
    try:
        return environment.get_template(filename).render(dict(context))
    except TemplateNotFound as error:
        folders = ", ".join(str(path) for path in search_path)
        raise LeaveMeAloneError(
            f"There is no letter template {filename}.", hint=f"Looked in: {folders}"
        ) from error
    except TemplateSyntaxError as error:
        where = error.filename or error.name or filename
        raise LeaveMeAloneError(
            f"The letter template {where} has a mistake on line {error.lineno}: {error.message}",
            hint="Fix the template, or remove it to use the one that ships with leavemealone.",
        ) from error
    except Exception as error:  # anything a template's own code raised, e.g. range(1, 2, 0)
        where, line = _template_position(error.__traceback__, filename)
        raise LeaveMeAloneError(
            f"The letter template {where} failed on line {line}: {error}",
            hint="Fix the template, or remove it to use the one that ships with leavemealone.",
        ) from error
    finally:
        _escaping.reset(token)


def _template_position(trace: TracebackType | None, fallback: str) -> tuple[str, int | str]:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    where: tuple[str, int | str] = (fallback, "?")
    while trace is not None:
        code_file = trace.tb_frame.f_code.co_filename
        if code_file.endswith(".j2"):
            where = (code_file, trace.tb_lineno)
        trace = trace.tb_next
    return where


# --- formats ---------------------------------------------------------------------------


def fmt_from_path(path: Path | str) -> str | None:
    """The format an output file's extension asks for, or None when it says nothing."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def choose_format(fmt: str | None, output: Path | None) -> str:
    """Decide the format: ``--format`` wins, then the output's extension, then the terminal."""
    inferred = fmt_from_path(output) if output is not None else None
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(FORMATS) + ".")
        if output is not None and inferred not in (None, fmt) and not output.is_dir():
            raise UsageError(
                f"--format {fmt} does not match the file name {output.name!r}.",
                hint="Leave out --format, or end the file name to match it.",
            )
        return fmt
    if output is None:
        return "terminal"
    if inferred is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise UsageError(
            f"Cannot tell the format from the file name {output.name!r}.",
            hint=f"Add --format, or end the name with one of: {known}.",
        )
    return inferred


def to_format(
    markdown: str,
    fmt: str,
    *,
    title: str,
    date: Date | str | None = None,
    warnings: list[str] | None = None,
    paper: str = "letter",
) -> bytes:
    """Turn Markdown into ``fmt`` (md, txt, html, pdf, or terminal as plain text).

    ``date`` goes in every PDF page footer (today when not given).
    Problems that did not stop the conversion, such as characters the PDF
    font lacks, are appended to ``warnings`` when a list is given.
    """
    day = _iso_date(date)
    collected: list[str] = [] if warnings is None else warnings
    if fmt == "md":
        return markdown.encode("utf-8")
    if fmt == "txt":
        return to_text(markdown).encode("utf-8")
    if fmt == "html":
        return to_html(markdown, title=title).encode("utf-8")
    if fmt == "terminal":
        return terminal_text(markdown).encode("utf-8")
    if fmt == "pdf":
        from leavemealone.render_pdf import to_pdf

        return to_pdf(blocks(markdown), title=title, day=day, warnings=collected, paper=paper)
    raise UsageError(f"Unknown format {fmt!r}.", hint="Use one of: " + ", ".join(FORMATS) + ".")


def _iso_date(value: Date | str | None) -> str:
    if value is None:
        return Date.today().isoformat()
    return value.isoformat() if isinstance(value, Date) else value


# --- html ------------------------------------------------------------------------------

_STYLESHEET = """
@page { margin: 20mm 18mm; }
html { background: #fff; color: #000; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 12pt;
       line-height: 1.45; max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .6em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
h1, h2, h3 { page-break-after: avoid; break-after: avoid; }
li { margin: .2em 0; }
li.task { list-style: none; }
.box { display: inline-block; box-sizing: border-box; width: 1em; height: 1em;
       border: 1.5px solid #000; margin: 0 .5em 0 -1.5em; vertical-align: -.15em;
       font-size: .95em; line-height: .9em; text-align: center; }
blockquote { margin: .8em 0; padding: .2em 1em; border-left: 3px solid #000; }
table { border-collapse: collapse; }
th, td { border: 1px solid #000; padding: .2em .5em; text-align: left; }
hr { border: 0; border-top: 1px solid #000; margin: 2em 0; }
a { color: #000; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 11pt; }
  hr { border: 0; margin: 0; page-break-after: always; break-after: page; }
  li, p { page-break-inside: avoid; break-inside: avoid; }
}
"""


def to_html(markdown: str, *, title: str) -> str:
    """A standalone page that prints well; scripts, images and requests are all blocked."""
    body = parser().render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{_STYLESHEET}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


# --- terminal --------------------------------------------------------------------------


def print_terminal(markdown: str, console: Console) -> None:
    """Show the Markdown on a rich console, one template line to one screen line."""
    from rich.markdown import Markdown

    # A bare <https://...> link would print its address twice ("url (url)"): show it once, as text.
    document = Markdown(_AUTOLINK.sub(r"\1", markdown), hyperlinks=False)
    for token in document.parsed:
        for child in token.children or []:
            if child.type == "softbreak":
                child.type = "hardbreak"
    console.print(document)


def terminal_text(markdown: str, *, width: int = 80) -> str:
    """What the terminal shows, as plain text (no colours): for saving or hashing."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    print_terminal(markdown, console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
