"""The date-range contract every ``fetch_transactions`` keeps, written once.

A provider is asked for the transactions posted from ``start`` to ``end``
inclusive and answers each transaction once, ordered by posted date and then id,
so the same question always gets the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dashtam.domain.providers.models import Transaction


def require_ordered(start: date, end: date) -> None:
    """Refuse a range whose ``start`` is after its ``end``.

    Raises:
        ValueError: ``start`` is after ``end``.
    """
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end}).")


def within(transactions: Iterable[Transaction], start: date, end: date) -> list[Transaction]:
    """The transactions posted ``start``-``end``, the first of each id only, in stable order."""
    found: dict[str, Transaction] = {}
    for transaction in transactions:
        if start <= transaction.posted_on <= end:
            found.setdefault(transaction.provider_transaction_id, transaction)
    return sorted(found.values(), key=by_date_then_id)


def by_date_then_id(transaction: Transaction) -> tuple[date, str]:
    """Sort key: posted date, then provider id, so equal dates still order the same way."""
    return transaction.posted_on, transaction.provider_transaction_id
