"""The health monitor: probes each provider's endpoint and keeps its record.

Targets come from the registry (``health_check_url``, ``health_check_interval``);
an entry without a URL calls nothing remote and is not checked. The monitor holds
the latest :class:`HealthRecord` per provider and advances it with
:func:`~dashtam.domain.providers.health.advance` after every probe; a store (the
service's database) may load the records before and save them after each round,
so failures in a row are counted across restarts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, TypeVar

import httpx

from dashtam.domain.providers.health import HealthPolicy, HealthRecord, advance
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.registry import PROVIDER_REGISTRY, as_registry
from dashtam.infrastructure.health.probe import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT_SECONDS,
    probe_all,
)


@dataclass(frozen=True, kw_only=True)
class HealthTarget:
    """One endpoint to check, and how often."""

    slug: str
    url: str
    interval_seconds: int


class HealthStore(Protocol):
    """Where records outlive a round: the service's database."""

    def load(self) -> Mapping[str, HealthRecord]:
        """Every stored record, by slug."""
        ...

    def save(self, records: Iterable[HealthRecord]) -> None:
        """Store ``records``, replacing each provider's previous one."""
        ...


def health_targets(
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    urls: Mapping[str, str] | None = None,
) -> list[HealthTarget]:
    """The providers to check, in registry order: those with a URL (or one in ``urls``).

    Raises:
        ValueError: ``urls`` names a slug the registry lacks; the message lists the
            registered slugs.
    """
    entries = as_registry(registry)
    overrides = dict(urls or {})
    unknown = sorted(slug for slug in overrides if entries.find(slug) is None)
    if unknown:
        registered = ", ".join(str(entry.slug) for entry in entries)
        raise ValueError(
            f"Unknown provider(s) {', '.join(unknown)} in --url: registered providers are "
            f"{registered}."
        )
    targets = []
    for entry in entries:
        url = overrides.get(str(entry.slug), entry.health_check_url)
        if url is not None:
            targets.append(
                HealthTarget(
                    slug=str(entry.slug), url=url, interval_seconds=entry.health_check_interval
                )
            )
    return targets


def utc_now() -> datetime:
    """The current time, timezone-aware; the monitor's default clock."""
    return datetime.now(UTC)


class HealthMonitor:
    """Checks targets and keeps each provider's latest record."""

    def __init__(
        self,
        targets: Sequence[HealthTarget],
        *,
        policy: HealthPolicy | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        concurrency: int = DEFAULT_CONCURRENCY,
        transport: httpx.AsyncBaseTransport | None = None,
        store: HealthStore | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.targets = {target.slug: target for target in targets}
        self.policy = policy or HealthPolicy()
        self.timeout_seconds = timeout_seconds
        self.concurrency = concurrency
        self._transport = transport
        self._store = store
        self._clock = clock
        stored = dict(store.load()) if store is not None else {}
        self.records: dict[str, HealthRecord] = {
            target.slug: _current(stored.get(target.slug), target) for target in targets
        }

    async def check(self, slugs: Iterable[str] | None = None) -> list[HealthRecord]:
        """Probe ``slugs`` (every target by default) once; their new records."""
        chosen = list(self.targets) if slugs is None else [s for s in slugs if s in self.targets]
        results = await probe_all(
            {slug: self.targets[slug].url for slug in chosen},
            timeout_seconds=self.timeout_seconds,
            concurrency=self.concurrency,
            transport=self._transport,
        )
        checked_at = self.now()
        updated = [
            advance(self.records[slug], result, checked_at, self.policy)
            for slug, result in results.items()
        ]
        for record in updated:
            self.records[record.slug] = record
        if self._store is not None:
            # In a worker thread: a database write must not stall the event loop
            # (the service's requests share it), e.g. while SQLite waits for a lock.
            await asyncio.to_thread(self._store.save, updated)
        return updated

    def now(self) -> datetime:
        """The monitor's clock."""
        return self._clock()

    def due(self, now: datetime) -> list[str]:
        """The targets whose interval has passed since their last check (or never checked)."""
        due = []
        for slug, target in self.targets.items():
            checked_at = self.records[slug].checked_at
            if checked_at is None or (now - checked_at).total_seconds() >= target.interval_seconds:
                due.append(slug)
        return due


T = TypeVar("T")


def run_sync(work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work()`` to completion from synchronous code and return its result.

    In a thread that already runs an event loop (a notebook, Playwright's sync API)
    ``asyncio.run`` refuses, so the work then runs on a fresh loop in a worker thread.
    """

    async def main() -> T:
        return await work()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


async def run_checks_forever(
    monitor: HealthMonitor, stop: asyncio.Event, *, poll_seconds: float = 1.0
) -> None:
    """Check each target whenever its interval has passed, until ``stop`` is set.

    The service's background task. A round that fails unexpectedly is logged and
    the loop goes on: health checks must never take the service down.
    """
    while not stop.is_set():
        due = monitor.due(monitor.now())
        if due:
            try:
                await monitor.check(due)
            except Exception:
                _logger.exception("health check round for %s failed", ", ".join(due))
        try:
            await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
        except TimeoutError:
            continue


def record_json(record: HealthRecord) -> dict[str, object]:
    """A record as JSON-ready values (timestamps in ISO 8601, UTC), for the API and CLI."""
    return {
        "provider": record.slug,
        "url": record.url,
        "status": str(record.status),
        "latency_ms": record.latency_ms,
        "checked_at": record.checked_at.isoformat() if record.checked_at else None,
        "last_error": record.last_error,
        "consecutive_failures": record.consecutive_failures,
        "recovered_at": record.recovered_at.isoformat() if record.recovered_at else None,
    }


_logger = logging.getLogger("dashtam.health")


def _current(stored: HealthRecord | None, target: HealthTarget) -> HealthRecord:
    """The stored record, pointed at the target's URL (it may have changed)."""
    if stored is not None and stored.url == target.url:
        return stored
    return HealthRecord(slug=target.slug, url=target.url)
