"""The OAuth flow on database-kept states, on SQLite and PostgreSQL.

One-time, browser-bound states with PKCE; atomic redemption across threads; the
purge deletes only expired rows; no number of new flows evicts a pending one.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cryptography.fernet import Fernet
from fixture_providers import (
    KEYS_ENTRY,
    OAUTH_ENTRY,
    OAUTH_SETUP,
    FixtureOAuthConfig,
    FixtureOAuthProvider,
    token_endpoint,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashtam.core.database import upgrade_database
from dashtam.core.oauth import (
    OAuthFlow,
    OAuthStateError,
    OAuthStateStore,
    StateRejection,
    oauth_redirect_uri,
    state_hash,
)
from dashtam.core.tokens import TokenCipher
from dashtam.domain.providers.models import Secret
from dashtam.domain.providers.protocols import OAuthProviderProtocol
from dashtam.infrastructure.db.models import OAuthStateRow
from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy

OAUTH = str(OAUTH_ENTRY.slug)
KEYS = str(KEYS_ENTRY.slug)
BROWSER = "the-browser-binding"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Harness:
    """The fixture OAuth provider (token endpoint: a MockTransport) and a flow on ``engine``."""

    def __init__(self, engine: Engine, ttl: timedelta = timedelta(minutes=10)) -> None:
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
        cipher = TokenCipher(Secret(Fernet.generate_key().decode()))
        self.store = OAuthStateStore(engine, cipher, ttl=ttl, clock=self.clock)
        self.flow = OAuthFlow(self._provider, store=self.store)

    def _provider(self, slug: str) -> OAuthProviderProtocol:
        self.lookups.append(slug)
        if slug != OAUTH:
            raise ValueError(f"not an OAuth provider: {slug}")
        return self.provider

    def begin(self) -> str:
        return self.flow.begin_authorization(OAUTH, browser=BROWSER).state

    def rejection(self, slug: str, state: str, browser: str | None = BROWSER) -> OAuthStateError:
        with pytest.raises(OAuthStateError) as caught:
            self.flow.complete_authorization(slug, state, "the-code", browser=browser)
        return caught.value


@pytest.fixture
def harness(engine: Engine) -> Harness:
    upgrade_database(engine)
    return Harness(engine)


def _form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def test_begin_then_complete_exchanges_the_code_with_the_pkce_verifier(harness: Harness) -> None:
    request = harness.flow.begin_authorization(OAUTH, browser=BROWSER)
    query = parse_qs(urlsplit(request.url).query)
    assert query["state"] == [request.state]
    assert query["code_challenge_method"] == ["S256"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", request.state)
    assert request.expires_at == harness.clock.now + timedelta(minutes=10)

    tokens = harness.flow.complete_authorization(OAUTH, request.state, "the-code", browser=BROWSER)
    assert tokens.access_token.reveal() == "AT-1"
    form = _form(harness.token_requests[0])
    assert form["code"] == "the-code"
    digest = hashlib.sha256(form["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == query["code_challenge"][0]


def test_the_database_keeps_hashes_and_ciphertext_only(harness: Harness, engine: Engine) -> None:
    state, pending = harness.store.issue(OAUTH, BROWSER)
    with Session(engine) as session:
        row = session.scalars(select(OAuthStateRow)).one()
    assert row.state_hash == state_hash(state) == hashlib.sha256(state.encode()).hexdigest()
    stored = repr(vars(row))
    assert state not in stored
    assert BROWSER not in stored
    assert pending.code_verifier.reveal() not in stored


def test_a_replayed_callback_is_rejected(harness: Harness) -> None:
    state = harness.begin()
    harness.flow.complete_authorization(OAUTH, state, "the-code", browser=BROWSER)
    assert harness.rejection(OAUTH, state).reason is StateRejection.REUSED
    assert len(harness.token_requests) == 1


def test_a_callback_from_another_browser_is_rejected(harness: Harness) -> None:
    state = harness.begin()
    assert harness.rejection(OAUTH, state, "attacker").reason is StateRejection.WRONG_BROWSER
    other = harness.begin()
    assert harness.rejection(OAUTH, other, None).reason is StateRejection.WRONG_BROWSER
    assert harness.token_requests == []


def test_an_expired_state_is_rejected(engine: Engine) -> None:
    upgrade_database(engine)
    harness = Harness(engine, ttl=timedelta(minutes=5))
    state = harness.begin()
    harness.clock.now += timedelta(minutes=5)
    assert harness.rejection(OAUTH, state).reason is StateRejection.EXPIRED
    assert harness.token_requests == []


def test_a_state_issued_for_another_provider_is_rejected(harness: Harness) -> None:
    state, _ = harness.store.issue(KEYS, BROWSER)
    assert harness.rejection(OAUTH, state).reason is StateRejection.WRONG_PROVIDER
    assert harness.token_requests == []


def test_a_forged_state_is_rejected_before_any_provider_is_consulted(harness: Harness) -> None:
    harness.begin()
    harness.lookups.clear()
    forged = base64.urlsafe_b64encode(b"\x00" * 32).rstrip(b"=").decode()
    assert harness.rejection(OAUTH, forged).reason is StateRejection.UNKNOWN
    assert harness.lookups == []
    assert harness.token_requests == []


@pytest.mark.parametrize(
    "state", ["", "short", "<script>alert(1)</script>" + "x" * 18, "a" * 44, "é" * 43]
)
def test_a_malformed_state_is_rejected(harness: Harness, state: str) -> None:
    assert harness.rejection(OAUTH, state).reason is StateRejection.MALFORMED


def test_rejections_never_echo_the_state_or_code(harness: Harness) -> None:
    state = harness.begin()
    harness.clock.now += timedelta(hours=1)
    message = str(harness.rejection(OAUTH, state))
    assert state not in message
    assert "the-code" not in message
    assert OAUTH in message
    assert "again" in message


def test_a_callback_without_a_code_is_rejected_and_burns_the_state(harness: Harness) -> None:
    state = harness.begin()
    with pytest.raises(ValueError, match="no usable authorization code"):
        harness.flow.complete_authorization(OAUTH, state, "  ", browser=BROWSER)
    assert harness.rejection(OAUTH, state).reason is StateRejection.REUSED
    assert harness.token_requests == []


def test_expired_states_are_purged_after_their_retention(harness: Harness) -> None:
    old = harness.begin()
    assert harness.store.stored() == 1
    # Kept one more ttl after expiry (to report "expired"), then deleted.
    harness.clock.now += timedelta(minutes=15)
    assert harness.store.purge() == 0
    harness.clock.now += timedelta(minutes=5, seconds=1)
    harness.begin()
    assert harness.store.stored() == 1
    assert harness.rejection(OAUTH, old).reason is StateRejection.UNKNOWN


def test_no_number_of_new_flows_evicts_a_pending_state(harness: Harness) -> None:
    legitimate = harness.begin()
    for _ in range(2_000):
        harness.store.issue(OAUTH, "attacker")
    assert harness.store.stored() == 2_001
    tokens = harness.flow.complete_authorization(OAUTH, legitimate, "the-code", browser=BROWSER)
    assert tokens.access_token.reveal() == "AT-1"


def test_concurrent_callbacks_racing_on_one_state_have_exactly_one_winner(
    harness: Harness,
) -> None:
    state = harness.begin()
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def race() -> None:
        barrier.wait()
        try:
            harness.store.redeem(OAUTH, state, BROWSER)
            outcomes.append("won")
        except OAuthStateError as error:
            outcomes.append(error.reason.value)

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["reused"] * 7 + ["won"]


def test_store_rejects_nonsense_configuration(engine: Engine) -> None:
    cipher = TokenCipher(Secret(Fernet.generate_key().decode()))
    with pytest.raises(ValueError, match="ttl"):
        OAuthStateStore(engine, cipher, ttl=timedelta(0))
    assert repr(OAuthStateStore(engine, cipher)) == "OAuthStateStore(ttl=0:10:00)"


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(min_value=1, max_value=20))
def test_every_issued_state_is_unique_and_redeems_exactly_once(
    harness: Harness, count: int
) -> None:
    states = [harness.store.issue(OAUTH, BROWSER)[0] for _ in range(count)]
    assert len(set(states)) == count
    for state in states:
        harness.store.redeem(OAUTH, state, BROWSER)
    for state in states:
        with pytest.raises(OAuthStateError):
            harness.store.redeem(OAUTH, state, BROWSER)
