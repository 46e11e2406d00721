"""Where things live: the user's data folder and the bundled flows and letters."""

from __future__ import annotations

import os
import re
from pathlib import Path

from leavemealone.errors import LeaveMeAloneError, UsageError

HOME_VARIABLE = "LEAVEMEALONE_HOME"
DEFAULT_CASE = "default"
_PACKAGE_DIR = Path(__file__).resolve().parent
_CASE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


def data_home() -> Path:
    """The one folder that holds everything the tool stores.

    ``$LEAVEMEALONE_HOME`` wins, so a user can keep it on an encrypted USB
    stick; otherwise the platform's per-user data folder.
    """
    configured = os.environ.get(HOME_VARIABLE, "").strip()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("leavemealone", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents we own) readable by this user alone."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
    except OSError as error:
        raise LeaveMeAloneError(
            f"Cannot create the data folder {path}: {error.strerror}.",
            hint=f"Check the folder's permissions, or set {HOME_VARIABLE} to a folder you own.",
        ) from error
    return path


def check_case_name(name: str) -> str:
    """Accept a case name that is safe to use as a folder name."""
    if not _CASE_NAME.match(name):
        raise UsageError(
            f"The case name {name!r} is not allowed.",
            hint="Use up to 40 letters, digits, '-' or '_', starting with a letter or digit.",
        )
    return name


def case_dir(case: str) -> Path:
    """The folder of one case (one situation), not yet created."""
    return data_home() / "cases" / check_case_name(case)


def bundled_dir(name: str) -> Path:
    """A data folder shipped with the package (``flows`` or ``letters``).

    A wheel carries them inside the package; a source checkout keeps them at
    the repository top level.
    """
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent.parent / name


def default_flow_path() -> Path:
    """The escalation flow that ships with the tool."""
    return bundled_dir("flows") / "escalation.yaml"
