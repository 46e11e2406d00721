"""Letter templates to Markdown: one sandboxed Jinja environment, with user text escaped on request.

Templates live in ``letters/`` (shipped) and, optionally, a folder of the
user's own that overrides ours by name.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Mapping
from functools import lru_cache, partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from leavemealone.documents.user_text import escape_markdown, strip_controls
from leavemealone.errors import LeaveMeAloneError
from leavemealone.inputs import KILOBYTE, decode_utf8, read_user_file
from leavemealone.paths import bundled_dir

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Environment
    from jinja2.sandbox import SandboxedEnvironment


TEMPLATE_SUFFIX = ".md.j2"
MAX_TEMPLATE_BYTES = 256 * KILOBYTE  # our longest letter is under 10 KB


__all__ = ["escape_markdown", "render_markdown", "template_dirs", "template_name"]

Escape = Callable[[str], str]
_escaping: contextvars.ContextVar[Escape | None] = contextvars.ContextVar("escaping", default=None)


def _finalize(value: Any) -> Any:
    # Every {{ value }} passes here: no control or escape sequences ever, and while escaping,
    # user text cannot become Markdown.
    if not isinstance(value, str):
        return value
    value = strip_controls(value)
    escape = _escaping.get()
    return escape(value) if escape is not None else value


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


def _bounded_loader(search_path: tuple[Path, ...]) -> BaseLoader:
    """A loader that reads each template as a bounded, regular, UTF-8 file (a FIFO never hangs it)."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class BoundedLoader(BaseLoader):
        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            pieces = split_template_path(template)
            for folder in search_path:
                path = folder.joinpath(*pieces)
                if not (path.exists() or path.is_symlink()):
                    continue
                raw = read_user_file(path, limit=MAX_TEMPLATE_BYTES, what="The letter template")
                modified = path.stat().st_mtime
                return decode_utf8(raw, where=str(path)), str(path), partial(_unchanged, path, modified)
            raise TemplateNotFound(template)

    return BoundedLoader()


def _unchanged(path: Path, modified: float) -> bool:
    try:
        return path.stat().st_mtime == modified
    except OSError:
        return False


@lru_cache(maxsize=8)
def _environment(search_path: tuple[Path, ...]) -> SandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=_bounded_loader(search_path),
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


def names_read(name: str, *, templates_dir: Path | None = None) -> frozenset[str] | None:
    """The context names the template ``name`` reads (ours, or the user's of that name), includes too.

    None when that cannot be told from the templates alone: one names
    another by a variable, or does not parse (``render_markdown`` then says why).
    """
    from jinja2 import meta

    environment = _environment(tuple(template_dirs(templates_dir)))
    assert environment.loader is not None
    names: set[str] = set()
    pending, seen = [template_name(name)], set()
    while pending:
        filename = pending.pop()
        seen.add(filename)
        try:
            source, _, _ = environment.loader.get_source(environment, filename)
            tree = environment.parse(source)
        except Exception:  # not found, not UTF-8, a syntax error: all reported when it is rendered
            return None
        names |= meta.find_undeclared_variables(tree)
        for included in meta.find_referenced_templates(tree):
            if included is None:
                return None
            if included not in seen:
                pending.append(included)
    return frozenset(names)


def render_markdown(
    name: str,
    context: Mapping[str, Any],
    *,
    templates_dir: Path | None = None,
    escape_values: bool = False,
    escape: Escape | None = None,
) -> str:
    """Fill the template ``name`` with ``context`` and return the Markdown.

    With ``escape_values`` every printed value is Markdown-escaped: that copy
    is what the converters read, so a name such as ``*Sam*`` or
    ``<script>`` comes out exactly as typed in html, pdf and txt. ``escape``
    names another escaping (the md file's readable one). Control and escape
    sequences are always stripped from printed values. Any template mistake
    is a LeaveMeAloneError naming the template and line.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    search_path = tuple(template_dirs(templates_dir))
    environment = _environment(search_path)
    filename = template_name(name)
    token = _escaping.set(escape or (escape_markdown if escape_values else None))
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
