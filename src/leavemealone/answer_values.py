"""Reading a multi-choice answer the same way everywhere: the flow, safety, routing and the papers.

A saved answer is a list, but an answers file written by hand, or a case
saved by an older version, may hold a lone word or nothing; every part
reads it through ``chosen`` so none of them has its own idea of the shape.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def chosen(answers: Mapping[str, Any], key: str) -> list[str]:
    """The values picked for ``key`` as text: none, one word, or each item of a list."""
    value = answers.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]
