"""Charles Schwab (OAuth 2.0): the Trader API's accounts and transactions."""

from dashtam.infrastructure.providers.schwab.provider import (
    TRADER_API_PATH,
    TRANSACTION_TYPES,
    SchwabProvider,
)

__all__ = ["TRADER_API_PATH", "TRANSACTION_TYPES", "SchwabProvider"]
