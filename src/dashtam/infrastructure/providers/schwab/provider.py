"""Charles Schwab: OAuth 2.0 authorization code flow and the Trader API.

The endpoints, scopes and token lifetimes come from the registry's ``OAuthSetup``,
the app's client credentials and the API host from its :class:`SchwabConfig`; once
bound with :meth:`SchwabProvider.with_credentials` it also holds one user's tokens.
Token requests use HTTP Basic client authentication with a form body, as Schwab
documents.

An access token lives 30 minutes. A fetch with an expired token fails with
:class:`TokenExpiredError` before any request is sent, and a 401 after the token's
expiry is reported the same way, so the caller knows to refresh rather than send
the user back through consent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Final
from urllib.parse import quote, urlencode

import httpx

from dashtam.domain.providers.config import SchwabConfig
from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.errors import (
    AuthenticationError,
    InvalidResponseError,
    TokenExpiredError,
)
from dashtam.domain.providers.models import Account, OAuthTokens, Secret, Transaction
from dashtam.domain.providers.protocols import ReportsCapabilities
from dashtam.domain.providers.setup import OAuthSetup
from dashtam.infrastructure.providers.date_range import require_valid_range, within
from dashtam.infrastructure.providers.http import ProviderHttpClient, utc_now
from dashtam.infrastructure.providers.paging import PagingBudget
from dashtam.infrastructure.providers.payload import decode_json, json_body
from dashtam.infrastructure.providers.schwab.mapping import (
    PROVIDER,
    parse_account_hashes,
    parse_accounts,
    parse_tokens,
    parse_transactions,
)

#: Where the Trader API (accounts and transactions) lives on ``schwab_api_base_url``.
TRADER_API_PATH: Final = "/trader/v1"
#: Every transaction type the Trader API accepts in ``types``; it filters by them.
TRANSACTION_TYPES: Final = (
    "TRADE",
    "RECEIVE_AND_DELIVER",
    "DIVIDEND_OR_INTEREST",
    "ACH_RECEIPT",
    "ACH_DISBURSEMENT",
    "CASH_RECEIPT",
    "CASH_DISBURSEMENT",
    "ELECTRONIC_FUND",
    "WIRE_OUT",
    "WIRE_IN",
    "JOURNAL",
    "MEMORANDUM",
    "MARGIN_CALL",
    "MONEY_MARKET",
    "SMA_ADJUSTMENT",
)
#: Schwab rejects transaction queries spanning more than a year; longer ranges are
#: fetched in windows of at most this many days.
MAX_WINDOW_DAYS: Final = 365
#: OAuth error codes are short ASCII words; anything else is not echoed.
_ERROR_CODE: Final = re.compile(r"[a-z_]{1,40}")


class SchwabProvider(ReportsCapabilities):
    """Schwab's OAuth flow plus ACCOUNTS and TRANSACTIONS, as the registry lists."""

    slug: Final = Provider.SCHWAB

    __slots__ = (
        "_app_key",
        "_app_secret",
        "_clock",
        "_config",
        "_http",
        "_redirect_uri",
        "_setup",
        "_tokens",
        "_trader_api",
    )

    def __init__(
        self,
        *,
        config: SchwabConfig,
        setup: OAuthSetup,
        http: ProviderHttpClient,
        redirect_uri: str,
        clock: Callable[[], datetime] = utc_now,
        tokens: OAuthTokens | None = None,
    ) -> None:
        app_key = Secret(config.schwab_app_key.get_secret_value())
        app_secret = Secret(config.schwab_app_secret.get_secret_value())
        if not app_key or not app_secret:
            raise ValueError(
                "SchwabProvider needs the app key and secret: set SCHWAB_APP_KEY and "
                "SCHWAB_APP_SECRET."
            )
        self._config = config
        self._app_key = app_key
        self._app_secret = app_secret
        self._redirect_uri = redirect_uri
        self._setup = setup
        self._http = http
        self._trader_api = config.schwab_api_base_url.rstrip("/") + TRADER_API_PATH
        self._clock = clock
        self._tokens = tokens

    def __repr__(self) -> str:
        bound = "bound to a user's tokens" if self._tokens else "unbound"
        return f"SchwabProvider(redirect_uri={self._redirect_uri!r}, {bound})"

    @property
    def redirect_uri(self) -> str:
        """The callback URI registered with Schwab; authorize and token calls send it."""
        return self._redirect_uri

    def with_credentials(self, credentials: OAuthTokens) -> SchwabProvider:
        """A copy acting for the user who owns ``credentials``; it shares the HTTP client."""
        return SchwabProvider(
            config=self._config,
            setup=self._setup,
            http=self._http,
            redirect_uri=self._redirect_uri,
            clock=self._clock,
            tokens=credentials,
        )

    # OAuth -----------------------------------------------------------------------

    def authorization_url(self, state: str, *, code_challenge: str | None = None) -> str:
        """Schwab's consent page for this app, carrying ``state`` and the PKCE challenge."""
        if not state:
            raise ValueError("authorization_url needs a non-empty state (CSRF protection).")
        params = {
            "response_type": "code",
            "client_id": self._app_key.reveal(),
            "redirect_uri": self._redirect_uri,
            "scope": " ".join(self._setup.scopes),
            "state": state,
        }
        if not params["scope"]:
            del params["scope"]
        if code_challenge is not None:
            params["code_challenge"] = code_challenge
            params["code_challenge_method"] = "S256"
        return f"{self._setup.authorization_url}?{urlencode(params, quote_via=quote)}"

    def exchange_code(self, code: str, *, code_verifier: Secret | None = None) -> OAuthTokens:
        """Trade the callback's authorization code for an access and a refresh token."""
        if not code:
            raise ValueError("exchange_code needs the authorization code from the callback.")
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self._redirect_uri,
        }
        if code_verifier is not None:
            form["code_verifier"] = code_verifier.reveal()
        return self._token_request(form, refreshing=False)

    def refresh_tokens(self, refresh_token: Secret) -> OAuthTokens:
        """New tokens from a refresh token; Schwab's refresh tokens last 7 days."""
        if not refresh_token:
            raise ValueError("refresh_tokens needs the refresh token from the last exchange.")
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token.reveal()}
        tokens = self._token_request(form, refreshing=True)
        if tokens.refresh_token is None:
            # Schwab may omit an unchanged refresh token; the old one stays valid.
            return OAuthTokens(
                access_token=tokens.access_token,
                refresh_token=refresh_token,
                expires_at=tokens.expires_at,
                token_type=tokens.token_type,
                scope=tokens.scope,
            )
        return tokens

    def _token_request(self, form: Mapping[str, str], *, refreshing: bool) -> OAuthTokens:
        issued_at = self._clock()
        response = self._http.request(
            "POST",
            self._setup.token_url,
            data=form,
            auth=(self._app_key.reveal(), self._app_secret.reveal()),
            headers={"Accept": "application/json"},
            # A code works once: re-sent after a lost answer it can only be refused,
            # and that refusal would hide the real failure.
            single_use=not refreshing,
        )
        if response.status_code in (400, 401):
            raise self._token_error(response, refreshing=refreshing)
        return parse_tokens(
            json_body(PROVIDER, response, "POST token"),
            issued_at=issued_at,
            default_lifetime=timedelta(minutes=self._setup.access_token_minutes),
        )

    def _token_error(self, response: httpx.Response, *, refreshing: bool) -> AuthenticationError:
        code = _oauth_error_code(response)
        said = f" ({code})" if code else ""
        if code == "invalid_client" or (response.status_code == 401 and code is None):
            return AuthenticationError(
                PROVIDER,
                f"Schwab rejected the app credentials{said}. Check SCHWAB_APP_KEY and "
                f"SCHWAB_APP_SECRET against your app on {self._setup.developer_portal_url}.",
            )
        if refreshing:
            return TokenExpiredError(
                PROVIDER,
                f"Schwab rejected the refresh token{said}: it expired (refresh tokens last "
                f"{self._setup.refresh_token_days} days) or was revoked. Send the user "
                f"through authorization again.",
            )
        return AuthenticationError(
            PROVIDER,
            f"Schwab rejected the authorization code{said}: codes are single-use and "
            f"expire within minutes, and the redirect URI must be exactly "
            f"{self._redirect_uri}. Start the authorization again.",
        )

    # Trader API ------------------------------------------------------------------

    def fetch_accounts(self) -> list[Account]:
        """Every account the user linked, identified by Schwab's account hash."""
        hashes = parse_account_hashes(self._get("accounts/accountNumbers", {}))
        return parse_accounts(self._get("accounts", {}), hashes)

    def fetch_transactions(self, account_id: str, start: date, end: date) -> list[Transaction]:
        """Transactions of the account (its hash) traded from ``start`` to ``end``."""
        if not account_id:
            raise ValueError("fetch_transactions needs the account's hash from fetch_accounts().")
        require_valid_range(start, end)
        found: list[Transaction] = []
        path = f"accounts/{quote(account_id, safe='')}/transactions"
        # Ask for a day more on each side: Schwab filters in UTC, Dashtam dates
        # trades by the New York trading day; the exact range is applied below.
        window_start = start - timedelta(days=1)
        last = end + timedelta(days=1)
        budget = PagingBudget(PROVIDER, f"GET {path}")
        while window_start <= last:
            window_end = min(window_start + timedelta(days=MAX_WINDOW_DAYS - 1), last)
            params = {
                "startDate": _instant(window_start, time.min),
                "endDate": _instant(window_end, time.max),
                "types": ",".join(TRANSACTION_TYPES),
            }
            window = parse_transactions(self._get(path, params, budget), account_id)
            budget.items(len(window))
            found.extend(window)
            window_start = window_end + timedelta(days=1)
        return within(found, start, end)

    def _get(
        self, path: str, params: Mapping[str, str], budget: PagingBudget | None = None
    ) -> object:
        what = f"GET {path}"
        response = self._http.request(
            "GET",
            f"{self._trader_api}/{path}",
            params=params,
            headers={"Authorization": self._authorization(), "Accept": "application/json"},
        )
        if budget is not None:
            budget.page(len(response.content))
        if response.status_code == 401:
            raise self._rejected_token()
        if response.status_code == 403:
            raise AuthenticationError(
                PROVIDER,
                f"{what} was forbidden (HTTP 403): the user did not grant this app access "
                f"to the account. Authorize again and select the account.",
            )
        return json_body(PROVIDER, response, what)

    def _authorization(self) -> str:
        tokens = self._tokens
        if tokens is None:
            raise AuthenticationError(
                PROVIDER,
                "no user tokens are bound: call with_credentials(tokens) with the tokens "
                "from exchange_code() or refresh_tokens() before fetching.",
            )
        if self._clock() >= tokens.expires_at:
            raise self._expired(tokens)
        return f"Bearer {tokens.access_token.reveal()}"

    def _rejected_token(self) -> AuthenticationError:
        tokens = self._tokens
        if tokens is not None and self._clock() >= tokens.expires_at:
            return self._expired(tokens)
        return AuthenticationError(
            PROVIDER,
            "Schwab rejected the access token (HTTP 401): it was revoked or issued to "
            "another app. Refresh the tokens, or send the user through authorization again.",
        )

    def _expired(self, tokens: OAuthTokens) -> TokenExpiredError:
        return TokenExpiredError(
            PROVIDER,
            f"the access token expired at {tokens.expires_at.isoformat()} (access tokens "
            f"last {self._setup.access_token_minutes} minutes). Call refresh_tokens() "
            f"and bind the new tokens with with_credentials().",
        )


def _instant(day: date, at: time) -> str:
    """Schwab's timestamp format: ISO-8601 UTC with milliseconds, e.g. 2024-03-01T00:00:00.000Z."""
    moment = datetime.combine(day, at)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _oauth_error_code(response: httpx.Response) -> str | None:
    """The RFC 6749 ``error`` code of a token-endpoint failure, if it is a plain word."""
    try:
        body = decode_json(PROVIDER, response, "POST token")  # bounded, unlike .json()
    except InvalidResponseError:
        return None
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) and _ERROR_CODE.fullmatch(code) else None


__all__ = ["MAX_WINDOW_DAYS", "TRADER_API_PATH", "TRANSACTION_TYPES", "SchwabProvider"]
