"""OAuth plumbing: registry-derived callback routes, PKCE, one-time state, the full flow."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fixture_providers import (
    FIXTURE_REGISTRY,
    KEYS_ENTRY,
    OAUTH_ENTRY,
    OAUTH_SETUP,
    FixtureOAuthConfig,
    FixtureOAuthProvider,
    token_endpoint,
)
from hypothesis import given
from hypothesis import strategies as st

from dashtam.core.oauth import (
    CALLBACK_PATH_TEMPLATE,
    OAuthFlow,
    OAuthStateError,
    OAuthStateStore,
    StateRejection,
    code_challenge_s256,
    new_code_verifier,
    oauth_callback_path,
    oauth_callback_paths,
    oauth_redirect_uri,
    state_key,
)
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    ProviderAuthType,
    get_oauth_providers,
)
from dashtam.domain.providers.models import Secret
from dashtam.domain.providers.protocols import OAuthProviderProtocol
from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy

OAUTH = str(OAUTH_ENTRY.slug)
KEYS = str(KEYS_ENTRY.slug)
TOKEN_PATH = urlsplit(OAUTH_SETUP.token_url).path


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Harness:
    """The fixture OAuth provider, its token endpoint a MockTransport, plus a flow."""

    def __init__(self, ttl: timedelta = timedelta(minutes=10)) -> None:
        self.clock = Clock()
        self.token_requests: list[httpx.Request] = []
        self.lookups: list[str] = []
        self.provider = FixtureOAuthProvider(
            config=FixtureOAuthConfig(
                fixture_oauth_client_id="client-id",  # type: ignore[arg-type]
                fixture_oauth_client_secret="client-secret",  # type: ignore[arg-type]
            ),
            setup=OAUTH_SETUP,
            http=ProviderHttpClient(
                OAUTH,
                policy=RetryPolicy(max_retries=0),
                transport=httpx.MockTransport(token_endpoint(self.token_requests)),
            ),
            redirect_uri=oauth_redirect_uri("http://localhost:8000", OAUTH),
        )
        self.store = OAuthStateStore(ttl=ttl, clock=self.clock)
        self.flow = OAuthFlow(self._provider, store=self.store)

    def _provider(self, slug: str) -> OAuthProviderProtocol:
        self.lookups.append(slug)
        if slug != OAUTH:
            raise ValueError(f"not an OAuth provider: {slug}")
        return self.provider


def _form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


# Callback routes ---------------------------------------------------------------------


def test_the_real_registry_s_oauth_providers_each_get_a_callback_route() -> None:
    assert set(oauth_callback_paths()) == get_oauth_providers()
    for entry in PROVIDER_REGISTRY:
        if entry.auth_type is ProviderAuthType.OAUTH:
            assert oauth_callback_paths()[entry.slug] == f"/oauth/{entry.slug}/callback"
    assert CALLBACK_PATH_TEMPLATE == "/oauth/{slug}/callback"


def test_a_new_oauth_provider_gets_a_route_without_touching_routing_code() -> None:
    keys_as_oauth = replace(KEYS_ENTRY, auth_type=ProviderAuthType.OAUTH, setup=OAUTH_SETUP)
    registry = [*FIXTURE_REGISTRY, keys_as_oauth]
    assert oauth_callback_paths(FIXTURE_REGISTRY) == {OAUTH: "/oauth/fixture_oauth/callback"}
    assert oauth_callback_paths(registry) == {
        OAUTH: "/oauth/fixture_oauth/callback",
        KEYS: "/oauth/fixture_keys/callback",
    }
    assert list(oauth_callback_paths(registry)) == [OAUTH, KEYS]


def test_redirect_uri_is_base_url_plus_callback_path() -> None:
    assert oauth_redirect_uri("https://dashtam.example/", OAUTH) == (
        "https://dashtam.example/oauth/fixture_oauth/callback"
    )
    assert oauth_callback_path("odd/slug") == "/oauth/odd%2Fslug/callback"


# PKCE --------------------------------------------------------------------------------


def test_s256_challenge_matches_rfc_7636_appendix_b() -> None:
    verifier = Secret("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    assert code_challenge_s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_verifiers_are_rfc_7636_shaped_and_never_repeat() -> None:
    verifiers = [new_code_verifier().reveal() for _ in range(50)]
    assert len(set(verifiers)) == 50
    for verifier in verifiers:
        assert 43 <= len(verifier) <= 128
        assert re.fullmatch(r"[A-Za-z0-9\-._~]+", verifier)


# The flow ----------------------------------------------------------------------------


def test_begin_then_complete_exchanges_the_code_with_the_pkce_verifier() -> None:
    harness = Harness()
    request = harness.flow.begin_authorization(OAUTH)

    query = parse_qs(urlsplit(request.url).query)
    assert query["state"] == [request.state]
    assert query["code_challenge_method"] == ["S256"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", request.state)
    assert request.expires_at == harness.clock.now + timedelta(minutes=10)

    tokens = harness.flow.complete_authorization(OAUTH, request.state, "the-code")
    assert tokens.access_token.reveal() == "AT-1"
    form = _form(harness.token_requests[0])
    assert form["code"] == "the-code"
    digest = hashlib.sha256(form["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == query["code_challenge"][0]


def _rejection(harness: Harness, slug: str, state: str) -> OAuthStateError:
    with pytest.raises(OAuthStateError) as caught:
        harness.flow.complete_authorization(slug, state, "the-code")
    return caught.value


def test_a_replayed_callback_is_rejected() -> None:
    harness = Harness()
    state = harness.flow.begin_authorization(OAUTH).state
    harness.flow.complete_authorization(OAUTH, state, "the-code")
    error = _rejection(harness, OAUTH, state)
    assert error.reason is StateRejection.REUSED
    assert len(harness.token_requests) == 1


def test_an_expired_state_is_rejected() -> None:
    harness = Harness(ttl=timedelta(minutes=5))
    state = harness.flow.begin_authorization(OAUTH).state
    harness.clock.now += timedelta(minutes=5)
    assert _rejection(harness, OAUTH, state).reason is StateRejection.EXPIRED
    assert harness.token_requests == []


def test_a_state_issued_for_another_provider_is_rejected() -> None:
    harness = Harness()
    state, _ = harness.store.issue(KEYS)
    error = _rejection(harness, OAUTH, state)
    assert error.reason is StateRejection.WRONG_PROVIDER
    assert harness.token_requests == []


def test_a_forged_state_is_rejected_before_any_provider_is_consulted() -> None:
    harness = Harness()
    harness.flow.begin_authorization(OAUTH)
    harness.lookups.clear()
    forged = base64.urlsafe_b64encode(b"\x00" * 32).rstrip(b"=").decode()
    assert _rejection(harness, OAUTH, forged).reason is StateRejection.UNKNOWN
    assert harness.lookups == []
    assert harness.token_requests == []


@pytest.mark.parametrize(
    "state", ["", "short", "<script>alert(1)</script>" + "x" * 18, "a" * 44, "é" * 43]
)
def test_a_malformed_state_is_rejected(state: str) -> None:
    harness = Harness()
    assert _rejection(harness, OAUTH, state).reason is StateRejection.MALFORMED


def test_rejections_never_echo_the_state_or_code() -> None:
    harness = Harness()
    state = harness.flow.begin_authorization(OAUTH).state
    harness.clock.now += timedelta(hours=1)
    message = str(_rejection(harness, OAUTH, state))
    assert state not in message
    assert "the-code" not in message
    assert OAUTH in message
    assert "again" in message


def test_a_callback_without_a_code_is_rejected_and_burns_the_state() -> None:
    harness = Harness()
    state = harness.flow.begin_authorization(OAUTH).state
    with pytest.raises(ValueError, match="no usable authorization code"):
        harness.flow.complete_authorization(OAUTH, state, "  ")
    assert _rejection(harness, OAUTH, state).reason is StateRejection.REUSED
    assert harness.token_requests == []


def test_states_live_under_one_key_format_and_are_purged() -> None:
    harness = Harness(ttl=timedelta(minutes=10))
    state, _ = harness.store.issue(OAUTH)
    assert state_key(state) == f"oauth:state:{state}"
    assert len(harness.store) == 1
    # Kept one more ttl after expiry (to report "expired"), then forgotten.
    harness.clock.now += timedelta(minutes=20)
    harness.store.issue(OAUTH)
    assert len(harness.store) == 1
    assert _rejection(harness, OAUTH, state).reason is StateRejection.UNKNOWN


def test_the_store_is_bounded() -> None:
    store = OAuthStateStore(max_entries=3)
    states = [store.issue(OAUTH)[0] for _ in range(5)]
    assert len(store) == 3
    assert repr(store) == "OAuthStateStore(ttl=0:10:00, entries=3)"
    with pytest.raises(OAuthStateError):
        store.redeem(OAUTH, states[0])
    assert store.redeem(OAUTH, states[-1]).provider == OAUTH


def test_store_rejects_nonsense_configuration() -> None:
    with pytest.raises(ValueError, match="ttl"):
        OAuthStateStore(ttl=timedelta(0))
    with pytest.raises(ValueError, match="max_entries"):
        OAuthStateStore(max_entries=0)


@given(st.integers(min_value=1, max_value=30))
def test_every_issued_state_is_unique_and_redeems_exactly_once(count: int) -> None:
    store = OAuthStateStore()
    states = [store.issue(OAUTH)[0] for _ in range(count)]
    assert len(set(states)) == count
    for state in states:
        store.redeem(OAUTH, state)
    for state in states:
        with pytest.raises(OAuthStateError):
            store.redeem(OAUTH, state)


def test_every_registered_oauth_provider_can_begin_authorization() -> None:
    from configured_settings import configured_settings

    from dashtam.core.container.providers import get_oauth_provider

    settings = configured_settings()
    flow = OAuthFlow(lambda slug: get_oauth_provider(slug, settings))
    for entry in PROVIDER_REGISTRY:
        if entry.auth_type is ProviderAuthType.OAUTH:
            request = flow.begin_authorization(entry.slug)
            assert request.url.startswith(entry.setup.authorization_url)  # type: ignore[union-attr]
            assert f"state={request.state}" in request.url
