"""What a provider can deliver; each capability maps to one fetch method."""

from __future__ import annotations

from dashtam.domain.providers.labelled import LabelledStrEnum


class ProviderCapability(LabelledStrEnum):
    """A kind of data a provider can deliver to Dashtam."""

    ACCOUNTS = (
        "accounts",
        "Accounts",
        "Lists the user's accounts with their type, number and current balance.",
    )
    TRANSACTIONS = (
        "transactions",
        "Transactions",
        "Retrieves the posted transactions of an account for a date range.",
    )
    HOLDINGS = (
        "holdings",
        "Holdings",
        "Retrieves the securities positions currently held in an account.",
    )
    BALANCE_HISTORY = (
        "balance_history",
        "Balance History",
        "Retrieves an account's historical end-of-day balances.",
    )
