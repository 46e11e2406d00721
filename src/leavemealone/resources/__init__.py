"""Where to turn: the national lines and each state's protective orders, with their sources.

Owns the shipped facts (``data/hotlines.json``, ``data/protection_orders.yaml``),
their schema check, routing a state and relationship to the orders that fit,
and the Markdown or JSON that says so. ``hotlines`` uses the standard library
alone, for ``help-now``. ``resources`` must never import ``store``, ``flow``,
``ask``, ``guide``, ``documents``, ``log`` or ``cli``, and never prints.
"""
