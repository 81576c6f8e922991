"""Provider-neutral data returned by every provider implementation.

Amounts are ``Decimal`` and dates ``date`` so no float rounding or timezone slips
in between the provider's response and Dashtam's ledger. Tokens are ``SecretStr``-
like (:class:`Secret`) so they never appear in a repr or a log line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Final

_MASK: Final = "**********"


@dataclass(frozen=True, slots=True)
class Secret:
    """A credential or token whose value shows only through :meth:`reveal`."""

    _value: str = field(repr=False)

    def reveal(self) -> str:
        """The secret value, for the one place that must send it to the provider."""
        return self._value

    def __str__(self) -> str:
        return _MASK

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    def __bool__(self) -> bool:
        return bool(self._value)


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
