"""Entry point: ``leavemealone`` and ``python -m leavemealone``.

``help-now`` is answered here, before the CLI framework loads, so emergency
numbers appear at once even on a slow machine.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line; the emergency numbers take a fast path."""
    arguments = sys.argv[1:]
    if arguments[:1] == ["help-now"] and len(arguments) == 1:
        from leavemealone.cli.help_now import print_help_now

        sys.exit(print_help_now())
    from leavemealone.cli.app import run

    run()


if __name__ == "__main__":
    main()
