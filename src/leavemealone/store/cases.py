"""Opening a case: the one door to the store, so unlocking and permissions live in one place."""

from __future__ import annotations

from leavemealone import suggest
from leavemealone.errors import LeaveMeAloneError
from leavemealone.paths import DEFAULT_CASE, case_dir, data_home, ensure_private_dir
from leavemealone.store.case_store import DATABASE_NAME, CaseStore


def open_case(name: str, *, existing: bool = False) -> CaseStore:
    """Open (creating if needed) the named case, unlocked with the passphrase if one is set.

    With ``existing``, a case that was never saved is an error instead of
    being created (reading a log should not leave an empty case behind).
    The passphrase is asked at most once a run (or read from
    ``LEAVEMEALONE_PASSPHRASE``); a wrong one stops here, before anything is read.
    """
    from leavemealone.store.protect import open_protected

    if existing and not case_exists(name):
        shown = "" if name == DEFAULT_CASE else f" '{name}'"
        raise LeaveMeAloneError(
            f"Nothing has been saved in the case{shown} yet.",
            hint=f"Check {suggest.GIVE_CASE}, or begin with: {suggest.start()}",
        )
    ensure_private_dir(data_home())
    ensure_private_dir(data_home() / "cases")
    return open_protected(case_dir(name))


def case_exists(name: str) -> bool:
    """Whether anything has been saved for the named case."""
    return (case_dir(name) / DATABASE_NAME).exists()
