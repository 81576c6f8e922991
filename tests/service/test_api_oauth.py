"""The OAuth routes of the app: registered from the registry, the full round trip
against a local fake authorization server, and every refused callback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_authorization_server import AuthorizationServerState, fake_authorization_server
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from fixture_providers import OAUTH_ENTRY
from service_app import fixture_app, local_registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashtam.core.database import database_engine
from dashtam.core.oauth import COOKIE_NAME, oauth_callback_paths
from dashtam.domain.providers import PROVIDER_REGISTRY, get_all_provider_slugs
from dashtam.infrastructure.db.models import ConnectionRow
from dashtam.presentation.api import create_app

OAUTH = str(OAUTH_ENTRY.slug)


def _routes(app: object) -> dict[str, set[str]]:
    return {
        route.path: set(route.methods)
        for route in getattr(app, "routes", [])
        if isinstance(route, APIRoute)
    }


def test_the_app_serves_exactly_the_registry_s_callback_paths() -> None:
    routes = _routes(create_app())
    served = {path for path in routes if re.fullmatch(r"/oauth/[^/]+/callback", path)}
    assert served == set(oauth_callback_paths().values())
    assert all("{" not in path for path in routes if path.startswith("/oauth/")), "no catch-all"
    for slug, path in oauth_callback_paths().items():
        assert routes[path] == {"GET"}
        assert routes[f"/oauth/{slug}/authorize"] == {"GET"}


def test_a_slug_that_is_not_an_oauth_provider_has_no_oauth_route() -> None:
    client = TestClient(create_app())  # routing only: the services are not started
    oauth = {str(slug) for slug in oauth_callback_paths()}
    for slug in [*map(str, get_all_provider_slugs()), "fixture_unregistered"]:
        if slug not in oauth:
            assert client.get(f"/oauth/{slug}/callback").status_code == 404
            assert client.get(f"/oauth/{slug}/authorize").status_code == 404
    assert len(PROVIDER_REGISTRY) > len(oauth)


@pytest.fixture
def server() -> Iterator[tuple[str, AuthorizationServerState]]:
    with fake_authorization_server() as running:
        yield running


@pytest.fixture
def client(database_url: str, server: tuple[str, AuthorizationServerState]) -> Iterator[TestClient]:
    app, _ = fixture_app(database_url, local_registry(server[0]))
    with TestClient(app, follow_redirects=False) as running:
        yield running


def _consent(client: TestClient) -> httpx.Response:
    """Begin at Dashtam, consent at the fake server; returns its redirect back."""
    begun = client.get(f"/oauth/{OAUTH}/authorize")
    assert begun.status_code == 302
    return httpx.get(begun.headers["location"], follow_redirects=False)


def _callback_path(consented: httpx.Response) -> str:
    location = urlsplit(consented.headers["location"])
    return f"{location.path}?{location.query}"


def test_full_round_trip_authorize_consent_callback_store_encrypted_refresh(
    client: TestClient, server: tuple[str, AuthorizationServerState], database_url: str
) -> None:
    _, fake = server
    begun = client.get(f"/oauth/{OAUTH}/authorize")
    assert begun.status_code == 302
    cookie = begun.headers["set-cookie"]
    assert f"{COOKIE_NAME}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    consent = parse_qs(urlsplit(begun.headers["location"]).query)
    assert consent["code_challenge_method"] == ["S256"]
    assert consent["redirect_uri"] == [f"http://testserver/oauth/{OAUTH}/callback"]

    consented = httpx.get(begun.headers["location"], follow_redirects=False)
    done = client.get(_callback_path(consented))
    assert done.status_code == 200, done.text
    assert "Connected to" in done.text
    assert "AT-" not in done.text
    assert fake.token_requests[0]["grant_type"] == "authorization_code"

    engine = database_engine(client.app.state.services.settings)  # type: ignore[attr-defined]
    with Session(engine) as session:
        row = session.scalars(select(ConnectionRow)).one()
        stored = (row.access_token_encrypted, row.refresh_token_encrypted)
    engine.dispose()
    assert all(token and not token.startswith(("AT-", "RT-")) for token in stored)
    services = client.app.state.services  # type: ignore[attr-defined]
    tokens = services.connections.load(OAUTH)
    assert re.fullmatch(r"AT-\d+", tokens.access_token.reveal())
    first_refresh = tokens.refresh_token.reveal()

    refreshed = client.post(f"/api/v1/connections/{OAUTH}/refresh")
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["has_refresh_token"] is True
    assert "AT-" not in refreshed.text
    rotated = services.connections.load(OAUTH)
    assert rotated.refresh_token.reveal() != first_refresh
    assert fake.token_requests[-1] == {
        "grant_type": "refresh_token",
        "refresh_token": first_refresh,
    }
    # The old refresh token is spent: a second refresh uses the rotated one and succeeds.
    assert client.post(f"/api/v1/connections/{OAUTH}/refresh").status_code == 200


def test_a_callback_from_another_browser_gets_a_400_and_nothing_is_requested(
    client: TestClient, server: tuple[str, AuthorizationServerState]
) -> None:
    _, fake = server
    path = _callback_path(_consent(client))
    client.cookies.clear()
    refused = client.get(path)
    assert refused.status_code == 400
    assert "different browser" in refused.text
    assert f'href="/oauth/{OAUTH}/authorize"' in refused.text
    assert fake.token_requests == []


def test_replayed_forged_and_wrong_provider_callbacks_get_clear_400_pages(
    client: TestClient, server: tuple[str, AuthorizationServerState]
) -> None:
    _, fake = server
    path = _callback_path(_consent(client))
    assert client.get(path).status_code == 200
    replay = client.get(path)
    assert replay.status_code == 400
    assert "already used" in replay.text
    forged = client.get(f"/oauth/{OAUTH}/callback?state={'A' * 43}&code=x")
    assert forged.status_code == 400
    assert "not issued by this server" in forged.text
    missing = client.get(f"/oauth/{OAUTH}/callback")
    assert missing.status_code == 400
    assert "missing" in missing.text
    assert len(fake.token_requests) == 1


def test_access_denied_gets_a_clear_page(
    client: TestClient, server: tuple[str, AuthorizationServerState]
) -> None:
    _, fake = server
    fake.deny = True
    denied = client.get(_callback_path(_consent(client)))
    assert denied.status_code == 400
    assert "You declined the request" in denied.text
    assert fake.token_requests == []
    hostile = client.get(
        f"/oauth/{OAUTH}/callback?error=server_error&error_description=<script>x</script>"
    )
    assert "<script>" not in hostile.text
    assert "&lt;script&gt;" in hostile.text


def test_refresh_without_a_connection_is_a_404_saying_how_to_connect(client: TestClient) -> None:
    answer = client.post(f"/api/v1/connections/{OAUTH}/refresh")
    assert answer.status_code == 404
    assert f"/oauth/{OAUTH}/authorize" in answer.json()["detail"]


def test_authorize_for_an_unconfigured_provider_names_its_variables(database_url: str) -> None:
    """The real registry's OAuth providers, with none of their credentials set."""
    from service_app import service_settings

    from dashtam.core.database import upgrade_database
    from dashtam.core.settings import env_var_name

    settings = service_settings(database_url)
    engine = database_engine(settings)
    upgrade_database(engine)
    engine.dispose()
    oauth = {str(slug) for slug in oauth_callback_paths()}
    needing = [e for e in PROVIDER_REGISTRY if str(e.slug) in oauth and e.required_settings]
    assert needing, "the real registry has an OAuth provider with required settings"
    with TestClient(create_app(settings), follow_redirects=False) as client:
        for entry in needing:
            answer = client.get(f"/oauth/{entry.slug}/authorize")
            assert answer.status_code == 503
            for name in entry.required_settings:
                assert env_var_name(name) in answer.text
