"""Health probes over HTTP: one GET per endpoint, a hard deadline, bounded concurrency.

A probe reads only the status line and headers (the body is never downloaded), so
checking a status page costs the provider almost nothing. httpx's timeouts bound
each phase; an overall deadline also bounds a server that trickles its answer
byte by byte or accepts the connection and never answers. At most ``concurrency``
probes run at once, however many providers there are.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Final

import httpx

from dashtam.domain.providers.health import ProbeResult

DEFAULT_TIMEOUT_SECONDS: Final = 5.0
DEFAULT_CONCURRENCY: Final = 8
USER_AGENT: Final = "Dashtam health check"


async def probe(client: httpx.AsyncClient, url: str, timeout_seconds: float) -> ProbeResult:
    """GET ``url`` once; ok when the status is below 400 within ``timeout_seconds``."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_seconds):
            async with client.stream("GET", url, timeout=timeout_seconds) as response:
                status = response.status_code
    except (TimeoutError, httpx.TimeoutException):
        return _failed(started, f"no answer within {timeout_seconds:g} s (timeout)")
    except httpx.ConnectError as error:
        return _failed(started, f"connection failed: {_reason(error)}")
    except httpx.HTTPError as error:
        return _failed(started, f"{type(error).__name__}: {_reason(error)}")
    latency = _elapsed_ms(started)
    if status >= 400:
        return ProbeResult(ok=False, latency_ms=latency, error=f"HTTP {status}")
    return ProbeResult(ok=True, latency_ms=latency)


async def probe_all(
    urls: Mapping[str, str],
    *,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    concurrency: int = DEFAULT_CONCURRENCY,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, ProbeResult]:
    """Probe every ``{slug: url}``, at most ``concurrency`` at a time; results by slug."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        transport=transport,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=concurrency),
    ) as client:

        async def one(url: str) -> ProbeResult:
            async with gate:
                return await probe(client, url, timeout_seconds)

        results = await asyncio.gather(*(one(url) for url in urls.values()))
    return dict(zip(urls, results, strict=True))


def _failed(started: float, error: str) -> ProbeResult:
    return ProbeResult(ok=False, latency_ms=_elapsed_ms(started), error=error)


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _reason(error: Exception) -> str:
    """The error's first line, short; httpx messages carry no credentials or bodies."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
