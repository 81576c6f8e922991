"""Provider-neutral data returned by every provider implementation.

Amounts are ``Decimal`` and dates ``date`` so no float rounding or timezone slips
in between the provider's response and Dashtam's ledger. Tokens are ``SecretStr``-
like (:class:`Secret`) so they never appear in a repr or a log line.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final, NoReturn

_MASK: Final = "**********"


class Secret:
    """A credential or token whose value shows only through :meth:`reveal`.

    Not a dataclass on purpose: ``dataclasses.asdict`` would copy the value out of
    one. Copies share the (immutable) object; pickling is refused, so a secret never
    reaches a cache, a queue or a file by accident.
    """

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def reveal(self) -> str:
        """The secret value, for the one place that must send it to the provider."""
        return self._value

    def __str__(self) -> str:
        return _MASK

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    def __format__(self, spec: str) -> str:
        return _MASK

    def __bool__(self) -> bool:
        return bool(self.reveal())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash((Secret, self.reveal()))

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: object) -> Secret:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "A Secret cannot be pickled: its value would be written out in clear. "
            "Store it encrypted (dashtam.core.tokens.TokenCipher) instead."
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Account:
    """One account at a provider, as the provider reports it now."""

    provider_account_id: str
    name: str
    account_type: str
    currency: str
    balance: Decimal | None = None
    available_balance: Decimal | None = None
    number_masked: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Transaction:
    """One posted transaction; ``amount`` is negative for money leaving the account."""

    provider_transaction_id: str
    account_id: str
    posted_on: date
    amount: Decimal
    currency: str
    description: str
    transaction_type: str
    category: str | None = None
    memo: str | None = None
    check_number: str | None = None
    balance_after: Decimal | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Holding:
    """A securities position held in an account."""

    account_id: str
    symbol: str
    quantity: Decimal
    market_value: Decimal
    currency: str
    average_cost: Decimal | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class OAuthTokens:
    """Tokens from an OAuth code exchange or refresh; values never show in a repr."""

    access_token: Secret
    refresh_token: Secret | None
    expires_at: datetime
    token_type: str = "Bearer"
    scope: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class BalanceSnapshot:
    """An account's end-of-day balance on one date, for balance-history charts."""

    account_id: str
    as_of: date
    balance: Decimal
    currency: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ApiKeyCredentials:
    """A user's API key pair for a provider that takes the key on every request.

    Both halves are :class:`Secret`: the key id alone identifies the account, so it
    is kept out of reprs and logs as carefully as the secret key.
    """

    key_id: Secret
    secret_key: Secret
