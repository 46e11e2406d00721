"""Documents: the catalogue, the template context, sandboxed Jinja to Markdown, and one writer per format.

A document is built from the answers and the facts other parts computed
(``extras``: steps, routing, incident counts), as Markdown, then converted
by ``formats`` to terminal text, md, txt, html or pdf. The same Markdown
blocks feed every writer, and the one PDF writer serves letters and the log
export alike. ``documents`` never opens a case, never prints, and must never
import ``store``, ``flow``, ``log``, ``resources``, ``ask``, ``guide`` or ``cli``.
"""
