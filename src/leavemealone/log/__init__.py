"""The incident and evidence log: fields defined once, entries, the hash chain, verify, import, export.

Entries are append-only and sealed by the store's codec; each is hash-chained
to the one before, and a correction is a new entry. A log of any length is
read a page at a time: ``index`` keeps a few fields an incident to order,
filter and count, and an entry is opened in full only when it is shown. ``fields`` is the one
definition of an incident's fields (wording, option, column, label) that the
CLI, the guided flow, imports and exports read; ``when`` reads the dates and
times people write (month first). ``log`` uses ``store`` and
``documents`` (the export's writers); it must never import ``flow``, ``ask``,
``guide``, ``resources`` or ``cli``, and never prints.
"""
