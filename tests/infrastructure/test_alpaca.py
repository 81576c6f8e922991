"""Alpaca's Trading API (account, paginated activities) replayed from its documented shapes."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import httpx
import pytest
from provider_fakes import MakeHttp, ScriptedApi, json_response, sample

from dashtam.domain.providers import ApiKeySetup, Provider, get_provider_metadata
from dashtam.domain.providers.config import AlpacaConfig
from dashtam.domain.providers.errors import (
    AuthenticationError,
    InvalidResponseError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
    ResponseLimitError,
)
from dashtam.domain.providers.models import Account, ApiKeyCredentials, Secret
from dashtam.domain.providers.protocols import (
    SupportsAccounts,
    SupportsCredentials,
    SupportsTransactions,
)
from dashtam.infrastructure.providers import paging
from dashtam.infrastructure.providers.alpaca import MAX_PAGE_SIZE, AlpacaProvider
from dashtam.infrastructure.providers.limits import MAX_ITEMS, MAX_PAGES

SETUP = get_provider_metadata(Provider.ALPACA).setup
assert isinstance(SETUP, ApiKeySetup)
PAPER = "https://paper-api.alpaca.markets"
KEY_ID = "PKKEYID1234567890ABC"
SECRET_KEY = "secretKEY-abcdefghijklmnopqrstuvwxyz012345"
CREDENTIALS = ApiKeyCredentials(key_id=Secret(KEY_ID), secret_key=Secret(SECRET_KEY))
ACTIVITIES = "/v2/account/activities"
ACCOUNT_ID = "e6fe16f3-64a4-4921-8928-cadf02f92f98"


def fill(
    n: int, when: str, *, side: str = "buy", qty: str = "2", price: str = "10.25"
) -> dict[str, str]:
    """A TradeActivity as Alpaca documents it."""
    return {
        "activity_type": "FILL",
        "cum_qty": qty,
        "id": f"20240305153406977::8efc7b9a-8b2b-4000-9955-{n:012d}",
        "leaves_qty": "0",
        "price": price,
        "qty": qty,
        "side": side,
        "symbol": "LPCN",
        "transaction_time": when,
        "order_id": "904837e3-3b76-47ec-b432-046db621571b",
        "type": "fill",
    }


def activity(n: int, kind: str, day: str, amount: str, **extra: str) -> dict[str, str]:
    """A NonTradeActivity (dividend, cash deposit, fee...) as Alpaca documents it."""
    return {
        "activity_type": kind,
        "id": f"20240301000000000::5f596936-6f23-4cef-bdf1-{n:012d}",
        "date": day,
        "net_amount": amount,
        **extra,
    }


def provider(make_http: MakeHttp, *, page_size: int = MAX_PAGE_SIZE) -> AlpacaProvider:
    return AlpacaProvider(
        config=AlpacaConfig(alpaca_base_url=PAPER),
        setup=SETUP,
        http=make_http("alpaca", max_retries=2),
        page_size=page_size,
    )


@pytest.fixture
def alpaca(make_http: MakeHttp) -> AlpacaProvider:
    return provider(make_http).with_credentials(CREDENTIALS)


def test_satisfies_exactly_the_registry_capability_protocols(alpaca: AlpacaProvider) -> None:
    assert isinstance(alpaca, SupportsAccounts)
    assert isinstance(alpaca, SupportsTransactions)
    assert isinstance(alpaca, SupportsCredentials)
    assert not hasattr(alpaca, "fetch_holdings")
    assert alpaca.slug is Provider.ALPACA


def test_fetch_accounts_sends_the_registry_headers(
    alpaca: AlpacaProvider, api: ScriptedApi
) -> None:
    api.on("GET", "/v2/account", json_response(sample("alpaca/account.json")))
    accounts = alpaca.fetch_accounts()
    request = api.requests[0]
    assert str(request.url) == f"{PAPER}/v2/account"
    assert request.headers[SETUP.key_header] == KEY_ID
    assert request.headers[SETUP.secret_header] == SECRET_KEY
    assert SETUP.key_header == "APCA-API-KEY-ID"
    assert SETUP.secret_header == "APCA-API-SECRET-KEY"
    assert accounts == [
        Account(
            provider_account_id=ACCOUNT_ID,
            name="Alpaca Brokerage ****1234",
            account_type="brokerage",
            currency="USD",
            balance=Decimal("103820.56"),
            available_balance=Decimal("-23140.2"),
            number_masked="****1234",
        )
    ]


def test_live_base_url_comes_from_construction(make_http: MakeHttp, api: ScriptedApi) -> None:
    live = AlpacaProvider(
        config=AlpacaConfig(alpaca_base_url="https://api.alpaca.markets"),
        setup=SETUP,
        http=make_http("alpaca"),
    ).with_credentials(CREDENTIALS)
    api.on("GET", "/v2/account", json_response(sample("alpaca/account.json")))
    live.fetch_accounts()
    assert str(api.requests[0].url) == "https://api.alpaca.markets/v2/account"
    assert live.base_url == "https://api.alpaca.markets"


def test_activities_follow_pagination_across_three_pages(
    make_http: MakeHttp, api: ScriptedApi
) -> None:
    alpaca = provider(make_http, page_size=2).with_credentials(CREDENTIALS)
    items = [
        fill(1, "2024-03-04T15:34:06.977Z"),
        activity(2, "DIV", "2024-03-05", "12.34", symbol="VTI", qty="10", per_share_amount="1.234"),
        activity(3, "CSD", "2024-03-06", "500"),
        fill(4, "2024-03-07T14:00:00Z", side="sell", qty="1.5", price="100.10"),
        activity(5, "FEE", "2024-03-08", "-0.03", description="REG fee"),
    ]
    api.on(
        "GET",
        ACTIVITIES,
        json_response(items[0:2]),
        json_response(items[2:4]),
        json_response(items[4:5]),
    )
    transactions = alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))

    assert len(api.requests) == 3
    tokens = [request.url.params.get("page_token") for request in api.requests]
    assert tokens == [None, items[1]["id"], items[3]["id"]]
    for request in api.requests:
        assert request.url.params["direction"] == "asc"
        assert request.url.params["page_size"] == "2"
        assert request.url.params["after"] == "2024-02-29"
        assert request.url.params["until"] == "2024-04-02"
    assert [(t.transaction_type, t.amount, t.description) for t in transactions] == [
        ("FILL", Decimal("-20.50"), "Buy 2 LPCN @ 10.25"),
        ("DIV", Decimal("12.34"), "DIV VTI"),
        ("CSD", Decimal("500"), "CSD"),
        ("FILL", Decimal("150.150"), "Sell 1.5 LPCN @ 100.10"),
        ("FEE", Decimal("-0.03"), "REG fee"),
    ]
    assert [t.posted_on.day for t in transactions] == [4, 5, 6, 7, 8]
    assert [t.provider_transaction_id for t in transactions] == [item["id"] for item in items]
    assert {t.account_id for t in transactions} == {ACCOUNT_ID}


def test_a_full_last_page_is_followed_by_an_empty_one(
    make_http: MakeHttp, api: ScriptedApi
) -> None:
    alpaca = provider(make_http, page_size=2).with_credentials(CREDENTIALS)
    items = [activity(n, "DIV", "2024-03-05", "1.00") for n in range(4)]
    api.on(
        "GET",
        ACTIVITIES,
        json_response(items[:2]),
        json_response(items[2:]),
        json_response([]),
    )
    assert len(alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))) == 4
    assert api.remaining() == 0


def test_stalled_pagination_is_an_invalid_response(make_http: MakeHttp, api: ScriptedApi) -> None:
    alpaca = provider(make_http, page_size=2).with_credentials(CREDENTIALS)
    same = [activity(1, "DIV", "2024-03-05", "1"), activity(2, "DIV", "2024-03-05", "1")]
    api.on("GET", ACTIVITIES, json_response(same), json_response(same))
    with pytest.raises(InvalidResponseError, match="pagination stalled"):
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))


def test_only_the_requested_new_york_days_are_kept(
    alpaca: AlpacaProvider, api: ScriptedApi
) -> None:
    api.on(
        "GET",
        ACTIVITIES,
        json_response(
            [
                # 02:00 UTC on March 1st is still February 29th in New York.
                fill(1, "2024-03-01T02:00:00Z"),
                fill(2, "2024-03-01T15:00:00Z"),
                activity(3, "DIV", "2024-03-02", "1"),
            ]
        ),
    )
    transactions = alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 1))
    assert [t.provider_transaction_id[-1] for t in transactions] == ["2"]


def test_unbound_provider_refuses_to_fetch(make_http: MakeHttp, api: ScriptedApi) -> None:
    unbound = provider(make_http)
    with pytest.raises(AuthenticationError, match="with_credentials"):
        unbound.fetch_accounts()
    empty = provider(make_http).with_credentials(
        ApiKeyCredentials(key_id=Secret(""), secret_key=Secret("s"))
    )
    with pytest.raises(AuthenticationError, match="no API key"):
        empty.fetch_accounts()
    assert api.requests == []


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_names_the_fix(alpaca: AlpacaProvider, api: ScriptedApi, status: int) -> None:
    api.on(
        "GET",
        "/v2/account",
        json_response({"code": 40110000, "message": "unauthorized."}, status=status),
    )
    with pytest.raises(AuthenticationError) as caught:
        alpaca.fetch_accounts()
    message = str(caught.value)
    assert f"HTTP {status}" in message
    assert "ALPACA_BASE_URL" in message
    assert SETUP.key_page_url in message


def test_unexpected_4xx_is_a_provider_error(alpaca: AlpacaProvider, api: ScriptedApi) -> None:
    api.on("GET", ACTIVITIES, json_response({"code": 42210000, "message": "invalid"}, status=422))
    with pytest.raises(ProviderError, match="refused with HTTP 422"):
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 2))


def test_rate_limited_mid_pagination(make_http: MakeHttp, api: ScriptedApi) -> None:
    alpaca = provider(make_http, page_size=1).with_credentials(CREDENTIALS)
    limited = httpx.Response(429, headers={"Retry-After": "3"})
    api.on(
        "GET",
        ACTIVITIES,
        json_response([activity(1, "DIV", "2024-03-05", "1")]),
        limited,
        limited,
        limited,
    )
    with pytest.raises(RateLimitedError) as caught:
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 2))
    assert caught.value.retry_after == 3.0


def test_outage_and_timeouts(alpaca: AlpacaProvider, api: ScriptedApi) -> None:
    api.on("GET", "/v2/account", *[httpx.Response(503)] * 3)
    with pytest.raises(ProviderUnavailableError, match="HTTP 503"):
        alpaca.fetch_accounts()
    api.on("GET", "/v2/account", *[httpx.ConnectTimeout("slow")] * 3)
    with pytest.raises(ProviderUnavailableError, match="timed out"):
        alpaca.fetch_accounts()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"<html>502 Bad Gateway</html>", "not valid JSON"),
        (b'{"activities": []}', "response is an object, expected an array"),
        (b'[{"id": "1::a", "date": "2024-03-05", "net_amount": "1"}]', "activity_type is missing"),
        (
            b'[{"id": "1::a", "activity_type": "DIV", "date": "2024-03-05"}]',
            "net_amount is missing",
        ),
        (
            b'[{"id": "1::a", "activity_type": "FILL", "qty": "1", "price": "1", "symbol": "X",'
            b' "side": "hold", "transaction_time": "2024-03-05T15:00:00Z"}]',
            "side is neither buy",
        ),
        (
            b'[{"id": "1::a", "activity_type": "FILL", "qty": "one", "price": "1", "symbol": "X",'
            b' "side": "buy", "transaction_time": "2024-03-05T15:00:00Z"}]',
            "qty is a string that is not a number",
        ),
        (
            b'[{"id": "1::a", "activity_type": "DIV", "date": "March 5", "net_amount": "1"}]',
            "date is not an ISO-8601",
        ),
    ],
)
def test_malformed_activity_responses(
    alpaca: AlpacaProvider, api: ScriptedApi, body: bytes, where: str
) -> None:
    api.on("GET", ACTIVITIES, json_response(body))
    with pytest.raises(InvalidResponseError, match=where):
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))


def test_malformed_account(alpaca: AlpacaProvider, api: ScriptedApi) -> None:
    api.on(
        "GET",
        "/v2/account",
        json_response({"id": ACCOUNT_ID, "equity": "NaN", "account_number": "1"}),
    )
    with pytest.raises(InvalidResponseError, match="equity is not a finite number"):
        alpaca.fetch_accounts()


def test_invalid_arguments(alpaca: AlpacaProvider, make_http: MakeHttp) -> None:
    with pytest.raises(ValueError, match="after end"):
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 2), date(2024, 3, 1))
    with pytest.raises(ValueError, match="account id"):
        alpaca.fetch_transactions("", date(2024, 3, 1), date(2024, 3, 2))
    with pytest.raises(ValueError, match="page_size"):
        provider(make_http, page_size=MAX_PAGE_SIZE + 1)


def test_secrets_never_show_in_reprs_errors_or_logs(
    alpaca: AlpacaProvider, api: ScriptedApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.on("GET", "/v2/account", httpx.Response(500), json_response({}, status=401))
    with pytest.raises(AuthenticationError) as caught:
        alpaca.fetch_accounts()
    shown = " ".join([repr(alpaca), str(alpaca), repr(CREDENTIALS), str(caught.value), caplog.text])
    assert "alpaca: GET" in caplog.text
    assert "bound to a user's API key" in repr(alpaca)
    assert KEY_ID not in shown
    assert SECRET_KEY not in shown


def _endless_pages(
    size: int, *, description: str = ""
) -> Callable[[httpx.Request], httpx.Response]:
    """A provider that answers every page request with ``size`` activities never seen before."""
    ids = itertools.count(1)

    def page(request: httpx.Request) -> httpx.Response:
        items = [
            activity(next(ids), "DIV", "2024-03-05", "1", description=description)
            for _ in range(size)
        ]
        return json_response(items)

    return page


def test_a_provider_sending_fresh_pages_without_end_is_stopped_at_the_page_bound(
    alpaca: AlpacaProvider, api: ScriptedApi
) -> None:
    api.on("GET", ACTIVITIES, *[_endless_pages(MAX_PAGE_SIZE)] * (MAX_PAGES + 1))

    started = time.perf_counter()
    with pytest.raises(ResponseLimitError, match=f"sent more than {MAX_PAGES} pages") as caught:
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))

    assert time.perf_counter() - started < 20  # was 10,000 requests and 432 MiB
    assert len(api.requests) == MAX_PAGES + 1
    assert "Fetch a shorter date range" in str(caught.value)


def test_a_page_with_more_items_than_the_bound_is_refused(
    alpaca: AlpacaProvider, api: ScriptedApi
) -> None:
    api.on("GET", ACTIVITIES, _endless_pages(MAX_ITEMS + 1))

    with pytest.raises(ResponseLimitError, match=f"sent more than {MAX_ITEMS:,} items"):
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))


def test_pages_past_the_byte_bound_are_refused(
    alpaca: AlpacaProvider, api: ScriptedApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "MAX_PAGED_BYTES", 200_000)
    api.on("GET", ACTIVITIES, *[_endless_pages(MAX_PAGE_SIZE, description="x" * 1000)] * 3)

    with pytest.raises(ResponseLimitError, match="more than 200,000 bytes in 2 pages"):
        alpaca.fetch_transactions(ACCOUNT_ID, date(2024, 3, 1), date(2024, 3, 31))
