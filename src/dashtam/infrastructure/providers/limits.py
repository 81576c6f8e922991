"""Every bound Dashtam puts on what a provider sends back, in one place.

A provider endpoint can be slow, broken or compromised; none of these limits is
near what a real account produces, and each turns a hang, a crash or a flood into
a typed error that names the limit. The time per call and the size of one
response are settings (``PROVIDER_HTTP_DEADLINE_SECONDS``,
``PROVIDER_HTTP_MAX_RESPONSE_BYTES``); the rest are fixed here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

#: JSON nested deeper than this is refused before it is decoded (Python's decoder
#: raised ``RecursionError`` on ``[`` x 100,000). Provider responses nest about 5 deep.
MAX_JSON_DEPTH: Final = 64

#: A JSON number longer than this many characters is refused before conversion.
MAX_NUMBER_CHARS: Final = 40

#: A JSON number's decimal exponent must lie within +-this: ``1e999999999`` took
#: minutes to turn into an ``int``, ``1e30`` overflowed ``timedelta``.
MAX_NUMBER_EXPONENT: Final = 30

#: Money amounts: finite, below 10**15 in magnitude (Chase's own 15 digits), and
#: at most this many decimal places.
MAX_AMOUNT: Final = Decimal(10) ** 15
AMOUNT_PLACES: Final = 8

#: Quantities and prices of a trade: finite, below 10**12, at most 9 decimal places
#: (fractional shares and crypto).
MAX_QUANTITY: Final = Decimal(10) ** 12
QUANTITY_PLACES: Final = 9

#: The longest lifetime a token response may claim (``expires_in``): one year.
MAX_TOKEN_SECONDS: Final = 366 * 24 * 3600

#: Pagination: one ``fetch_transactions`` follows at most this many pages, items and
#: bytes; past any of them it fails rather than page forever (a provider that kept
#: sending fresh pages drew 10,000 requests and 432 MiB).
MAX_PAGES: Final = 200
MAX_ITEMS: Final = 20_000
MAX_PAGED_BYTES: Final = 64 * 1024 * 1024

#: The longest date range one ``fetch_transactions`` accepts, in days (about ten
#: years; a 200-year Schwab range sent 201 requests). Longer histories are fetched
#: in parts.
MAX_RANGE_DAYS: Final = 3660
