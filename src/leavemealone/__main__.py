"""Entry point: ``leavemealone`` and ``python -m leavemealone``.

``help-now`` is answered here, before the CLI framework loads, so emergency
numbers appear at once even on a slow machine.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    """Run the command line; the emergency numbers take a fast path."""
    arguments = sys.argv[1:]
    if arguments[:1] == ["help-now"]:
        from leavemealone.cli.help_now import fast_path

        code = fast_path(arguments[1:])
        if code is not None:
            sys.exit(code)
    from leavemealone.cli.app import run

    try:
        run()
    finally:
        # What the run made dies with the process: freezing it spares the interpreter's last
        # garbage collection a walk through every object (~15 ms of each command, measured).
        # Objects left in reference cycles are then not finalized; the CLI closes its own
        # files and databases before this point.
        gc.freeze()


if __name__ == "__main__":
    main()
