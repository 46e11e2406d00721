"""The command lines the tool suggests to the user, written once.

Below the CLI, nothing spells a command-line option itself: a hint or a
"you can do it later with ..." line takes its command from here, and
``tests/test_suggest.py`` runs every one of them through the real command
line, so a renamed option cannot leave a stale suggestion behind.
"""

from __future__ import annotations

PROGRAM = "leavemealone"

HELP = f"{PROGRAM} --help"
HELP_NOW = f"{PROGRAM} help-now"
HELP_NOW_ALL = f"{PROGRAM} help-now --all"
PROTECT = f"{PROGRAM} protect"
WIPE = f"{PROGRAM} wipe"
LOG_ADD = f"{PROGRAM} log add"
LOG_ADD_HELP = f"{PROGRAM} log add --help"
LOG_ADD_TYPED = f"{PROGRAM} log add --what -"
LOG_LIST = f"{PROGRAM} log list"
LOG_LIST_ALL = f"{PROGRAM} log list --all"
LOG_LIST_SINCE = f"{PROGRAM} log list --since YYYY-MM-DD"
LOG_VERIFY = f"{PROGRAM} log verify"
FLOWS_VALIDATE = f"{PROGRAM} flows validate"
RESOURCES_HELP = f"{PROGRAM} resources --help"
RESOURCES_FOR = f"{PROGRAM} resources --state XX --relationship R"
NOTICE_HELP = f"{PROGRAM} notice --help"
RECORD_DELIVERY = f"{PROGRAM} notice --delivered-on DATE --via HOW"
EXPORT_LOG = f"{PROGRAM} log export --output FILE"
BACKUP_EXAMPLE = f"{PROGRAM} backup --output /media/stick/backup.lma"
ANSWERS_FILE = f"{PROGRAM} start --answers FILE --no-input"
RESTORE = f"{PROGRAM} restore FILE"
LOG_RECEIPT = f"{PROGRAM} log receipt"
UPGRADE = "pip install --upgrade leavemealone"

ADD_FORCE = "add --force"
GIVE_CASE = "the name given with --case"


def start(case: str | None = None) -> str:
    """The command that starts, or carries on with, a named case (None: the default case)."""
    return f"{PROGRAM} start" + ("" if case is None else f" --case {case}")


def make_document(name: str) -> str:
    """The command that makes document ``name``."""
    spelt = name.replace("_", "-")
    return f"{PROGRAM} {spelt}" if name in ("notice", "checklist") else f"{PROGRAM} letter {spelt}"


def document_format(name: str, fmt: str) -> str:
    """The command that makes document ``name`` as a ``fmt`` file (saved under its usual name)."""
    return f"{make_document(name)} --format {fmt}"


def document_output(name: str, path: str) -> str:
    """The command that makes document ``name`` into the file ``path``."""
    return f"{make_document(name)} --output {shell_word(path)}"


def document_help(name: str) -> str:
    """The help of the command that makes document ``name``."""
    return f"{make_document(name)} --help"


def log_add_what(text: str) -> str:
    """``log add`` with ``text`` as what happened."""
    return f"{LOG_ADD} --what {shell_word(text)}"


def shell_word(text: str) -> str:
    """``text`` as one word for the shell: bare when plain, in double quotes when that is safe."""
    if text and all(char.isalnum() or char in "._-/+,:@%=" for char in text):
        return text
    if not any(char in text for char in '"$`\\!'):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)


def log_show(seq: int) -> str:
    """The command that shows entry ``seq`` in full."""
    return f"{PROGRAM} log show {seq}"


def amend_example(seq: int) -> str:
    """An example correction of entry ``seq``."""
    return f'{PROGRAM} log amend {seq} --where "Main Street" --note "I misremembered"'


def verify_against(head: str) -> str:
    """The command that proves a log still holds everything up to chain head ``head``."""
    return f"{PROGRAM} log verify --head {head}"


def verify_receipt(receipt: str) -> str:
    """The command that proves a log still holds everything a receipt counted."""
    return f'{PROGRAM} log verify --receipt "{receipt}"'


def option(name: str) -> str:
    """A document command's option for an answer id: ``your_name`` -> ``--your-name``."""
    return "--" + name.replace("_", "-")
