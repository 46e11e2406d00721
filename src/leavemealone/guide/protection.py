"""The passphrase offer inside the walk: lock what is saved, on a first run in a terminal.

Someone in danger on their first run is not asked then; the offer waits in
the case and comes on a later start, after they answer that they are safe.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from leavemealone import suggest
from leavemealone.ask.protocol import Asker
from leavemealone.errors import LeaveMeAloneError
from leavemealone.paths import data_home
from leavemealone.store import crypto
from leavemealone.store.protect import case_folders, set_passphrase

if TYPE_CHECKING:
    from leavemealone.store.case_store import CaseStore


def protection_offer_due() -> bool:
    """Whether this is a first run in a terminal: no passphrase and no case saved yet."""
    home = data_home()
    return sys.stdin.isatty() and not crypto.key_file_path(home).exists() and not case_folders(home)


# Saved in the case when the first-run offer had to wait (the user was in danger).
PENDING_OFFER = "offer:passphrase"


def keep_offer_for_later(store: CaseStore) -> None:
    """The first-run offer was not made (the user was in danger): make it on a later start."""
    store.set_answer(PENDING_OFFER, "due", source="guide")


def offer_pending(store: CaseStore) -> bool:
    """Whether an offer that had to wait is still due (and no passphrase has been set since)."""
    if store.answers().get(PENDING_OFFER) != "due":
        return False
    if crypto.key_file_path(data_home()).exists():
        offer_made(store)
        return False
    return True


def offer_made(store: CaseStore) -> None:
    """Remember that the waiting offer was made, so it is not made again."""
    store.set_answer(PENDING_OFFER, "made", source="guide")


def offer_protection(asker: Asker, *, later: bool = False) -> None:
    """Offer to lock what the user saves; everything saved so far is sealed too if they say yes.

    Made right after the user answered that they are not in danger, so the
    911 line follows that answer instead of asking it again. ``later``: the
    offer that waited while the user was in danger, so it opens more softly.
    """
    from leavemealone.ask.secret import new_passphrase

    opening = (
        "One more thing, only if you want it, and only when you have a moment.\n\n"
        if later
        else "If that changes, call 911.\n\n"
    )
    asker.say(
        opening + "What you type here is saved on this computer. You can lock it with a passphrase, so "
        "no one else who uses this computer can read it. If you forget the passphrase, nothing "
        f"can bring your answers back. You can also do this later with: {suggest.PROTECT}"
    )
    if not asker.confirm("Lock what you save with a passphrase now?", default=False):
        return
    try:
        set_passphrase(new_passphrase(no_input=False))
    except LeaveMeAloneError as error:
        # A passphrase that did not work out must not end the session: carry on, unlocked.
        asker.say(f"{error.message} Nothing was locked; you can do it later with: leavemealone protect")
        return
    asker.say("Locked. You will be asked for the passphrase each time you open your answers.")
