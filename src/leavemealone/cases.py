"""Opening a case: the one door to the store, so unlocking and permissions live in one place."""

from __future__ import annotations

from leavemealone.paths import case_dir, data_home, ensure_private_dir
from leavemealone.store import DATABASE_NAME, CaseStore


def open_case(name: str) -> CaseStore:
    """Open (creating if needed) the named case, unlocked with the passphrase if one is set.

    The passphrase is asked at most once a run (or read from
    ``LEAVEMEALONE_PASSPHRASE``); a wrong one stops here, before anything is read.
    """
    from leavemealone.privacy import open_protected

    ensure_private_dir(data_home())
    ensure_private_dir(data_home() / "cases")
    return open_protected(case_dir(name))


def case_exists(name: str) -> bool:
    """Whether anything has been saved for the named case."""
    return (case_dir(name) / DATABASE_NAME).exists()
