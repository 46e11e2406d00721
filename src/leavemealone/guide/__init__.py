"""A session of the guided walk, with its side effects.

The pure walk (``flow``) says what comes next; the guide asks it through an
asker (``ask``), saves every answer in the case (``store``), shows the facts
a step names (``resources``), offers and makes documents (``documents``),
adds incidents to the log (``log``), and offers the passphrase. It never
prints: everything reaches the user through the asker, or as a result the
CLI shows. It must never import ``cli``.
"""
