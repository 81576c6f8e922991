"""The date-range contract every ``fetch_transactions`` keeps, written once.

A provider is asked for the transactions posted from ``start`` to ``end``
inclusive and answers each transaction once, ordered by posted date and then id,
so the same question always gets the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

from dashtam.domain.providers.models import Transaction
from dashtam.infrastructure.providers.limits import MAX_RANGE_DAYS

#: Days at either end of the calendar no range may reach; providers widen by up to 2.
EDGE_DAYS: Final = 7


def require_valid_range(start: date, end: date) -> None:
    """Refuse a range a provider cannot be asked for.

    Providers widen the range by a few days for time zones, so the first and last
    :data:`EDGE_DAYS` of the calendar are refused (``date.min - 1 day`` raised
    ``OverflowError``), and so is a range longer than
    :data:`~dashtam.infrastructure.providers.limits.MAX_RANGE_DAYS`.

    Raises:
        ValueError: ``start`` is after ``end``, the range is too long, or it reaches
            the edge of the calendar.
    """
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end}); pass the earlier date as start.")
    if start < date.min + timedelta(days=EDGE_DAYS) or end > date.max - timedelta(days=EDGE_DAYS):
        raise ValueError(
            f"the range {start} to {end} reaches the edge of the calendar; ask for the "
            "dates the account can have transactions on."
        )
    days = (end - start).days + 1
    if days > MAX_RANGE_DAYS:
        raise ValueError(
            f"the range {start} to {end} spans {days:,} days, more than the "
            f"{MAX_RANGE_DAYS:,} one fetch accepts; fetch a long history in parts."
        )


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
