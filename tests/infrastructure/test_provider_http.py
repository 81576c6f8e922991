"""The shared HTTP client: retries, Retry-After, backoff caps, timeouts, error mapping."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from provider_fakes import FakeClock, FakeSleep, MakeHttp, ScriptedApi, json_response

from dashtam.domain.providers.errors import ProviderUnavailableError, RateLimitedError
from dashtam.infrastructure.providers.http import (
    RetryPolicy,
    parse_retry_after,
)

URL = "https://api.example.test/v1/things"
NOW = datetime(2024, 3, 10, 15, 0, tzinfo=UTC)


def _status(code: int, retry_after: str | None = None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(code, headers=headers)


def test_success_passes_through_without_sleeping(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", json_response({"ok": True}))
    response = make_http("demo").request("GET", URL, params={"a": "1"})
    assert response.json() == {"ok": True}
    assert api.requests[0].url.params["a"] == "1"
    assert sleep.delays == []


def test_5xx_is_retried_with_exponential_backoff(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", _status(500), _status(502), _status(503), json_response([]))
    http = make_http("demo", max_retries=3, base_delay_seconds=0.5)
    assert http.request("GET", URL).status_code == 200
    assert sleep.delays == [0.5, 1.0, 2.0]
    assert len(api.requests) == 4


def test_backoff_is_capped(api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep) -> None:
    api.on("GET", "/v1/things", *[_status(503)] * 5, json_response([]))
    http = make_http("demo", max_retries=5, base_delay_seconds=1.0, max_delay_seconds=3.0)
    http.request("GET", URL)
    assert sleep.delays == [1.0, 2.0, 3.0, 3.0, 3.0]


def test_retry_after_seconds_is_honoured(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", _status(429, "7"), _status(503, "2.5"), json_response([]))
    make_http("demo", max_retries=3).request("GET", URL)
    assert sleep.delays == [7.0, 2.5]


def test_retry_after_http_date_is_honoured(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep, clock: FakeClock
) -> None:
    later = format_datetime(clock.now + timedelta(seconds=12), usegmt=True)
    api.on("GET", "/v1/things", _status(429, later), json_response([]))
    make_http("demo").request("GET", URL)
    assert sleep.delays == [12.0]


def test_429_exhausted_raises_rate_limited_with_retry_after(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", *[_status(429, "4")] * 3)
    with pytest.raises(RateLimitedError) as caught:
        make_http("demo", max_retries=2).request("GET", URL)
    assert caught.value.retry_after == 4.0
    assert caught.value.provider == "demo"
    assert "HTTP 429" in str(caught.value)
    assert "after 3 attempt(s)" in str(caught.value)
    assert sleep.delays == [4.0, 4.0]
    assert api.remaining() == 0


def test_retry_after_beyond_the_cap_fails_at_once(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", _status(429, "3600"))
    with pytest.raises(RateLimitedError) as caught:
        make_http("demo", max_retries=3, max_delay_seconds=30).request("GET", URL)
    assert caught.value.retry_after == 3600.0
    assert "PROVIDER_HTTP_MAX_BACKOFF_SECONDS" in str(caught.value)
    assert sleep.delays == []


def test_5xx_exhausted_raises_unavailable(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", *[_status(503)] * 2)
    with pytest.raises(ProviderUnavailableError, match=r"HTTP 503 after 2 attempt"):
        make_http("demo", max_retries=1).request("GET", URL)
    assert sleep.delays == [0.5]


def test_4xx_is_returned_for_the_provider_to_interpret(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", _status(401))
    assert make_http("demo").request("GET", URL).status_code == 401
    assert sleep.delays == []


def test_timeouts_are_retried_for_idempotent_requests(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", httpx.ReadTimeout("slow"), json_response([]))
    assert make_http("demo").request("GET", URL).status_code == 200
    assert sleep.delays == [0.5]


def test_timeouts_exhausted_raise_unavailable(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("GET", "/v1/things", *[httpx.ConnectTimeout("slow")] * 3)
    with pytest.raises(ProviderUnavailableError) as caught:
        make_http("demo", max_retries=2, timeout_seconds=4).request("GET", URL)
    message = str(caught.value)
    assert "timed out (ConnectTimeout, limit 4s) after 3 attempt(s)" in message
    assert "PROVIDER_HTTP_TIMEOUT_SECONDS" in message
    assert sleep.delays == [0.5, 1.0]


def test_post_is_not_resent_after_a_timeout(
    api: ScriptedApi, make_http: MakeHttp, sleep: FakeSleep
) -> None:
    api.on("POST", "/v1/things", httpx.ReadTimeout("slow"))
    with pytest.raises(ProviderUnavailableError, match="on the first attempt"):
        make_http("demo").request("POST", URL, data={"code": "x"})
    assert len(api.requests) == 1
    assert sleep.delays == []


def test_connection_errors_are_unavailable(api: ScriptedApi, make_http: MakeHttp) -> None:
    api.on("GET", "/v1/things", *[httpx.ConnectError("refused")] * 2)
    with pytest.raises(ProviderUnavailableError, match="could not reach the provider"):
        make_http("demo", max_retries=1).request("GET", URL)


def test_retry_logs_name_the_request_but_never_its_secrets(
    api: ScriptedApi, make_http: MakeHttp, caplog: pytest.LogCaptureFixture
) -> None:
    api.on("POST", "/v1/things", *[_status(503)] * 2)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ProviderUnavailableError) as caught:
        make_http("demo", max_retries=1).request(
            "POST",
            URL,
            data={"refresh_token": "body-secret-1"},
            headers={"Authorization": "Bearer header-secret-2"},
            auth=("user", "basic-secret-3"),
        )
    assert "demo: POST https://api.example.test/v1/things answered HTTP 503" in caplog.text
    for secret in ("body-secret-1", "header-secret-2", "basic-secret-3"):
        assert secret not in caplog.text
        assert secret not in str(caught.value)


def test_retry_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="timeout_seconds"):
        RetryPolicy(timeout_seconds=0)
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="max_delay_seconds"):
        RetryPolicy(max_delay_seconds=0)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("0", 0.0),
        ("120", 120.0),
        (" 1.5 ", 1.5),
        ("-3", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("Sun, 10 Mar 2024 15:00:30 GMT", 30.0),
        ("Sun, 10 Mar 2024 14:00:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, NOW) == expected


@given(st.integers(min_value=0, max_value=10**7))
def test_retry_after_seconds_round_trip(seconds: int) -> None:
    assert parse_retry_after(str(seconds), NOW) == float(seconds)


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_dates_round_trip(seconds: int) -> None:
    header = format_datetime(NOW + timedelta(seconds=seconds), usegmt=True)
    assert parse_retry_after(header, NOW) == float(seconds)


@given(
    base=st.floats(min_value=0, max_value=10),
    cap=st.floats(min_value=0.01, max_value=60),
    retries=st.integers(min_value=1, max_value=12),
)
def test_backoff_never_shrinks_and_never_exceeds_the_cap(
    base: float, cap: float, retries: int
) -> None:
    policy = RetryPolicy(base_delay_seconds=base, max_delay_seconds=cap)
    delays = [policy.backoff(retry) for retry in range(retries)]
    assert all(0 <= delay <= cap for delay in delays)
    assert delays == sorted(delays)


def test_http_date_without_zone_is_read_as_utc() -> None:
    assert parse_retry_after("Sun, 10 Mar 2024 15:00:30 -0000", NOW) == 30.0


def test_client_repr_shows_policy_not_secrets(api: ScriptedApi, make_http: MakeHttp) -> None:
    http = make_http("demo", max_retries=1)
    assert repr(http) == f"ProviderHttpClient('demo', policy={http.policy!r})"
    assert http.policy.max_retries == 1
    http.close()
    with pytest.raises(RuntimeError):
        http.request("GET", URL)
    assert api.requests == []
