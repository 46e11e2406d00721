"""How a question reaches the user: the Asker protocol and its implementations.

Owns the questionary terminal prompts, the plain numbered prompts for screen
readers, the no-input asker, the answers file, hidden passphrase input, the
question kinds by table, and the console everything is drawn on. The only
package that imports questionary or prompt_toolkit. It may read ``flow`` (the
questions), ``documents`` (how Markdown is drawn) and ``store.keys`` (to
register the passphrase prompt); it must never import ``guide`` or ``cli``.
"""
