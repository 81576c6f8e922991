"""Slow, broken or hostile provider endpoints: a typed error within a deadline, every time.

Each case is one the hardening issue measured (a hang, a crash or a flood); the
timing bounds are far below what each used to take. Dripping, stalling and
flooding servers are real sockets on 127.0.0.1 (``local_servers``); JSON cases go
through ``httpx.MockTransport`` and the real client.
"""

from __future__ import annotations

import base64
import random
import time
import traceback
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
from local_servers import drip, flood, local_server, stall
from provider_fakes import (
    SCHWAB_APP_KEY,
    SCHWAB_APP_SECRET,
    SCHWAB_SETUP,
    FakeClock,
    MakeHttp,
    ScriptedApi,
    json_response,
    make_schwab,
)

from dashtam.domain.providers import Provider, get_provider_metadata
from dashtam.domain.providers.config import AlpacaConfig
from dashtam.domain.providers.errors import (
    DeadlineExceededError,
    InvalidResponseError,
    ProviderUnavailableError,
    ResponseLimitError,
)
from dashtam.domain.providers.models import ApiKeyCredentials, OAuthTokens, Secret
from dashtam.infrastructure.providers.alpaca import AlpacaProvider
from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy, full_jitter
from dashtam.infrastructure.providers.limits import MAX_RANGE_DAYS
from dashtam.infrastructure.providers.schwab import SchwabProvider
from dashtam.infrastructure.providers.schwab.provider import MAX_WINDOW_DAYS

#: Far below every hang measured (25 s to minutes), far above what each case takes now.
FAST = 1.0
TOKEN_PATH = "/v1/oauth/token"
CODE = "auth-CODE-single-use-42"
VERIFIER = "verifier-SECRET-xyz"
ALPACA_SETUP = get_provider_metadata(Provider.ALPACA).setup


# Token responses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"access_token": "a", "expires_in": 1e999999999}', "exponent is past +-30"),
        (b'{"access_token": "a", "expires_in": 1e1000000}', "exponent is past +-30"),
        (b'{"access_token": "a", "expires_in": 1e30}', "response.expires_in is not below"),
        (b'{"access_token": "a", "expires_in": "1e30"}', "response.expires_in is not below"),
        (b'{"access_token": "a", "expires_in": 1800.5}', "expires_in has more than 0 decimal"),
        (b'{"access_token": "a", "expires_in": 0}', "expires_in is not a whole number from 1"),
        (b'{"access_token": "a", "expires_in": NaN}', "holds NaN, which is not a JSON number"),
        (b'{"access_token": "a", "expires_in": Infinity}', "holds Infinity"),
        (b"[" * 100_000, "nests arrays or objects deeper than 64 levels"),
        (b'{"access_token": ""}', "response.access_token is empty"),
        (b'{"access_token": "   "}', "response.access_token is empty"),
        (b'{"access_token": "a", "token_type": "mac"}', "response.token_type is not Bearer"),
        (b'{"access_token": 1' + b"0" * 5000 + b"}", "a number of 5,001 characters"),
    ],
)
def test_a_hostile_token_response_is_an_invalid_response_at_once(
    make_http: MakeHttp, api: ScriptedApi, body: bytes, problem: str
) -> None:
    api.on("POST", TOKEN_PATH, json_response(body))
    schwab = make_schwab(make_http)

    started = time.perf_counter()
    with pytest.raises(InvalidResponseError) as caught:
        schwab.exchange_code(CODE)

    assert time.perf_counter() - started < FAST
    assert problem in str(caught.value)
    assert str(caught.value).startswith("schwab: POST token:")


@pytest.mark.parametrize("token_type", ["Bearer", "bearer", "BEARER", None])
def test_a_bearer_token_in_any_case_is_accepted(
    make_http: MakeHttp, api: ScriptedApi, token_type: str | None
) -> None:
    body: dict[str, object] = {"access_token": "a", "expires_in": 1800}
    if token_type is not None:
        body["token_type"] = token_type
    api.on("POST", TOKEN_PATH, json_response(body))

    tokens = make_schwab(make_http).exchange_code(CODE)

    assert tokens.token_type == "Bearer"


# Amounts, quantities, prices ------------------------------------------------------------


def _alpaca(make_http: MakeHttp) -> AlpacaProvider:
    assert ALPACA_SETUP is not None
    provider = AlpacaProvider(
        config=AlpacaConfig(),
        setup=ALPACA_SETUP,
        http=make_http("alpaca"),  # type: ignore[arg-type]
    )
    return provider.with_credentials(
        ApiKeyCredentials(key_id=Secret("KEY"), secret_key=Secret("SECRET"))
    )


def _fill(qty: str, price: str) -> bytes:
    return (
        b'[{"id": "1::a", "activity_type": "FILL", "symbol": "X", "side": "buy", '
        b'"transaction_time": "2024-03-05T15:00:00Z", "qty": ' + qty.encode() + b", "
        b'"price": ' + price.encode() + b"}]"
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (_fill('"1e999999"', '"1"'), "qty has an exponent past +-30"),
        (_fill('"1"', '"1e999999"'), "price has an exponent past +-30"),
        (_fill("1e999999", "1"), "exponent is past +-30"),
        (_fill('"1e400"', '"1"'), "qty has an exponent past +-30"),
        (_fill('"1e13"', '"1"'), "qty is not below 1,000,000,000,000 in magnitude"),
        (_fill('"0.0000000001"', '"1"'), "qty has more than 9 decimal places"),
        (_fill('"999999999999"', '"999999999999"'), "qty times price is not below"),
        (_fill('"NaN"', '"1"'), "qty is not a finite number"),
        (
            b'[{"id": "1::a", "activity_type": "DIV", "date": "2024-03-05", '
            b'"net_amount": "1e999999999"}]',
            "net_amount has an exponent past +-30",
        ),
        (
            b'[{"id": "1::a", "activity_type": "DIV", "date": "2024-03-05", '
            b'"net_amount": "1000000000000000"}]',
            "net_amount is not below 1,000,000,000,000,000 in magnitude",
        ),
    ],
)
def test_an_out_of_bounds_number_is_an_invalid_response_naming_its_field(
    make_http: MakeHttp, api: ScriptedApi, body: bytes, problem: str
) -> None:
    api.on("GET", "/v2/account/activities", json_response(body))

    started = time.perf_counter()
    with pytest.raises(InvalidResponseError) as caught:
        _alpaca(make_http).fetch_transactions("acct", date(2024, 3, 1), date(2024, 3, 31))

    assert time.perf_counter() - started < FAST
    assert problem in str(caught.value)


def test_a_fill_amount_keeps_eight_places(make_http: MakeHttp, api: ScriptedApi) -> None:
    api.on("GET", "/v2/account/activities", json_response(_fill('"0.333333333"', '"0.5"')))

    [fill] = _alpaca(make_http).fetch_transactions("acct", date(2024, 3, 1), date(2024, 3, 31))

    assert fill.amount == Decimal("-0.16666667")


# Date ranges ------------------------------------------------------------------------------


def _bound_schwab(make_http: MakeHttp, clock: FakeClock) -> SchwabProvider:
    tokens = OAuthTokens(
        access_token=Secret("access"),
        refresh_token=None,
        expires_at=clock.now + timedelta(minutes=20),
    )
    return make_schwab(make_http, clock=clock).with_credentials(tokens)


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (date.min, date(2024, 1, 1), "reaches the edge of the calendar"),
        (date(2024, 1, 1), date.max, "reaches the edge of the calendar"),
        (date(1824, 1, 1), date(2024, 1, 1), f"more than the {MAX_RANGE_DAYS:,} one fetch"),
    ],
)
def test_an_unreasonable_date_range_is_refused_before_any_request(
    make_http: MakeHttp, api: ScriptedApi, clock: FakeClock, start: date, end: date, problem: str
) -> None:
    for provider in (_bound_schwab(make_http, clock), _alpaca(make_http)):
        with pytest.raises(ValueError, match=problem):
            provider.fetch_transactions("acct", start, end)
    assert api.requests == []


def test_the_longest_range_accepted_needs_a_bounded_number_of_schwab_requests(
    make_http: MakeHttp, api: ScriptedApi, clock: FakeClock
) -> None:
    path = "/trader/v1/accounts/acct/transactions"
    windows = -(-(MAX_RANGE_DAYS + 2) // MAX_WINDOW_DAYS)
    api.on("GET", path, *[json_response([])] * windows)
    start = date(2010, 1, 1)

    found = _bound_schwab(make_http, clock).fetch_transactions(
        "acct", start, start + timedelta(days=MAX_RANGE_DAYS - 1)
    )

    assert found == []
    assert len(api.requests) == windows == 11  # a 200-year range sent 201


# The single-use authorization code ----------------------------------------------------


def test_the_code_exchange_is_sent_once_and_a_502_is_reported_as_such(
    make_http: MakeHttp, api: ScriptedApi
) -> None:
    api.on("POST", TOKEN_PATH, httpx.Response(502))
    schwab = make_schwab(make_http, http=make_http("schwab", max_retries=3))

    with pytest.raises(ProviderUnavailableError) as caught:
        schwab.exchange_code(CODE)

    assert len(api.requests) == 1
    assert "failed with HTTP 502" in str(caught.value)
    assert "not retried, because it carries a single-use authorization code" in str(caught.value)
    assert "rejected the authorization code" not in str(caught.value)


def test_a_timed_out_code_exchange_is_not_resent(make_http: MakeHttp, api: ScriptedApi) -> None:
    api.on("POST", TOKEN_PATH, httpx.ReadTimeout("slow"))
    schwab = make_schwab(make_http, http=make_http("schwab", max_retries=3))

    with pytest.raises(ProviderUnavailableError, match="not retried"):
        schwab.exchange_code(CODE)

    assert len(api.requests) == 1


# Backoff ------------------------------------------------------------------------------


def test_backoff_uses_full_jitter_below_each_ceiling(api: ScriptedApi) -> None:
    api.on("GET", "/v1/x", *[httpx.Response(503)] * 40)
    delays: list[float] = []
    http = ProviderHttpClient(
        "demo",
        policy=RetryPolicy(max_retries=39, base_delay_seconds=1.0, max_delay_seconds=4.0),
        transport=httpx.MockTransport(api.handle),
        sleep=delays.append,
    )
    random.seed(13)
    with pytest.raises(ProviderUnavailableError):
        http.request("GET", "https://api.example.test/v1/x")

    ceilings = [
        RetryPolicy(base_delay_seconds=1.0, max_delay_seconds=4.0).backoff(n) for n in range(39)
    ]
    assert all(0 <= delay <= ceiling for delay, ceiling in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == len(delays)  # no two clients retry in step
    assert 0 <= full_jitter(2.0) <= 2.0


# Real local servers: dripping, stalling, flooding ----------------------------------------


def _real_client(**policy: float) -> ProviderHttpClient:
    return ProviderHttpClient("demo", policy=RetryPolicy(**policy))  # type: ignore[arg-type]


def test_a_dripping_body_is_cut_at_the_call_deadline() -> None:
    with local_server(drip(0.2)) as base:
        http = _real_client(timeout_seconds=1, deadline_seconds=1.5, max_retries=3)

        started = time.perf_counter()
        with pytest.raises(DeadlineExceededError) as caught:
            http.request("GET", f"{base}/v1/slow")
        elapsed = time.perf_counter() - started

    assert 1.4 < elapsed < 3.0  # the per-read timeout alone let this run 85.6 s
    assert "GET http://127.0.0.1" in str(caught.value)
    assert "did not finish within the 1.5s deadline" in str(caught.value)
    assert "PROVIDER_HTTP_DEADLINE_SECONDS" in str(caught.value)


def test_the_deadline_covers_every_retry_of_a_stalled_server() -> None:
    with local_server(stall(5)) as base:
        http = _real_client(
            timeout_seconds=1, deadline_seconds=2.5, max_retries=5, base_delay_seconds=0.1
        )

        started = time.perf_counter()
        with pytest.raises(DeadlineExceededError):
            http.request("GET", f"{base}/v1/stalled")
        elapsed = time.perf_counter() - started

    assert elapsed < 4.0  # six attempts of 1 s each and their waits would take over 6 s


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_a_104_mib_body_is_refused_while_it_is_read(declare_length: bool) -> None:
    with local_server(flood(104 * 1024 * 1024, declare_length=declare_length)) as base:
        http = _real_client(timeout_seconds=5, max_response_bytes=1024 * 1024)

        started = time.perf_counter()
        with pytest.raises(ResponseLimitError) as caught:
            http.request("GET", f"{base}/v1/huge")
        elapsed = time.perf_counter() - started

    assert elapsed < 3.0
    assert "more than PROVIDER_HTTP_MAX_RESPONSE_BYTES (1,048,576)" in str(caught.value)


# Secrets in formatted exceptions ----------------------------------------------------------


def _no_fake_http(provider: str, **policy: float) -> ProviderHttpClient:
    raise AssertionError("the real client is passed in")


def test_a_timed_out_token_exchange_formats_without_any_secret() -> None:
    with local_server(stall(3)) as base:
        http = _real_client(timeout_seconds=0.5, deadline_seconds=5)
        setup = replace(SCHWAB_SETUP, token_url=f"{base}{TOKEN_PATH}")
        schwab = make_schwab(_no_fake_http, http=http, setup=setup)

        with pytest.raises(ProviderUnavailableError) as caught:
            schwab.exchange_code(CODE, code_verifier=Secret(VERIFIER))

    formatted = "".join(traceback.format_exception(caught.value))
    assert "timed out" in formatted
    basic = base64.b64encode(f"{SCHWAB_APP_KEY}:{SCHWAB_APP_SECRET}".encode()).decode()
    for secret in (SCHWAB_APP_SECRET, basic, CODE, VERIFIER):
        assert secret not in formatted
