"""Schwab's OAuth 2.0 authorization-code flow against Schwab's documented token shapes."""

from __future__ import annotations

import base64
import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provider_fakes import (
    SCHWAB_APP_KEY,
    SCHWAB_APP_SECRET,
    SCHWAB_REDIRECT_URI,
    SCHWAB_SETUP,
    FakeClock,
    MakeHttp,
    ScriptedApi,
    json_response,
    make_schwab,
    sample,
    schwab_config,
)

from dashtam.domain.providers import Provider
from dashtam.domain.providers.errors import (
    AuthenticationError,
    InvalidResponseError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
    TokenExpiredError,
)
from dashtam.domain.providers.models import Secret
from dashtam.domain.providers.protocols import OAuthProviderProtocol, SupportsCredentials
from dashtam.infrastructure.providers.schwab import SchwabProvider

TOKEN_PATH = urlsplit(SCHWAB_SETUP.token_url).path
SECRETS = (
    SCHWAB_APP_SECRET,
    "access-TOKEN-value-30m",
    "refresh-TOKEN-value-7d",
    "verifier-SECRET-xyz",
)


@pytest.fixture
def schwab(make_http: MakeHttp, clock: FakeClock) -> SchwabProvider:
    return make_schwab(make_http, http=make_http("schwab", max_retries=2), clock=clock)


def _form(request: httpx.Request) -> dict[str, str]:
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return {key: values[0] for key, values in parse_qs(request.content.decode()).items()}


def test_satisfies_the_oauth_and_credential_protocols(schwab: SchwabProvider) -> None:
    assert isinstance(schwab, OAuthProviderProtocol)
    assert isinstance(schwab, SupportsCredentials)
    assert schwab.slug is Provider.SCHWAB


def test_authorization_url_carries_registry_endpoint_scopes_state_and_pkce(
    schwab: SchwabProvider,
) -> None:
    url = schwab.authorization_url("st-123", code_challenge="challenge-abc")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == SCHWAB_SETUP.authorization_url
    assert parse_qs(parts.query, strict_parsing=True) == {
        "response_type": ["code"],
        "client_id": [SCHWAB_APP_KEY],
        "redirect_uri": [SCHWAB_REDIRECT_URI],
        "scope": [" ".join(SCHWAB_SETUP.scopes)],
        "state": ["st-123"],
        "code_challenge": ["challenge-abc"],
        "code_challenge_method": ["S256"],
    }
    assert SCHWAB_APP_SECRET not in url


def test_authorization_url_without_pkce_omits_the_challenge(schwab: SchwabProvider) -> None:
    query = parse_qs(urlsplit(schwab.authorization_url("s")).query)
    assert "code_challenge" not in query
    assert "code_challenge_method" not in query


def test_authorization_url_needs_a_state(schwab: SchwabProvider) -> None:
    with pytest.raises(ValueError, match="state"):
        schwab.authorization_url("")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_any_state_round_trips_without_injecting_parameters(
    schwab: SchwabProvider, state: str
) -> None:
    query = parse_qs(urlsplit(schwab.authorization_url(state)).query, keep_blank_values=True)
    assert query["state"] == [state]
    assert query["client_id"] == [SCHWAB_APP_KEY]
    assert query["response_type"] == ["code"]


def test_exchange_code_posts_form_with_basic_client_auth(
    schwab: SchwabProvider, api: ScriptedApi, clock: FakeClock
) -> None:
    api.on("POST", TOKEN_PATH, json_response(sample("schwab/token.json")))
    tokens = schwab.exchange_code("auth-code-1", code_verifier=Secret("verifier-SECRET-xyz"))

    request = api.requests[0]
    assert str(request.url) == SCHWAB_SETUP.token_url
    expected = base64.b64encode(f"{SCHWAB_APP_KEY}:{SCHWAB_APP_SECRET}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert _form(request) == {
        "grant_type": "authorization_code",
        "code": "auth-code-1",
        "redirect_uri": SCHWAB_REDIRECT_URI,
        "code_verifier": "verifier-SECRET-xyz",
    }
    assert tokens.access_token.reveal() == "access-TOKEN-value-30m"
    assert tokens.refresh_token is not None
    assert tokens.refresh_token.reveal() == "refresh-TOKEN-value-7d"
    assert tokens.expires_at == clock.now + timedelta(seconds=1800)
    assert tokens.token_type == "Bearer"
    assert tokens.scope == "api"


def test_exchange_code_needs_a_code(schwab: SchwabProvider, api: ScriptedApi) -> None:
    with pytest.raises(ValueError, match="authorization code"):
        schwab.exchange_code("")
    assert api.requests == []


def test_missing_expires_in_uses_the_registry_lifetime(
    schwab: SchwabProvider, api: ScriptedApi, clock: FakeClock
) -> None:
    api.on("POST", TOKEN_PATH, json_response({"access_token": "a", "refresh_token": "r"}))
    tokens = schwab.exchange_code("code")
    assert tokens.expires_at == clock.now + timedelta(minutes=SCHWAB_SETUP.access_token_minutes)
    assert "code_verifier" not in _form(api.requests[0])


def test_refresh_posts_the_refresh_grant(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("POST", TOKEN_PATH, json_response(sample("schwab/token.json")))
    tokens = schwab.refresh_tokens(Secret("old-refresh"))
    assert _form(api.requests[0]) == {"grant_type": "refresh_token", "refresh_token": "old-refresh"}
    assert tokens.access_token.reveal() == "access-TOKEN-value-30m"


def test_refresh_keeps_the_refresh_token_schwab_did_not_resend(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("POST", TOKEN_PATH, json_response({"access_token": "new", "expires_in": 1800}))
    tokens = schwab.refresh_tokens(Secret("still-valid-refresh"))
    assert tokens.refresh_token is not None
    assert tokens.refresh_token.reveal() == "still-valid-refresh"


def test_rejected_refresh_token_means_authorize_again(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    body = {"error": "invalid_grant", "error_description": "leaked refresh-TOKEN-value-7d"}
    api.on("POST", TOKEN_PATH, json_response(body, status=400))
    with pytest.raises(TokenExpiredError) as caught:
        schwab.refresh_tokens(Secret("refresh-TOKEN-value-7d"))
    message = str(caught.value)
    assert "(invalid_grant)" in message
    assert f"{SCHWAB_SETUP.refresh_token_days} days" in message
    assert "authorization again" in message
    assert "refresh-TOKEN-value-7d" not in message


def test_rejected_code_is_an_authentication_error_naming_the_redirect_uri(
    schwab: SchwabProvider, api: ScriptedApi
) -> None:
    api.on("POST", TOKEN_PATH, json_response({"error": "invalid_grant"}, status=400))
    with pytest.raises(AuthenticationError) as caught:
        schwab.exchange_code("used-code")
    assert not isinstance(caught.value, TokenExpiredError)
    assert SCHWAB_REDIRECT_URI in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body"),
    [(401, {"error": "invalid_client"}), (400, {"error": "invalid_client"}), (401, b"nope")],
)
def test_rejected_app_credentials_name_the_env_vars(
    schwab: SchwabProvider, api: ScriptedApi, status: int, body: object
) -> None:
    api.on("POST", TOKEN_PATH, json_response(body, status=status))
    with pytest.raises(AuthenticationError) as caught:
        schwab.exchange_code("code")
    assert not isinstance(caught.value, TokenExpiredError)
    assert "SCHWAB_APP_KEY" in str(caught.value)
    assert "SCHWAB_APP_SECRET" in str(caught.value)
    assert SCHWAB_SETUP.developer_portal_url in str(caught.value)


def test_odd_error_codes_are_not_echoed(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("POST", TOKEN_PATH, json_response({"error": "<script>alert(1)</script>"}, status=400))
    with pytest.raises(AuthenticationError) as caught:
        schwab.exchange_code("code")
    assert "<script>" not in str(caught.value)


def test_token_endpoint_outage_and_rate_limit(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("POST", TOKEN_PATH, *[httpx.Response(503)] * 3)
    with pytest.raises(ProviderUnavailableError):
        schwab.exchange_code("code")
    api.on("POST", TOKEN_PATH, *[httpx.Response(429, headers={"Retry-After": "1"})] * 3)
    with pytest.raises(RateLimitedError) as caught:
        schwab.refresh_tokens(Secret("r"))
    assert caught.value.retry_after == 1.0


def test_unexpected_token_status(schwab: SchwabProvider, api: ScriptedApi) -> None:
    api.on("POST", TOKEN_PATH, httpx.Response(302, headers={"Location": "/elsewhere"}))
    with pytest.raises(ProviderError, match="refused with HTTP 302"):
        schwab.exchange_code("code")


@pytest.mark.parametrize(
    ("response", "where"),
    [
        (httpx.Response(200, content=b"<html>maintenance</html>"), "not valid JSON"),
        (json_response(["not", "an", "object"]), "response is an array"),
        (json_response({"refresh_token": "r"}), "response.access_token is missing"),
        (json_response({"access_token": "a", "expires_in": "soon"}), "expires_in"),
        (json_response({"access_token": "a", "expires_in": -5}), "expires_in"),
    ],
)
def test_malformed_token_responses(
    schwab: SchwabProvider, api: ScriptedApi, response: httpx.Response, where: str
) -> None:
    api.on("POST", TOKEN_PATH, response)
    with pytest.raises(InvalidResponseError, match=where):
        schwab.exchange_code("code")


def test_secrets_never_show_in_reprs_errors_or_logs(
    schwab: SchwabProvider, api: ScriptedApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.on(
        "POST",
        TOKEN_PATH,
        json_response(sample("schwab/token.json")),
        httpx.Response(503),  # the refresh is retried (an exchange never is)
        json_response({"error": "invalid_grant"}, status=400),
    )
    tokens = schwab.exchange_code("auth-code-1", code_verifier=Secret("verifier-SECRET-xyz"))
    with pytest.raises(TokenExpiredError) as caught:
        schwab.refresh_tokens(tokens.refresh_token or Secret("x"))
    bound = schwab.with_credentials(tokens)
    shown = " ".join(
        [repr(schwab), str(schwab), repr(bound), repr(tokens), str(caught.value), caplog.text]
    )
    assert "schwab: POST" in caplog.text  # the retry was logged
    for secret in SECRETS:
        assert secret not in shown


def test_constructor_refuses_missing_app_credentials(make_http: MakeHttp) -> None:
    with pytest.raises(ValueError, match="SCHWAB_APP_KEY and SCHWAB_APP_SECRET"):
        make_schwab(make_http, config=schwab_config(schwab_app_key=""))


def test_a_registry_entry_without_scopes_sends_no_scope(
    make_http: MakeHttp, api: ScriptedApi
) -> None:
    from dataclasses import replace

    unscoped = make_schwab(make_http, setup=replace(SCHWAB_SETUP, scopes=()))
    assert "scope" not in parse_qs(urlsplit(unscoped.authorization_url("s")).query)
    with pytest.raises(ValueError, match="refresh token"):
        unscoped.refresh_tokens(Secret(""))
    assert api.requests == []
