"""Rebuild the protective-order JSON the program reads, after editing the YAML.

    python tools/build_legal_data.py

Exits 1 and lists every problem if the YAML is not right; nothing is written then.
"""

from __future__ import annotations

import sys

from leavemealone.errors import LeaveMeAloneError
from leavemealone.resources.build import cache_text
from leavemealone.resources.orders import ORDERS_CACHE, ORDERS_FILE


def main() -> int:
    try:
        text = cache_text()
    except LeaveMeAloneError as error:
        print(error.message, file=sys.stderr)
        return 1
    ORDERS_CACHE.write_text(text, encoding="utf-8")
    print(f"Wrote {ORDERS_CACHE} from {ORDERS_FILE}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
