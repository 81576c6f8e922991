"""Fakes for HTTP provider tests: a scripted API behind httpx.MockTransport.

Everything a provider sends goes through the real ``ProviderHttpClient`` and a real
``httpx.Client``; only the network is replaced. Sleeping and the clock are fakes so
retry sequences run instantly and their delays can be asserted exactly.
:func:`make_schwab` builds the SchwabProvider both Schwab test modules use.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from dashtam.domain.providers import OAuthSetup, Provider, get_provider_metadata
from dashtam.domain.providers.config import SchwabConfig
from dashtam.infrastructure.providers.http import ProviderHttpClient
from dashtam.infrastructure.providers.schwab import SchwabProvider

DATA = Path(__file__).parent / "data"

Outcome = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]
#: The ``make_http`` fixture: ``make_http(provider, **retry_policy_fields)``.
MakeHttp = Callable[..., ProviderHttpClient]


SCHWAB_SETUP = get_provider_metadata(Provider.SCHWAB).setup
assert isinstance(SCHWAB_SETUP, OAuthSetup)
SCHWAB_APP_KEY = "app-KEY-1234567890"
SCHWAB_APP_SECRET = "app-SECRET-0987654321"
SCHWAB_REDIRECT_URI = "https://dashtam.example/oauth/schwab/callback"


def schwab_config(**overrides: Any) -> SchwabConfig:
    """A SchwabConfig with test app credentials; ``overrides`` replace its fields."""
    fields: dict[str, Any] = {
        "schwab_app_key": SCHWAB_APP_KEY,
        "schwab_app_secret": SCHWAB_APP_SECRET,
        **overrides,
    }
    return SchwabConfig.model_validate(fields)


def make_schwab(make_http: MakeHttp, **overrides: Any) -> SchwabProvider:
    """A SchwabProvider with the registry's setup and test app credentials.

    ``overrides`` replace constructor arguments; without ``http`` it gets a client
    from ``make_http("schwab")`` with the default retry policy.
    """
    arguments: dict[str, Any] = {
        "config": schwab_config(),
        "redirect_uri": SCHWAB_REDIRECT_URI,
        "setup": SCHWAB_SETUP,
        **overrides,
    }
    if "http" not in arguments:
        arguments["http"] = make_http("schwab")
    return SchwabProvider(**arguments)


def sample(name: str) -> bytes:
    """A documented response shape shipped under tests/infrastructure/data."""
    return (DATA / name).read_bytes()


def json_response(
    body: object | bytes, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    """A JSON response; bytes are sent verbatim so numbers keep their exact text."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(
        status,
        content=content,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class ScriptedApi:
    """Answers each (method, path) with its scripted outcomes, in order, and records requests.

    An unscripted request, or one past the end of its script, fails the test with a
    message naming it, so a provider calling more than expected cannot pass.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._script: dict[tuple[str, str], deque[Outcome]] = {}

    def on(self, method: str, path: str, *outcomes: Outcome) -> ScriptedApi:
        self._script.setdefault((method, path), deque()).extend(outcomes)
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self._script.get((request.method, request.url.path))
        if not queue:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        outcome = queue.popleft()
        if isinstance(outcome, Exception):
            raise outcome
        if isinstance(outcome, httpx.Response):
            return outcome
        return outcome(request)

    def remaining(self) -> int:
        return sum(len(queue) for queue in self._script.values())


class FakeSleep:
    """Records requested delays instead of sleeping.

    :meth:`monotonic` is the real monotonic clock plus every delay slept so far, so
    a call's deadline counts the waits as if they had happened.
    """

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)

    def monotonic(self) -> float:
        return time.monotonic() + sum(self.delays)


def no_jitter(ceiling: float) -> float:
    """Waits the whole backoff ceiling, so tests can assert exact delays."""
    return ceiling


class FakeClock:
    """A settable UTC clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
