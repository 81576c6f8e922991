"""Fixtures wiring real ProviderHttpClients to a scripted API (see provider_fakes)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from provider_fakes import FakeClock, FakeSleep, MakeHttp, ScriptedApi, no_jitter

from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy


@pytest.fixture
def api() -> ScriptedApi:
    return ScriptedApi()


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 3, 10, 15, 0, tzinfo=UTC))


@pytest.fixture
def make_http(api: ScriptedApi, sleep: FakeSleep, clock: FakeClock) -> MakeHttp:
    """Builds a real ProviderHttpClient for ``provider`` wired to the scripted API."""

    def make(provider: str, **policy: float) -> ProviderHttpClient:
        return ProviderHttpClient(
            provider,
            policy=RetryPolicy(**policy),  # type: ignore[arg-type]
            transport=httpx.MockTransport(api.handle),
            sleep=sleep,
            clock=clock,
            monotonic=sleep.monotonic,
            jitter=no_jitter,
        )

    return make
