"""The case store: everything saved on disk, and how it is kept private.

Owns the SQLite case files (``case_store``, ``kept``, ``checks``, ``drafts``) and their
append-only migrations (``schema``, ``legacy``), opening a case (``cases``),
sealing bound to each value's place (``sealing``), the data key
(``crypto``), the passphrase for a run and the folder lock (``keys``),
setting and removing a passphrase and wiping (``protect``, ``reseal``,
``tidy``), and backups (``backup``, ``age``, ``dump``, ``backup_legacy``). It knows
nothing of flows, questions or documents: it must never import ``flow``,
``ask``, ``guide``, ``documents``, ``log``, ``resources`` or ``cli``, and it
never prints; a passphrase is asked through the prompt the CLI registers.
"""
