"""Alpaca Trading API payloads mapped to Dashtam's provider-neutral models.

Shapes follow Alpaca's documented objects: ``GET /v2/account`` returns one account
with numbers as strings (``equity``, ``cash``); ``GET /v2/account/activities``
returns trade activities (``activity_type`` ``FILL`` with ``qty``, ``price``,
``side``, ``symbol``, ``transaction_time``) and non-trade activities (``DIV``,
``CSD``, ``FEE``... with ``date`` and ``net_amount``), each with an ``id`` that
doubles as the next page's ``page_token``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.models import Account, Transaction
from dashtam.infrastructure.providers.limits import (
    AMOUNT_PLACES,
    MAX_AMOUNT,
    MAX_QUANTITY,
    QUANTITY_PLACES,
)
from dashtam.infrastructure.providers.payload import Shape

PROVIDER: Final = str(Provider.ALPACA)
ACTIVITIES: Final = "GET /v2/account/activities"
#: Typed accessors for the activities endpoint; a ``Shape`` holds no state of its own.
ACTIVITY_SHAPE: Final = Shape(PROVIDER, ACTIVITIES)


def parse_account(payload: object) -> Account:
    """The one trading account an Alpaca API key belongs to."""
    shape = Shape(PROVIDER, "GET /v2/account")
    body = shape.mapping(payload, "response")
    number = shape.text(body, "account_number", "response")
    masked = f"****{number[-4:]}"
    return Account(
        provider_account_id=shape.text(body, "id", "response"),
        name=f"Alpaca Brokerage {masked}",
        account_type="brokerage",
        currency=shape.optional_text(body, "currency", "response") or "USD",
        balance=shape.optional_decimal(body, "equity", "response"),
        available_balance=shape.optional_decimal(body, "cash", "response"),
        number_masked=masked,
    )


def activity_page(payload: object) -> list[Mapping[str, object]]:
    """One page of activities as objects; mapping them is :func:`parse_activity`'s job."""
    shape = ACTIVITY_SHAPE
    return [
        shape.mapping(item, f"response[{index}]")
        for index, item in enumerate(shape.array(payload, "response"))
    ]


def activity_id(activity: Mapping[str, object], path: str) -> str:
    """The activity's id, which Alpaca accepts as the next page's ``page_token``."""
    return ACTIVITY_SHAPE.text(activity, "id", path)


def parse_activity(activity: Mapping[str, object], account_id: str, path: str) -> Transaction:
    """A trade fill or a non-trade activity as a transaction of ``account_id``."""
    shape = ACTIVITY_SHAPE
    kind = shape.text(activity, "activity_type", path)
    if kind == "FILL":
        return _fill(shape, activity, account_id, path)
    symbol = shape.optional_text(activity, "symbol", path)
    fallback = f"{kind} {symbol}" if symbol else kind
    return Transaction(
        provider_transaction_id=activity_id(activity, path),
        account_id=account_id,
        posted_on=shape.market_day(activity, "date", path),
        amount=shape.decimal(activity, "net_amount", path),
        currency="USD",
        description=shape.optional_text(activity, "description", path) or fallback,
        transaction_type=kind,
    )


def _fill(shape: Shape, activity: Mapping[str, object], account_id: str, path: str) -> Transaction:
    """A fill moves ``qty * price``: out of the account on a buy, into it on a sell."""
    side = shape.text(activity, "side", path).lower()
    if side not in ("buy", "sell", "sell_short"):
        raise shape.error(f"{path}.side", "is neither buy, sell nor sell_short")
    qty = shape.decimal(activity, "qty", path, limit=MAX_QUANTITY, places=QUANTITY_PLACES)
    price = shape.decimal(activity, "price", path, limit=MAX_QUANTITY, places=QUANTITY_PLACES)
    symbol = shape.text(activity, "symbol", path)
    gross = _to_amount_precision(qty * price)
    if abs(gross) >= MAX_AMOUNT:
        raise shape.error(f"{path}.qty", f"times price is not below {MAX_AMOUNT:,} in magnitude")
    return Transaction(
        provider_transaction_id=activity_id(activity, path),
        account_id=account_id,
        posted_on=shape.market_day(activity, "transaction_time", path),
        amount=-gross if side == "buy" else gross,
        currency="USD",
        description=f"{side.replace('_', ' ').title()} {qty} {symbol} @ {price}",
        transaction_type="FILL",
    )


def _to_amount_precision(amount: Decimal) -> Decimal:
    """``amount`` rounded (half to even) to the places an amount keeps, if it has more."""
    places = Decimal(1).scaleb(-AMOUNT_PLACES)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_PLACES:
        return amount.quantize(places, rounding=ROUND_HALF_EVEN)
    return amount
