"""Health checks against local servers that answer, fail, crawl, hang or refuse.

The status rule (failures in a row: degraded, then down; recovery) is tested on its
own and as a property; probes and the monitor run against real servers on
127.0.0.1 (health_servers.py); the command runs on the real registry with its
endpoints pointed at those servers by ``--url``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import cycle

import pytest
from fixture_providers import FIXTURE_REGISTRY, KEYS_ENTRY, OAUTH_ENTRY, FixtureSlug
from health_servers import SLOW_SECONDS, HealthServers, health_servers
from hypothesis import given
from hypothesis import strategies as st

from dashtam.__main__ import main
from dashtam.core.health.monitor import HealthMonitor, HealthTarget, health_targets, run_sync
from dashtam.domain.providers import PROVIDER_REGISTRY, as_registry
from dashtam.domain.providers.health import (
    HealthPolicy,
    HealthRecord,
    HealthStatus,
    ProbeResult,
    advance,
)
from dashtam.infrastructure.health.probe import probe_all

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
OK = ProbeResult(ok=True, latency_ms=12.0)
FAIL = ProbeResult(ok=False, latency_ms=3.0, error="HTTP 500")
POLICY = HealthPolicy(degraded_after=1, down_after=3)


@pytest.fixture(scope="module")
def servers() -> Iterator[HealthServers]:
    with health_servers() as running:
        yield running


def _run(results: list[ProbeResult], policy: HealthPolicy = POLICY) -> list[HealthRecord]:
    record = HealthRecord(slug="fixture_keys", url="http://127.0.0.1/")
    records = []
    for minute, result in enumerate(results):
        record = advance(record, result, T0 + timedelta(minutes=minute), policy)
        records.append(record)
    return records


class TestStatusRule:
    def test_failures_in_a_row_make_degraded_then_down(self) -> None:
        statuses = [r.status for r in _run([OK, FAIL, FAIL, FAIL, FAIL])]
        assert statuses == ["up", "degraded", "degraded", "down", "down"]

    def test_a_success_recovers_and_records_when(self) -> None:
        records = _run([FAIL, FAIL, FAIL, OK])
        assert records[-1].status is HealthStatus.UP
        assert records[-1].recovered_at == T0 + timedelta(minutes=3)
        assert records[-1].consecutive_failures == 0
        assert records[-1].last_error == "HTTP 500", "the last error is kept after recovery"

    def test_success_after_success_is_no_recovery(self) -> None:
        assert _run([OK, OK])[-1].recovered_at is None

    def test_below_degraded_after_keeps_the_status(self) -> None:
        policy = HealthPolicy(degraded_after=2, down_after=4)
        assert [r.status for r in _run([OK, FAIL, FAIL], policy)] == ["up", "up", "degraded"]
        assert _run([FAIL], policy)[0].status is HealthStatus.UNKNOWN

    @pytest.mark.parametrize(("degraded", "down"), [(0, 3), (3, 2)])
    def test_policy_must_be_ordered(self, degraded: int, down: int) -> None:
        with pytest.raises(ValueError, match="1 <= degraded_after <= down_after"):
            HealthPolicy(degraded_after=degraded, down_after=down)

    @given(
        st.lists(st.booleans(), min_size=1, max_size=30),
        st.integers(1, 4),
        st.integers(0, 4),
    )
    def test_status_follows_the_trailing_failures(
        self, oks: list[bool], degraded_after: int, extra: int
    ) -> None:
        policy = HealthPolicy(degraded_after=degraded_after, down_after=degraded_after + extra)
        last = _run([OK if ok else FAIL for ok in oks], policy)[-1]
        trailing = len(oks) - (max(i for i, ok in enumerate(oks) if ok) + 1 if any(oks) else 0)
        assert last.consecutive_failures == trailing
        if trailing >= policy.down_after:
            assert last.status is HealthStatus.DOWN
        elif trailing >= policy.degraded_after:
            assert last.status is HealthStatus.DEGRADED
        elif oks[-1]:
            assert last.status is HealthStatus.UP


class TestProbes:
    def _probe(self, urls: dict[str, str], timeout: float = 1.0) -> dict[str, ProbeResult]:
        return run_sync(lambda: probe_all(urls, timeout_seconds=timeout, concurrency=8))

    def test_each_failure_mode(self, servers: HealthServers) -> None:
        started = time.perf_counter()
        results = self._probe(
            {
                "ok": f"{servers.base}/ok",
                "slow": f"{servers.base}/slow",
                "error": f"{servers.base}/error",
                "refused": servers.refused,
                "hung": servers.hung,
                "trickle": f"{servers.base}/trickle",
            },
            timeout=1.0,
        )
        elapsed = time.perf_counter() - started
        assert results["ok"].ok
        assert results["ok"].error is None
        assert results["slow"].ok
        assert results["slow"].latency_ms >= SLOW_SECONDS * 1000
        assert results["error"] == ProbeResult(
            ok=False, latency_ms=results["error"].latency_ms, error="HTTP 500"
        )
        assert not results["refused"].ok
        assert (results["refused"].error or "").startswith("connection failed")
        for name in ("hung", "trickle"):
            assert not results[name].ok
            assert results[name].error == "no answer within 1 s (timeout)", name
            assert 900 <= results[name].latency_ms < 1900, name
        assert elapsed < 3, "probes run concurrently and each stops at its deadline"

    def test_a_slow_answer_past_the_timeout_fails(self, servers: HealthServers) -> None:
        result = self._probe({"slow": f"{servers.base}/slow"}, timeout=0.1)["slow"]
        assert result.error == "no answer within 0.1 s (timeout)"

    def test_concurrency_is_bounded(self, servers: HealthServers) -> None:
        servers.state.max_active = 0
        urls = {f"p{n}": f"{servers.base}/busy?n={n}" for n in range(6)}
        results = run_sync(lambda: probe_all(urls, timeout_seconds=5, concurrency=2))
        assert all(result.ok for result in results.values())
        assert servers.state.max_active == 2

    def test_concurrency_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="concurrency must be at least 1"):
            run_sync(lambda: probe_all({}, concurrency=0))


class TestMonitor:
    def test_targets_come_from_the_registry(self) -> None:
        with_url = dataclasses.replace(KEYS_ENTRY, health_check_url="https://status.example.test/")
        registry = as_registry([OAUTH_ENTRY, with_url])
        assert health_targets(registry) == [
            HealthTarget(
                slug=FixtureSlug.KEYS,
                url="https://status.example.test/",
                interval_seconds=with_url.health_check_interval,
            )
        ]

    def test_real_targets_are_the_entries_with_a_url(self) -> None:
        expected = [str(e.slug) for e in PROVIDER_REGISTRY if e.health_check_url is not None]
        assert [target.slug for target in health_targets()] == expected

    def test_an_override_for_an_unknown_slug_names_the_registered_ones(self) -> None:
        with pytest.raises(ValueError, match="registered providers are") as caught:
            health_targets(FIXTURE_REGISTRY, {"fixture_nope": "http://127.0.0.1/"})
        assert "fixture_nope" in str(caught.value)
        assert all(str(entry.slug) in str(caught.value) for entry in FIXTURE_REGISTRY)

    def test_recovery_is_recorded(self, servers: HealthServers) -> None:
        target = HealthTarget(slug="fixture_keys", url=f"{servers.base}/flaky", interval_seconds=60)
        clock = iter(T0 + timedelta(minutes=n) for n in range(10))
        monitor = HealthMonitor([target], clock=lambda: next(clock), timeout_seconds=2)
        servers.state.flaky_ok = False
        statuses = [run_sync(monitor.check)[0].status for _ in range(3)]
        servers.state.flaky_ok = True
        recovered = run_sync(monitor.check)[0]
        assert statuses == ["degraded", "degraded", "down"]
        assert recovered.status is HealthStatus.UP
        assert recovered.recovered_at == T0 + timedelta(minutes=3)
        assert recovered.last_error == "HTTP 503"

    def test_due_follows_each_interval(self) -> None:
        fast = HealthTarget(slug="a", url="http://127.0.0.1:9/", interval_seconds=10)
        slow = HealthTarget(slug="b", url="http://127.0.0.1:9/", interval_seconds=300)
        monitor = HealthMonitor([fast, slow])
        assert monitor.due(T0) == ["a", "b"]
        for slug in ("a", "b"):
            monitor.records[slug] = dataclasses.replace(monitor.records[slug], checked_at=T0)
        assert monitor.due(T0 + timedelta(seconds=11)) == ["a"]
        assert monitor.due(T0 + timedelta(seconds=301)) == ["a", "b"]


class TestCommand:
    def test_table_in_each_failure_mode(
        self, servers: HealthServers, capsys: pytest.CaptureFixture[str]
    ) -> None:
        slugs = [str(e.slug) for e in PROVIDER_REGISTRY]
        modes = [f"{servers.base}/error", servers.refused, servers.hung]
        urls = [f"--url={slug}={url}" for slug, url in zip(slugs, cycle(modes), strict=False)]
        code = main(["health", "--timeout", "0.5", *urls])
        out = capsys.readouterr().out
        assert code == 1
        lines = out.splitlines()
        assert lines[0].split() == [
            "provider",
            "status",
            "latency",
            "failures",
            "last",
            "error",
            "endpoint",
        ]
        assert "HTTP 500" in out
        assert "connection failed" in out
        assert "no answer within 0.5 s" in out
        assert len(lines) == 1 + len(slugs)

    def test_rounds_as_json_go_degraded_then_down(
        self, servers: HealthServers, capsys: pytest.CaptureFixture[str]
    ) -> None:
        slug = str(PROVIDER_REGISTRY[0].slug)
        code = main(
            ["health", "--format", "json", "--rounds", "3", f"--url={slug}={servers.base}/error"]
        )
        rounds = json.loads(capsys.readouterr().out)["rounds"]
        assert code == 1
        mine = [next(r for r in round_ if r["provider"] == slug) for round_ in rounds]
        assert [r["status"] for r in mine] == ["degraded", "degraded", "down"]
        assert [r["consecutive_failures"] for r in mine] == [1, 2, 3]
        assert mine[-1]["last_error"] == "HTTP 500"

    def test_all_up_exits_zero(
        self, servers: HealthServers, capsys: pytest.CaptureFixture[str]
    ) -> None:
        urls = [f"--url={e.slug}={servers.base}/ok" for e in PROVIDER_REGISTRY]
        assert main(["health", *urls]) == 0
        assert "degraded" not in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("argument", "message"),
        [("--url=fixture_nope=http://127.0.0.1/", "fixture_nope"), ("--url=nourl", "SLUG=URL")],
    )
    def test_bad_url_arguments_are_named(
        self, argument: str, message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["health", argument]) == 2
        assert message in capsys.readouterr().err


def test_run_sync_works_where_an_event_loop_already_runs() -> None:
    async def inside_a_loop() -> int:
        return run_sync(lambda: asyncio.sleep(0, result=7))

    assert run_sync(inside_a_loop) == 7
