"""Faults against local servers (a hanging token endpoint, racing callbacks) and secrets
that must never show in a repr, str, asdict/JSON/pickle, a log line or a traceback."""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import pickle
import threading
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_authorization_server import AuthorizationServerState, fake_authorization_server
from fastapi.testclient import TestClient
from fixture_providers import OAUTH_ENTRY
from live_server import live_server
from service_app import fixture_app, local_registry

from dashtam.core.oauth import COOKIE_NAME
from dashtam.domain.providers.models import OAuthTokens, Secret

OAUTH = str(OAUTH_ENTRY.slug)
CLIENT_SECRET = "fixture-client-secret"


@pytest.fixture
def server() -> Iterator[tuple[str, AuthorizationServerState]]:
    with fake_authorization_server() as running:
        yield running


def _ours() -> set[threading.Thread]:
    """Live threads, minus the fake server's request handlers."""
    return {t for t in threading.enumerate() if "process_request" not in t.name}


def test_a_hanging_token_endpoint_fails_in_bounded_time_with_a_clear_page(
    database_url: str, server: tuple[str, AuthorizationServerState]
) -> None:
    base, fake = server
    app, _ = fixture_app(
        database_url,
        local_registry(base),
        provider_http_timeout_seconds=0.5,
        provider_http_deadline_seconds=1.5,
    )
    with TestClient(app, follow_redirects=False) as client:
        begun = client.get(f"/oauth/{OAUTH}/authorize")
        consented = httpx.get(begun.headers["location"], follow_redirects=False)
        location = urlsplit(consented.headers["location"])
        fake.delay = 5.0
        before = _ours()
        started = time.perf_counter()
        failed = client.get(f"{location.path}?{location.query}")
        elapsed = time.perf_counter() - started
        services = client.app.state.services  # type: ignore[attr-defined]
        assert services.connections.load(OAUTH) is None
    assert failed.status_code == 502
    assert elapsed < 4.0, f"the callback took {elapsed:.1f} s"
    assert "Nothing was stored" in failed.text
    assert "CODE-" not in failed.text
    assert len(fake.token_requests) == 1, "the single-use code exchange is not retried"
    deadline = time.monotonic() + 5
    while _ours() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not {t.name for t in _ours() - before}, "a worker thread outlived the call"


def test_concurrent_callbacks_racing_on_one_state_over_http_have_one_winner(
    database_url: str, server: tuple[str, AuthorizationServerState]
) -> None:
    base, fake = server
    app, _ = fixture_app(database_url, local_registry(base))
    with live_server(app) as service:
        with httpx.Client(base_url=service, follow_redirects=False) as browser:
            begun = browser.get(f"/oauth/{OAUTH}/authorize")
            consented = httpx.get(begun.headers["location"], follow_redirects=False)
            location = urlsplit(consented.headers["location"])
            cookie = browser.cookies[COOKIE_NAME]
        path = f"{location.path}?{location.query}"

        def callback(_: int) -> int:
            with httpx.Client(base_url=service, cookies={COOKIE_NAME: cookie}) as racer:
                return racer.get(path).status_code

        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = sorted(pool.map(callback, range(10)))
    assert statuses == [200] + [400] * 9
    assert len(fake.token_requests) == 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _browse(
    url: str, cookie: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], str]:
    """A browser that does not log (urllib), so every log line captured is the server's."""
    request = urllib.request.Request(url, method=method)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read().decode()


def test_no_secret_reaches_a_log_line_a_repr_or_a_page_in_a_round_trip(
    database_url: str,
    server: tuple[str, AuthorizationServerState],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A real uvicorn with its access log on: the callback's code and state stay out."""
    base, fake = server
    caplog.set_level(logging.DEBUG)
    app, settings = fixture_app(database_url, local_registry(base))
    with live_server(app, access_log=True) as service:
        _, begun, _ = _browse(f"{service}/oauth/{OAUTH}/authorize")
        cookie = begun["set-cookie"].split(";")[0]
        _, consented, _ = _browse(begun["location"])
        callback = urlsplit(consented["location"])
        state = parse_qs(callback.query)["state"][0]
        _, _, done = _browse(f"{service}{callback.path}?{callback.query}", cookie)
        _, _, refreshed = _browse(f"{service}/api/v1/connections/{OAUTH}/refresh", None, "POST")
        services = app.state.services
        tokens = services.connections.load(OAUTH)
        shown = " ".join(
            [caplog.text, done, refreshed, repr(services), str(services), repr(tokens)]
        )
    assert f"{callback.path}?code=[redacted]" in caplog.text, "the access log ran"
    assert "Connected to" in done
    key = settings.token_encryption_key.get_secret_value()  # type: ignore[union-attr]
    secrets = [
        key,
        CLIENT_SECRET,
        state,
        tokens.access_token.reveal(),
        tokens.refresh_token.reveal(),
        *(form["code"] for form in fake.token_requests if "code" in form),
        *(form["code_verifier"] for form in fake.token_requests if "code_verifier" in form),
        *(form["refresh_token"] for form in fake.token_requests if "refresh_token" in form),
    ]
    assert len(secrets) == 8
    for secret in secrets:
        assert secret not in shown


def test_tokens_never_leave_through_asdict_json_pickle_or_format() -> None:
    tokens = OAuthTokens(
        access_token=Secret("AT-secret-value"),
        refresh_token=Secret("RT-secret-value"),
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
    )
    as_dict = dataclasses.asdict(tokens)
    assert "secret-value" not in repr(as_dict)
    assert "secret-value" not in json.dumps(as_dict, default=str)
    assert "secret-value" not in f"{tokens.access_token}" + format(tokens.access_token, ">20")
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(tokens)
    assert copy.deepcopy(tokens) == tokens
    assert Secret("a") == Secret("a") != Secret("b")


def test_a_formatted_traceback_of_a_failed_exchange_holds_no_secret(
    database_url: str, server: tuple[str, AuthorizationServerState]
) -> None:
    base, fake = server
    app, _ = fixture_app(
        database_url,
        local_registry(base),
        provider_http_timeout_seconds=0.3,
        provider_http_deadline_seconds=0.8,
    )
    fake.delay = 3.0
    with TestClient(app, follow_redirects=False) as client:
        services = client.app.state.services  # type: ignore[attr-defined]
        provider = services.oauth_provider(OAUTH)
        code, verifier = "CODE-" + "secret-123", Secret("v" * 60)
        with pytest.raises(Exception) as raised:  # noqa: PT011 - any provider error
            provider.exchange_code(code, code_verifier=verifier)
    formatted = "".join(traceback.format_exception(raised.value))
    for secret in (code, "v" * 60, CLIENT_SECRET):
        assert secret not in formatted
