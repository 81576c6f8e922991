"""Alpaca Markets: one trading account per API key, activities as transactions.

Alpaca authenticates every request with the user's key id and secret in the
headers the registry's ``ApiKeySetup`` names, so there are no app-level
credentials: the container builds an unbound provider from its :class:`AlpacaConfig`
(paper or live API) and :meth:`AlpacaProvider.with_credentials` binds a user's key.

``GET /v2/account/activities`` pages with ``page_token``, the id of the last
activity received; the provider follows pages until one comes back short, so a
busy account's history is never silently cut at the first 100 activities.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from dashtam.domain.providers.config import AlpacaConfig
from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.errors import AuthenticationError
from dashtam.domain.providers.models import Account, ApiKeyCredentials, Transaction
from dashtam.domain.providers.protocols import ReportsCapabilities
from dashtam.domain.providers.setup import ApiKeySetup
from dashtam.infrastructure.providers.alpaca.mapping import (
    ACTIVITIES,
    ACTIVITY_SHAPE,
    PROVIDER,
    activity_id,
    activity_page,
    parse_account,
    parse_activity,
)
from dashtam.infrastructure.providers.date_range import require_valid_range, within
from dashtam.infrastructure.providers.http import ProviderHttpClient
from dashtam.infrastructure.providers.paging import PagingBudget
from dashtam.infrastructure.providers.payload import json_body

#: Largest page Alpaca serves for account activities.
MAX_PAGE_SIZE: Final = 100


class AlpacaProvider(ReportsCapabilities):
    """Alpaca's ACCOUNTS and TRANSACTIONS, as the registry lists."""

    slug: Final = Provider.ALPACA

    __slots__ = ("_base_url", "_config", "_credentials", "_http", "_page_size", "_setup")

    def __init__(
        self,
        *,
        config: AlpacaConfig,
        setup: ApiKeySetup,
        http: ProviderHttpClient,
        page_size: int = MAX_PAGE_SIZE,
        credentials: ApiKeyCredentials | None = None,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1 to {MAX_PAGE_SIZE}, got {page_size}.")
        self._config = config
        self._base_url = config.alpaca_base_url.rstrip("/")
        self._setup = setup
        self._http = http
        self._page_size = page_size
        self._credentials = credentials

    def __repr__(self) -> str:
        bound = "bound to a user's API key" if self._credentials else "unbound"
        return f"AlpacaProvider(base_url={self._base_url!r}, {bound})"

    @property
    def base_url(self) -> str:
        """The Trading API this provider talks to (paper or live)."""
        return self._base_url

    def with_credentials(self, credentials: ApiKeyCredentials) -> AlpacaProvider:
        """A copy that sends the user's key with every request; shares the HTTP client."""
        return AlpacaProvider(
            config=self._config,
            setup=self._setup,
            http=self._http,
            page_size=self._page_size,
            credentials=credentials,
        )

    def fetch_accounts(self) -> list[Account]:
        """The single account the bound API key trades."""
        return [parse_account(self._get("/v2/account", {}))]

    def fetch_transactions(self, account_id: str, start: date, end: date) -> list[Transaction]:
        """Fills and non-trade activities (dividends, transfers, fees) dated ``start``-``end``.

        ``account_id`` labels the transactions: an Alpaca key reaches exactly one
        account, the one :meth:`fetch_accounts` returns.
        """
        if not account_id:
            raise ValueError("fetch_transactions needs the account id from fetch_accounts().")
        require_valid_range(start, end)
        # ``after`` and ``until`` are exclusive and compared in UTC; widen by a day
        # and keep exactly the requested New York trading days below.
        params = {
            "after": (start - timedelta(days=1)).isoformat(),
            "until": (end + timedelta(days=2)).isoformat(),
            "direction": "asc",
            "page_size": str(self._page_size),
        }
        transactions: list[Transaction] = []
        seen_tokens: set[str] = set()
        budget = PagingBudget(PROVIDER, ACTIVITIES)
        page_number = 0
        while True:
            page_number += 1
            page = activity_page(self._get("/v2/account/activities", params, budget))
            budget.items(len(page))
            transactions.extend(
                parse_activity(activity, account_id, f"page {page_number} response[{index}]")
                for index, activity in enumerate(page)
            )
            if len(page) < self._page_size:
                break
            token = activity_id(page[-1], f"page {page_number} response[{len(page) - 1}]")
            if token in seen_tokens:
                raise ACTIVITY_SHAPE.error(
                    f"page {page_number}", "repeats a page already received; pagination stalled"
                )
            seen_tokens.add(token)
            params["page_token"] = token
        return within(transactions, start, end)

    def _get(self, path: str, params: dict[str, str], budget: PagingBudget | None = None) -> object:
        what = f"GET {path}"
        response = self._http.request(
            "GET", f"{self._base_url}{path}", params=params, headers=self._headers()
        )
        if budget is not None:
            budget.page(len(response.content))
        if response.status_code in (401, 403):
            raise AuthenticationError(
                PROVIDER,
                f"{what} was refused (HTTP {response.status_code}): Alpaca did not accept "
                f"the API key. Check the key id and secret, and that they belong to "
                f"{self._base_url} (paper keys only work with paper-api.alpaca.markets; "
                f"set ALPACA_BASE_URL for live). Create keys at {self._setup.key_page_url}.",
            )
        return json_body(PROVIDER, response, what)

    def _headers(self) -> dict[str, str]:
        credentials = self._credentials
        if credentials is None or not credentials.key_id or not credentials.secret_key:
            raise AuthenticationError(
                PROVIDER,
                "no API key is bound: call with_credentials(ApiKeyCredentials(key_id=..., "
                "secret_key=...)) with the user's Alpaca key before fetching.",
            )
        return {
            self._setup.key_header: credentials.key_id.reveal(),
            self._setup.secret_header: credentials.secret_key.reveal(),
            "Accept": "application/json",
        }
