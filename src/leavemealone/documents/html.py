"""Markdown to a standalone HTML page that prints well and can make no requests."""

from __future__ import annotations

import html

from leavemealone.documents.markdown import parser

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
