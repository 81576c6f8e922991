"""Fakes for HTTP provider tests: a scripted API behind httpx.MockTransport.

Everything a provider sends goes through the real ``ProviderHttpClient`` and a real
``httpx.Client``; only the network is replaced. Sleeping and the clock are fakes so
retry sequences run instantly and their delays can be asserted exactly.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from dashtam.infrastructure.providers.http import ProviderHttpClient

DATA = Path(__file__).parent / "data"

Outcome = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]
#: The ``make_http`` fixture: ``make_http(provider, **retry_policy_fields)``.
MakeHttp = Callable[..., ProviderHttpClient]


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
    """Records requested delays instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class FakeClock:
    """A settable UTC clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
