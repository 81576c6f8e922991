"""Reads the dates and amounts of Chase's CSV exports, exactly and without guessing.

Dates are US ``MM/DD/YYYY`` only: a day-first reading of ``03/04/2026`` would
silently move transactions by months, so anything else is an error. Amounts
become ``Decimal`` from the text itself (no float on the way).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Final

_DATE: Final = re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})")

# An optional sign on either side of an optional "$", then digits with correctly
# grouped thousands separators or none, then optional decimals.
_AMOUNT: Final = re.compile(
    r"(?P<sign>[-+]?)\$?(?P<sign_after>[-+]?)"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?P<fraction>\.\d+)?"
)

#: Longest amount accepted, in characters: far above any real balance, and it keeps
#: ``Decimal`` arithmetic on imported values cheap.
MAX_AMOUNT_CHARS: Final = 24


def parse_us_date(text: str) -> date | None:
    """The date written as ``MM/DD/YYYY`` (leading zeros optional), or ``None``."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def parse_amount(text: str) -> Decimal | None:
    """The amount in ``text`` (``-5.75``, ``1,234.56``, ``$20.00``, ``-$3``), or ``None``."""
    cleaned = text.strip()
    if len(cleaned) > MAX_AMOUNT_CHARS:
        return None
    match = _AMOUNT.fullmatch(cleaned)
    if match is None or (match["digits"] is None and match["fraction"] is None):
        return None
    if match["sign"] and match["sign_after"]:
        return None
    sign = match["sign"] or match["sign_after"]
    digits = (match["digits"] or "0").replace(",", "")
    return Decimal(f"{'-' if sign == '-' else ''}{digits}{match['fraction'] or ''}")
