"""Build ``protection_orders.json`` from ``protection_orders.yaml``, the file people edit.

``tools/build_legal_data.py`` writes it. The YAML is checked first; the JSON
records the YAML's SHA-256, so the program notices a JSON that is out of
date and reads the YAML instead, and a test fails until it is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from leavemealone.resources.orders import ORDERS_FILE, read_yaml, yaml_digest


def cache_text(source: Path = ORDERS_FILE) -> str:
    """The JSON that stands for ``source``: its checked content and its digest."""
    document = read_yaml(source)
    cached = {"source_sha256": yaml_digest(source), "document": document}
    return json.dumps(cached, ensure_ascii=False, sort_keys=True, default=_iso, separators=(",", ":")) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r} in JSON")
