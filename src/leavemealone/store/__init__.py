"""The case store: everything saved on disk, and how it is kept private.

Owns the SQLite case files and their append-only migrations (``case_store``),
opening a case (``cases``), the data key and sealing (``crypto``), the
passphrase for a run and the folder lock (``keys``), setting and removing a
passphrase and wiping (``protect``), and backups (``backup``). It knows
nothing of flows, questions or documents: it must never import ``flow``,
``ask``, ``guide``, ``documents``, ``log``, ``resources`` or ``cli``, and it
never prints; a passphrase is asked through the prompt the CLI registers.
"""
