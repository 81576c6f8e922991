"""Stable transaction ids, so re-importing a file (or an overlapping one) adds nothing twice.

Chase's CSV exports carry no transaction id, so one is derived from the parsed row
(not its spelling: ``1,234.50`` and ``1234.5`` are the same amount) plus the row's
occurrence among identical rows of the same file, which keeps two genuinely
identical purchases apart. OFX carries ``FITID``; Chase has been seen repeating a
FITID for different transactions, so a repeat within one file gets an occurrence
suffix too (the first occurrence keeps the plain id).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from dashtam.infrastructure.providers.chase.model import ChaseLayout

_PREFIX: Final = "chase-"
_HEX_CHARS: Final = 32

Part = str | date | Decimal | None


def _canonical(part: Part) -> str | None:
    if isinstance(part, Decimal):
        return format(part.normalize(), "f")
    if isinstance(part, date):
        return part.isoformat()
    return part


def _digest(parts: Sequence[str | None]) -> str:
    payload = json.dumps(parts, ensure_ascii=True, separators=(",", ":"))
    return _PREFIX + hashlib.sha256(payload.encode("ascii")).hexdigest()[:_HEX_CHARS]


class IdMaker:
    """Hands out ids for one file: the same key twice gets two different ids."""

    __slots__ = ("_account_id", "_layout", "_seen")

    def __init__(self, account_id: str, layout: ChaseLayout) -> None:
        self._account_id = account_id
        self._layout = layout
        self._seen: Counter[tuple[str | None, ...]] = Counter()

    def next_id(self, key: Sequence[Part]) -> str:
        """The id of the next row whose identifying values are ``key``."""
        canonical = tuple(_canonical(part) for part in key)
        occurrence = self._seen[canonical]
        self._seen[canonical] += 1
        parts: list[str | None] = [self._account_id, str(self._layout), *canonical]
        if occurrence:
            parts.append(str(occurrence))
        return _digest(parts)
