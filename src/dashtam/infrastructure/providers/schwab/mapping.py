"""Schwab Trader API and OAuth payloads mapped to Dashtam's provider-neutral models.

Shapes follow Schwab's documented responses: ``/accounts/accountNumbers`` pairs each
plain account number with the ``hashValue`` every other endpoint takes;
``/accounts`` wraps each account in ``securitiesAccount`` with ``currentBalances``;
``/accounts/{hash}/transactions`` lists items with ``activityId``, ``tradeDate`` or
``time``, ``netAmount``, ``type`` and ``status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final

from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.models import Account, OAuthTokens, Secret, Transaction
from dashtam.infrastructure.providers.limits import MAX_TOKEN_SECONDS
from dashtam.infrastructure.providers.payload import Shape

PROVIDER: Final = str(Provider.SCHWAB)
CURRENCY: Final = "USD"
#: Transactions Schwab reports but that never moved money.
SKIPPED_STATUSES: Final = frozenset({"CANCELED", "INVALID"})


def parse_tokens(
    payload: object, *, issued_at: datetime, default_lifetime: timedelta
) -> OAuthTokens:
    """Tokens from the token endpoint; ``expires_in`` falls back to the registry's lifetime.

    RFC 6749 section 5.1: a non-empty ``access_token``, a ``token_type`` Dashtam can
    send (Bearer, in any case: it sends ``Authorization: Bearer``), and
    ``expires_in`` a whole number of seconds, at most a year.
    """
    shape = Shape(PROVIDER, "POST token")
    body = shape.mapping(payload, "response")
    access = shape.text(body, "access_token", "response")
    if not access.strip():
        raise shape.error("response.access_token", "is empty; Schwab issued no usable token")
    token_type = shape.optional_text(body, "token_type", "response") or "Bearer"
    if token_type.lower() != "bearer":
        raise shape.error(
            "response.token_type",
            "is not Bearer; Dashtam sends access tokens only as 'Authorization: Bearer'",
        )
    refresh = shape.optional_text(body, "refresh_token", "response")
    expires_in = (
        None
        if body.get("expires_in") is None
        else shape.integer(body, "expires_in", "response", minimum=1, maximum=MAX_TOKEN_SECONDS)
    )
    lifetime = default_lifetime if expires_in is None else timedelta(seconds=expires_in)
    return OAuthTokens(
        access_token=Secret(access),
        refresh_token=Secret(refresh) if refresh else None,
        expires_at=issued_at + lifetime,
        token_type="Bearer",
        scope=shape.optional_text(body, "scope", "response"),
    )


def parse_account_hashes(payload: object) -> dict[str, str]:
    """Plain account number to the hash value Schwab's other endpoints expect."""
    shape = Shape(PROVIDER, "GET accounts/accountNumbers")
    hashes: dict[str, str] = {}
    for index, item in enumerate(shape.array(payload, "response")):
        path = f"response[{index}]"
        entry = shape.mapping(item, path)
        hashes[shape.text(entry, "accountNumber", path)] = shape.text(entry, "hashValue", path)
    return hashes


def parse_accounts(payload: object, hashes: Mapping[str, str]) -> list[Account]:
    """Accounts keyed by their hash value, so callers pass it back unchanged."""
    shape = Shape(PROVIDER, "GET accounts")
    accounts: list[Account] = []
    for index, item in enumerate(shape.array(payload, "response")):
        wrapper = shape.mapping(item, f"response[{index}]")
        path = f"response[{index}].securitiesAccount"
        account = shape.mapping(
            shape.field(wrapper, "securitiesAccount", f"response[{index}]"), path
        )
        number = shape.text(account, "accountNumber", path)
        if number not in hashes:
            raise shape.error(
                f"{path}.accountNumber",
                "has no hashValue in GET accounts/accountNumbers, so its transactions "
                "cannot be requested",
            )
        kind = shape.text(account, "type", path)
        balances = shape.mapping(account.get("currentBalances", {}), f"{path}.currentBalances")
        masked = f"****{number[-4:]}"
        accounts.append(
            Account(
                provider_account_id=hashes[number],
                name=f"Schwab {kind.replace('_', ' ').title()} {masked}",
                account_type=kind.lower(),
                currency=CURRENCY,
                balance=shape.optional_decimal(
                    balances, "liquidationValue", f"{path}.currentBalances"
                ),
                available_balance=shape.optional_decimal(
                    balances, "cashBalance", f"{path}.currentBalances"
                ),
                number_masked=masked,
            )
        )
    return accounts


def parse_transactions(payload: object, account_id: str) -> list[Transaction]:
    """Every transaction in the response that moved money (not canceled or invalid)."""
    shape = Shape(PROVIDER, "GET accounts/{hash}/transactions")
    transactions: list[Transaction] = []
    for index, item in enumerate(shape.array(payload, "response")):
        path = f"response[{index}]"
        entry = shape.mapping(item, path)
        status = shape.optional_text(entry, "status", path)
        if status in SKIPPED_STATUSES:
            continue
        kind = shape.text(entry, "type", path)
        date_key = "tradeDate" if entry.get("tradeDate") is not None else "time"
        transactions.append(
            Transaction(
                provider_transaction_id=shape.text(entry, "activityId", path),
                account_id=account_id,
                posted_on=shape.market_day(entry, date_key, path),
                amount=shape.decimal(entry, "netAmount", path),
                currency=CURRENCY,
                description=shape.optional_text(entry, "description", path)
                or _describe(shape, entry, path, kind),
                transaction_type=kind,
            )
        )
    return transactions


def _describe(shape: Shape, entry: Mapping[str, object], path: str, kind: str) -> str:
    """A description for items without one: the type and the first instrument's symbol."""
    items = entry.get("transferItems")
    if isinstance(items, list) and items:
        first = shape.mapping(items[0], f"{path}.transferItems[0]")
        instrument = first.get("instrument")
        if isinstance(instrument, dict):
            symbol = shape.optional_text(instrument, "symbol", f"{path}.transferItems[0]")
            if symbol:
                return f"{kind.replace('_', ' ').title()} {symbol}"
    return kind.replace("_", " ").title()
