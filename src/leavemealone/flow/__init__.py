"""Flows as data: dataclasses, a reader, checks, conditions, and the pure walk.

The reader reports every problem as ``file:line: what``; ``when:``
conditions are sandboxed Jinja expressions. The walk decides what comes next
from the answers and the recorded step outcomes; it never asks, stores or
prints. ``flow`` must never import ``store``, ``ask``, ``guide``,
``documents``, ``log``, ``resources`` or ``cli``.
"""
