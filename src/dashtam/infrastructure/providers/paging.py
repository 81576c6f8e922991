"""The budget of one paginated fetch: pages, items and bytes, each bounded.

A provider that keeps sending fresh pages (or huge ones) would otherwise be
followed until memory runs out; the budget stops the fetch at the first bound
passed, with an error that names the bound and how to stay under it.
"""

from __future__ import annotations

from dashtam.domain.providers.errors import ResponseLimitError
from dashtam.infrastructure.providers.limits import MAX_ITEMS, MAX_PAGED_BYTES, MAX_PAGES


class PagingBudget:
    """Counts what one ``fetch_transactions`` received from ``what`` of ``provider``."""

    __slots__ = ("_bytes", "_items", "_pages", "_provider", "_what")

    def __init__(self, provider: str, what: str) -> None:
        self._provider = provider
        self._what = what
        self._pages = 0
        self._items = 0
        self._bytes = 0

    def page(self, size: int) -> None:
        """Count one response of ``size`` bytes.

        Raises:
            ResponseLimitError: More than ``MAX_PAGES`` pages or ``MAX_PAGED_BYTES`` bytes.
        """
        self._pages += 1
        self._bytes += size
        if self._pages > MAX_PAGES:
            raise self._passed(f"more than {MAX_PAGES:,} pages")
        if self._bytes > MAX_PAGED_BYTES:
            raise self._passed(f"more than {MAX_PAGED_BYTES:,} bytes in {self._pages:,} pages")

    def items(self, count: int) -> None:
        """Count ``count`` items received.

        Raises:
            ResponseLimitError: More than ``MAX_ITEMS`` items.
        """
        self._items += count
        if self._items > MAX_ITEMS:
            raise self._passed(f"more than {MAX_ITEMS:,} items")

    def _passed(self, what: str) -> ResponseLimitError:
        return ResponseLimitError(
            self._provider,
            f"{self._what} sent {what} for one fetch, past the bound Dashtam follows "
            "(the provider may be paging without end). Fetch a shorter date range.",
        )
