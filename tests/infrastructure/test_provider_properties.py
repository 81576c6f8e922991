"""Property: whatever JSON (or bytes) a provider returns, the result is a typed one.

Each endpoint of every HTTP provider is fed generated responses, from well-formed
documents with hostile values (numbers like ``1e999999999``, NaN, empty tokens,
deep nesting) to arbitrary bytes, through the real client. Every outcome is a
valid model or a :class:`ProviderError`; nothing else escapes, and nothing hangs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provider_fakes import SCHWAB_SETUP, no_jitter, schwab_config

from dashtam.domain.providers import Provider, get_provider_metadata
from dashtam.domain.providers.config import AlpacaConfig
from dashtam.domain.providers.errors import ProviderError
from dashtam.domain.providers.models import ApiKeyCredentials, OAuthTokens, Secret
from dashtam.domain.providers.setup import ApiKeySetup
from dashtam.infrastructure.providers.alpaca import AlpacaProvider
from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy
from dashtam.infrastructure.providers.schwab import SchwabProvider

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2024, 3, 10, 15, 0, tzinfo=UTC)
ALPACA_SETUP = get_provider_metadata(Provider.ALPACA).setup
assert isinstance(ALPACA_SETUP, ApiKeySetup)


@dataclass(frozen=True)
class Raw:
    """JSON text placed as is (numbers json.dumps cannot write: 1e999999999, NaN)."""

    text: str


KEYS = (
    "access_token", "expires_in", "token_type", "refresh_token", "scope",
    "accountNumber", "hashValue", "securitiesAccount", "type", "currentBalances",
    "liquidationValue", "cashBalance", "activityId", "tradeDate", "time", "netAmount",
    "status", "description", "transferItems", "instrument", "symbol",
    "id", "account_number", "equity", "cash", "currency", "activity_type", "qty", "price",
    "side", "transaction_time", "date", "net_amount",
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False).map(str).map(Raw),
    st.sampled_from(
        ["1e999999999", "1e1000000", "1e30", "-1e400", "NaN", "Infinity", "-Infinity",
         "1" + "0" * 5000, "0.0000000001", "1800", "1800.5", "0", "-5"]
    ).map(Raw),
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", " ", "Bearer", "mac", "2024-03-05", "2024-03-05T15:00:00Z", "FILL", "DIV", "buy",
         "sell", "CANCELED", "1e999999", "NaN", "12.5", "HASH1", "123"]
    ),
)  # fmt: skip
LEAVES = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=5)), inner, max_size=6),
    ),
    max_leaves=30,
)
BODIES = st.one_of(
    VALUES.map(lambda value: _dumps(value).encode()),
    st.binary(max_size=200),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 3000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
)


def _dumps(value: object) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, list):
        return "[" + ",".join(_dumps(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_dumps(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def _http(provider: str, body: bytes, status: int) -> ProviderHttpClient:
    return ProviderHttpClient(
        provider,
        policy=RetryPolicy(max_retries=0, max_response_bytes=1024 * 1024),
        transport=httpx.MockTransport(
            lambda request: httpx.Response(
                status, content=body, headers={"Content-Type": "application/json"}
            )
        ),
        sleep=lambda seconds: None,
        jitter=no_jitter,
    )


def _schwab(http: ProviderHttpClient) -> SchwabProvider:
    tokens = OAuthTokens(
        access_token=Secret("access"), refresh_token=None, expires_at=NOW + timedelta(minutes=20)
    )
    return SchwabProvider(
        config=schwab_config(),
        setup=SCHWAB_SETUP,
        http=http,
        redirect_uri="https://dashtam.example/oauth/schwab/callback",
        clock=lambda: NOW,
        tokens=tokens,
    )


def _alpaca(http: ProviderHttpClient) -> AlpacaProvider:
    credentials = ApiKeyCredentials(key_id=Secret("KEY"), secret_key=Secret("SECRET"))
    return AlpacaProvider(
        config=AlpacaConfig(), setup=ALPACA_SETUP, http=http, credentials=credentials
    )


START, END = date(2024, 3, 1), date(2024, 3, 31)
CALLS: dict[str, Callable[[ProviderHttpClient], object]] = {
    "schwab exchange_code": lambda http: _schwab(http).exchange_code("code"),
    "schwab refresh_tokens": lambda http: _schwab(http).refresh_tokens(Secret("refresh")),
    "schwab fetch_accounts": lambda http: _schwab(http).fetch_accounts(),
    "schwab fetch_transactions": lambda http: _schwab(http).fetch_transactions("h", START, END),
    "alpaca fetch_accounts": lambda http: _alpaca(http).fetch_accounts(),
    "alpaca fetch_transactions": lambda http: _alpaca(http).fetch_transactions("a", START, END),
}


@PROPERTY
@given(
    call=st.sampled_from(sorted(CALLS)),
    body=BODIES,
    status=st.sampled_from([200, 200, 200, 400, 401, 403, 404, 429, 500]),
)
def test_any_response_is_a_valid_model_or_a_typed_provider_error(
    call: str, body: bytes, status: int
) -> None:
    provider = call.partition(" ")[0]
    outcome: object
    try:
        outcome = CALLS[call](_http(provider, body, status))
    except ProviderError as error:
        outcome = error
    if isinstance(outcome, ProviderError):
        assert str(outcome).startswith(f"{provider}: ")
    else:
        assert outcome is not None
