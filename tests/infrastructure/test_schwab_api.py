"""Schwab's Trader API (accounts, transactions) replayed from its documented shapes."""

from __future__ import annotations

import itertools
import json
import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provider_fakes import (
    SCHWAB_APP_SECRET,
    FakeClock,
    MakeHttp,
    ScriptedApi,
    json_response,
    make_schwab,
    sample,
)

from dashtam.domain.providers.config import SchwabConfig
from dashtam.domain.providers.errors import (
    AuthenticationError,
    InvalidResponseError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
    TokenExpiredError,
)
from dashtam.domain.providers.models import Account, OAuthTokens, Secret
from dashtam.domain.providers.protocols import SupportsAccounts, SupportsTransactions
from dashtam.infrastructure.providers.schwab import (
    TRADER_API_PATH,
    TRANSACTION_TYPES,
    SchwabProvider,
)

ACCESS_TOKEN = "access-TOKEN-value-30m"
HASH = "E5B9A1C7F3D2HASH0001"
TRADER_API = str(SchwabConfig.model_fields["schwab_api_base_url"].default) + TRADER_API_PATH
TXN_PATH = f"/trader/v1/accounts/{HASH}/transactions"


def _tokens(expires_at: datetime) -> OAuthTokens:
    return OAuthTokens(
        access_token=Secret(ACCESS_TOKEN), refresh_token=Secret("r"), expires_at=expires_at
    )


@pytest.fixture
def unbound(make_http: MakeHttp, clock: FakeClock) -> SchwabProvider:
    return make_schwab(make_http, http=make_http("schwab", max_retries=2), clock=clock)


@pytest.fixture
def schwab(unbound: SchwabProvider, clock: FakeClock) -> SchwabProvider:
    return unbound.with_credentials(_tokens(clock.now + timedelta(minutes=20)))


def _accounts_script(api: ScriptedApi) -> None:
    api.on(
        "GET",
        "/trader/v1/accounts/accountNumbers",
        json_response(sample("schwab/account_numbers.json")),
    )
    api.on("GET", "/trader/v1/accounts", json_response(sample("schwab/accounts.json")))


def test_satisfies_exactly_the_registry_capability_protocols(schwab: SchwabProvider) -> None:
    assert isinstance(schwab, SupportsAccounts)
    assert isinstance(schwab, SupportsTransactions)
    assert not hasattr(schwab, "fetch_holdings")


def test_fetch_accounts_maps_documented_shapes(schwab: SchwabProvider, api: ScriptedApi) -> None:
    _accounts_script(api)
    accounts = schwab.fetch_accounts()

    assert [str(request.url) for request in api.requests] == [
        f"{TRADER_API}/accounts/accountNumbers",
        f"{TRADER_API}/accounts",
    ]
    assert {request.headers["Authorization"] for request in api.requests} == {
        f"Bearer {ACCESS_TOKEN}"
    }
    assert accounts == [
        Account(
            provider_account_id=HASH,
            name="Schwab Margin ****5678",
            account_type="margin",
            currency="USD",
            balance=Decimal("25310.45"),
            available_balance=Decimal("5200.10"),
            number_masked="****5678",
        ),
        Account(
            provider_account_id="A1B2C3D4E5F6HASH0002",
            name="Schwab Cash ****4321",
            account_type="cash",
            currency="USD",
            balance=Decimal("0.3"),
            available_balance=Decimal("0.1"),
            number_masked="****4321",
        ),
    ]


def test_account_without_a_hash_is_an_invalid_response(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("GET", "/trader/v1/accounts/accountNumbers", json_response([]))
    api.on("GET", "/trader/v1/accounts", json_response(sample("schwab/accounts.json")))
    with pytest.raises(InvalidResponseError, match=r"response\[0\]\.securitiesAccount"):
        schwab.fetch_accounts()


def test_fetch_transactions_requests_the_documented_query(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("GET", TXN_PATH, json_response(sample("schwab/transactions.json")))
    schwab.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 10))
    params = api.requests[0].url.params
    assert params["startDate"] == "2024-02-29T00:00:00.000Z"
    assert params["endDate"] == "2024-03-11T23:59:59.999Z"
    assert params["types"].split(",") == list(TRANSACTION_TYPES)
    assert api.requests[0].headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"


def test_fetch_transactions_maps_amounts_dates_and_skips_canceled(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("GET", TXN_PATH, json_response(sample("schwab/transactions.json")))
    transactions = schwab.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 10))
    rows = [
        (t.provider_transaction_id, t.posted_on, t.amount, t.description, t.transaction_type)
        for t in transactions
    ]
    assert rows == [
        ("95512265692", date(2024, 3, 5), Decimal("-1523.45"), "Trade VTI", "TRADE"),
        # 01:15 UTC on the 6th is 20:15 on the 5th in New York: that trading day.
        (
            "95512265693",
            date(2024, 3, 5),
            Decimal("12.1"),
            "ORDINARY DIVIDEND",
            "DIVIDEND_OR_INTEREST",
        ),
        ("95512265694", date(2024, 3, 8), Decimal("0.1"), "ACH DEPOSIT", "ACH_RECEIPT"),
    ]
    assert all(t.account_id == HASH and t.currency == "USD" for t in transactions)
    assert all(isinstance(t.amount, Decimal) for t in transactions)


def test_fetch_transactions_keeps_exactly_the_requested_days(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("GET", TXN_PATH, json_response(sample("schwab/transactions.json")))
    transactions = schwab.fetch_transactions(HASH, date(2024, 3, 6), date(2024, 3, 8))
    assert [t.provider_transaction_id for t in transactions] == ["95512265694"]


def test_ranges_over_a_year_are_fetched_in_windows(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    repeated = json_response(sample("schwab/transactions.json"))
    api.on(
        "GET",
        TXN_PATH,
        repeated,
        json_response([]),
        json_response(sample("schwab/transactions.json")),
    )
    transactions = schwab.fetch_transactions(HASH, date(2022, 1, 1), date(2024, 3, 10))

    windows = [
        (
            date.fromisoformat(r.url.params["startDate"][:10]),
            date.fromisoformat(r.url.params["endDate"][:10]),
        )
        for r in api.requests
    ]
    assert windows[0][0] == date(2021, 12, 31)
    assert windows[-1][1] == date(2024, 3, 11)
    assert len(windows) == 3
    for (_, first_end), (next_start, _) in itertools.pairwise(windows):
        assert next_start == first_end + timedelta(days=1)
    assert all((end - start).days < 365 for start, end in windows)
    # The same activity returned by two windows is one transaction.
    assert len(transactions) == 3


def test_inverted_range_and_missing_account(schwab: SchwabProvider, api: ScriptedApi) -> None:
    with pytest.raises(ValueError, match="after end"):
        schwab.fetch_transactions(HASH, date(2024, 3, 2), date(2024, 3, 1))
    with pytest.raises(ValueError, match="hash"):
        schwab.fetch_transactions("", date(2024, 3, 1), date(2024, 3, 2))
    assert api.requests == []


def test_unbound_provider_refuses_to_fetch(unbound: SchwabProvider, api: ScriptedApi) -> None:
    with pytest.raises(AuthenticationError, match="with_credentials"):
        unbound.fetch_accounts()
    assert api.requests == []
    assert "unbound" in repr(unbound)


def test_expired_token_is_reported_before_any_request(
    unbound: SchwabProvider, api: ScriptedApi, clock: FakeClock
) -> None:
    expired = unbound.with_credentials(_tokens(clock.now - timedelta(seconds=1)))
    with pytest.raises(TokenExpiredError, match="refresh_tokens"):
        expired.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 2))
    assert api.requests == []


def test_401_after_expiry_is_token_expired(
    unbound: SchwabProvider, api: ScriptedApi, clock: FakeClock
) -> None:
    provider = unbound.with_credentials(_tokens(clock.now + timedelta(seconds=5)))

    def expires_in_flight(request: httpx.Request) -> httpx.Response:
        clock.advance(timedelta(seconds=10))
        return json_response({"message": "token expired"}, status=401)

    api.on("GET", "/trader/v1/accounts/accountNumbers", expires_in_flight)
    with pytest.raises(TokenExpiredError):
        provider.fetch_accounts()


def test_401_with_a_live_token_is_an_authentication_error(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("GET", "/trader/v1/accounts/accountNumbers", json_response({}, status=401))
    with pytest.raises(AuthenticationError) as caught:
        schwab.fetch_accounts()
    assert not isinstance(caught.value, TokenExpiredError)
    assert "revoked" in str(caught.value)


def test_403_is_an_authentication_error(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("GET", TXN_PATH, json_response({}, status=403))
    with pytest.raises(AuthenticationError, match="HTTP 403"):
        schwab.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 2))


def test_unexpected_4xx_is_a_provider_error(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("GET", TXN_PATH, json_response({"message": "bad types"}, status=400))
    with pytest.raises(ProviderError, match="refused with HTTP 400"):
        schwab.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 2))


def test_rate_limit_exhausted(schwab: SchwabProvider, api: ScriptedApi) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "2"})
    api.on("GET", "/trader/v1/accounts/accountNumbers", limited, limited, limited)
    with pytest.raises(RateLimitedError) as caught:
        schwab.fetch_accounts()
    assert caught.value.retry_after == 2.0
    assert caught.value.provider == "schwab"


def test_retry_then_success(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("GET", "/trader/v1/accounts/accountNumbers", httpx.Response(502))
    _accounts_script(api)
    assert len(schwab.fetch_accounts()) == 2


@pytest.mark.parametrize(
    ("outcome", "reported"),
    [(httpx.Response(500), "HTTP 500"), (httpx.ReadTimeout("slow"), "timed out")],
    ids=["server-errors", "timeouts"],
)
def test_retries_exhausted(
    schwab: SchwabProvider, api: ScriptedApi, outcome: httpx.Response | Exception, reported: str
) -> None:
    api.on("GET", TXN_PATH, *[outcome] * 3)
    with pytest.raises(ProviderUnavailableError, match=reported):
        schwab.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 2))


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"activityId": 1}', "response is an object, expected an array"),
        (b"[42]", r"response\[0\] is a number, expected an object"),
        (
            b'[{"activityId": 1, "type": "TRADE", "tradeDate": "2024-03-05"}]',
            "netAmount is missing",
        ),
        (
            b'[{"activityId": 1, "type": "TRADE", "tradeDate": "2024-03-05", "netAmount": "x"}]',
            "netAmount is a string that is not a number",
        ),
        (
            b'[{"activityId": 1, "type": "TRADE", "tradeDate": "yesterday", "netAmount": 1}]',
            "tradeDate is not an ISO-8601 timestamp",
        ),
        (
            b'[{"activityId": 1, "type": "TRADE", "tradeDate": "2024-03-05", "netAmount": true}]',
            "netAmount is a boolean",
        ),
    ],
)
def test_malformed_transaction_responses(
    schwab: SchwabProvider, api: ScriptedApi, body: bytes, where: str
) -> None:
    api.on("GET", TXN_PATH, json_response(body))
    with pytest.raises(InvalidResponseError, match=where):
        schwab.fetch_transactions(HASH, date(2024, 3, 1), date(2024, 3, 10))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(
    amount=st.decimals(
        min_value=Decimal("-10000000"),
        max_value=Decimal("10000000"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_amounts_are_exact_decimals(
    schwab: SchwabProvider, api: ScriptedApi, amount: Decimal
) -> None:
    item = (
        f'[{{"activityId": 7, "type": "TRADE", "tradeDate": "2024-03-05", "netAmount": {amount}}}]'
    )
    api.on("GET", TXN_PATH, json_response(item.encode()))
    [transaction] = schwab.fetch_transactions(HASH, date(2024, 3, 5), date(2024, 3, 5))
    assert transaction.amount == amount
    assert str(transaction.amount) == str(amount)


def test_secrets_never_show_in_reprs_errors_or_logs(
    schwab: SchwabProvider, api: ScriptedApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.on(
        "GET",
        "/trader/v1/accounts/accountNumbers",
        httpx.Response(503),
        json_response({}, status=401),
    )
    with pytest.raises(AuthenticationError) as caught:
        schwab.fetch_accounts()
    shown = " ".join([repr(schwab), str(schwab), str(caught.value), caplog.text])
    assert "schwab: GET" in caplog.text
    assert ACCESS_TOKEN not in shown
    assert SCHWAB_APP_SECRET not in shown
    assert json.dumps(ACCESS_TOKEN) not in shown
