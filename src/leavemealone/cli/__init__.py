"""The command line: a thin layer of typer commands over the core, and the one error boundary.

``app`` holds the root command and turns every ``LeaveMeAloneError`` into
one sentence and an exit code; each command module reads its options, calls
one function below, and prints the result. ``help_now`` is the emergency
numbers' fast path and uses the standard library alone. The CLI sits on top,
so no part may import it; nothing below it prints or spells a command-line
option. This ``__init__`` must never import anything, so ``help-now`` stays
instant.
"""
