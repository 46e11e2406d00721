"""The passphrase offer inside the walk: lock what is saved, on a first run in a terminal."""

from __future__ import annotations

import sys

from leavemealone.ask.protocol import Asker
from leavemealone.errors import LeaveMeAloneError
from leavemealone.paths import data_home
from leavemealone.store import crypto
from leavemealone.store.protect import case_folders, set_passphrase


def protection_offer_due() -> bool:
    """Whether this is a first run in a terminal: no passphrase and no case saved yet."""
    home = data_home()
    return sys.stdin.isatty() and not crypto.key_file_path(home).exists() and not case_folders(home)


def offer_protection(asker: Asker) -> None:
    """Offer to lock what the user saves; everything saved so far is sealed too if they say yes."""
    from leavemealone.ask.secret import new_passphrase

    asker.say(
        "If you are in danger right now, call 911.\n\n"
        "What you type here is saved on this computer. You can lock it with a passphrase, so "
        "no one else who uses this computer can read it. If you forget the passphrase, nothing "
        "can bring your answers back. You can also do this later with: leavemealone protect"
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
