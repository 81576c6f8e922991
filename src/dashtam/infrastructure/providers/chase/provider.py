"""Chase as a Dashtam provider: transactions come from files the user uploads.

Chase offers no API to Dashtam, so ``fetch_transactions`` answers from the files
imported into this instance. An import is all-or-nothing: the file is parsed
completely before anything is stored, so a rejected file leaves the provider
exactly as it was. Re-importing a file, or one whose dates overlap an earlier
one, adds nothing twice because transaction ids are stable.

The registry gives Chase the ``TRANSACTIONS`` capability only, so this class has
``fetch_transactions`` and deliberately no ``fetch_accounts`` or ``fetch_holdings``.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Final

from dashtam.domain.providers.config import ChaseFileConfig
from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.models import Transaction
from dashtam.domain.providers.protocols import ReportsCapabilities
from dashtam.domain.providers.setup import FileImportSetup
from dashtam.infrastructure.providers.chase.model import ImportedFile
from dashtam.infrastructure.providers.chase.parser import parse_chase_file
from dashtam.infrastructure.providers.date_range import within


class ChaseFileProvider(ReportsCapabilities):
    """Imports Chase exports and serves their transactions by account and date range."""

    slug: Final = Provider.CHASE_FILE

    def __init__(
        self, *, config: ChaseFileConfig | None = None, setup: FileImportSetup | None = None
    ) -> None:
        # ``config`` has no fields (Chase reads no settings); it is accepted so the
        # container builds every provider the same way.
        self._setup = setup
        self._lock = threading.Lock()
        self._by_account: dict[str, dict[str, Transaction]] = {}

    def __repr__(self) -> str:
        with self._lock:
            counts = {account: len(items) for account, items in self._by_account.items()}
        return f"ChaseFileProvider(imported={counts})"

    def import_file(
        self, content: bytes, *, account_id: str, filename: str | None = None
    ) -> ImportedFile:
        """Parse ``content`` and keep its transactions for ``account_id``.

        Raises:
            ChaseImportError: The file was rejected; nothing was stored.
        """
        imported = parse_chase_file(
            content, account_id=account_id, filename=filename, setup=self._setup
        )
        with self._lock:
            stored = self._by_account.setdefault(account_id, {})
            for transaction in imported.transactions:
                stored[transaction.provider_transaction_id] = transaction
        return imported

    def fetch_transactions(self, account_id: str, start: date, end: date) -> list[Transaction]:
        """The account's imported transactions posted from ``start`` to ``end`` inclusive.

        Sorted by posted date, then id, so the order is the same on every call.
        An account nothing was imported into has no transactions.

        Raises:
            ValueError: ``start`` is after ``end``.
        """
        if start > end:
            raise ValueError(
                f"start {start.isoformat()} is after end {end.isoformat()}; "
                "pass the earlier date as start"
            )
        with self._lock:
            stored = list(self._by_account.get(account_id, {}).values())
        return within(stored, start, end)
