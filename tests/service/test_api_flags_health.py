"""Feature flags and health checks in the service, on the fixture registry.

Operators' overrides come from the settings the app starts with; health checks run
in the app's background task against local servers on 127.0.0.1.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from fixture_providers import (
    FILES_ENTRY,
    KEYS_ENTRY,
    OAUTH_ENTRY,
    fixture_implementation,
    fixture_settings,
)
from health_servers import HealthServers, health_servers
from service_app import PUBLIC_BASE_URL, service_settings
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashtam.core.database import database_engine, upgrade_database
from dashtam.core.flags import ProviderFlagsError
from dashtam.core.health.monitor import HealthMonitor, HealthTarget, run_sync
from dashtam.domain.providers import ProviderRegistry
from dashtam.infrastructure.db.health_store import SqlHealthStore
from dashtam.infrastructure.db.models import ProviderRow
from dashtam.presentation.api import create_app

KEYS, FILES, OAUTH = (str(entry.slug) for entry in (KEYS_ENTRY, FILES_ENTRY, OAUTH_ENTRY))
REGISTRY = ProviderRegistry([OAUTH_ENTRY, KEYS_ENTRY, FILES_ENTRY])


@contextmanager
def running(
    database_url: str, registry: ProviderRegistry = REGISTRY, **settings_values: object
) -> Iterator[TestClient]:
    settings = service_settings(database_url, **settings_values)
    engine = database_engine(settings)
    upgrade_database(engine, registry)
    engine.dispose()
    app = create_app(
        settings,
        provider_settings=fixture_settings(public_base_url=PUBLIC_BASE_URL),
        registry=registry,
        implementations=fixture_implementation,
    )
    with TestClient(app) as client:
        yield client


def slugs(document: dict[str, list[dict[str, object]]]) -> list[object]:
    return [record["slug"] for record in document["providers"]]


@pytest.fixture(scope="module")
def servers() -> Iterator[HealthServers]:
    with health_servers() as started:
        yield started


class TestFlags:
    def test_discovery_hides_disabled_and_marks_beta(self, database_url: str) -> None:
        with running(database_url, disabled_providers=KEYS, beta_providers=FILES) as client:
            listed = client.get("/api/v1/providers").json()
            everything = client.get("/api/v1/providers?include_disabled=true").json()
            hidden = client.get(f"/api/v1/providers/{KEYS}")
            shown = client.get(f"/api/v1/providers/{KEYS}?include_disabled=true")
        assert slugs(listed) == [OAUTH, FILES]
        assert {r["slug"]: r["beta"] for r in listed["providers"]} == {OAUTH: False, FILES: True}
        assert slugs(everything) == [OAUTH, KEYS, FILES]
        assert [r["enabled"] for r in everything["providers"]] == [True, False, True]
        assert hidden.status_code == 404
        assert hidden.json()["detail"] == (
            f"Provider {KEYS} is disabled by DISABLED_PROVIDERS. Remove {KEYS} from "
            f"DISABLED_PROVIDERS to enable it. Add ?include_disabled=true to see its record "
            f"anyway."
        )
        assert shown.status_code == 200
        assert shown.json()["enabled"] is False

    def test_a_registry_disabled_provider_is_hidden_too(self, database_url: str) -> None:
        registry = ProviderRegistry([OAUTH_ENTRY, replace(KEYS_ENTRY, enabled=False)])
        with running(database_url, registry) as client:
            assert slugs(client.get("/api/v1/providers").json()) == [OAUTH]
            detail = client.get(f"/api/v1/providers/{KEYS}").json()["detail"]
        assert "enabled=False" in detail

    def test_authorize_refuses_a_disabled_provider(self, database_url: str) -> None:
        with running(database_url, disabled_providers=OAUTH) as client:
            answer = client.get(f"/oauth/{OAUTH}/authorize", follow_redirects=False)
        assert answer.status_code == 403
        assert "disabled by DISABLED_PROVIDERS" in answer.text
        assert f"Remove {OAUTH} from DISABLED_PROVIDERS to enable it." in answer.text
        assert "location" not in answer.headers

    def test_a_provider_disabled_mid_flow_refuses_its_callback_and_refresh(
        self, database_url: str
    ) -> None:
        with running(database_url) as client:
            begun = client.get(f"/oauth/{OAUTH}/authorize", follow_redirects=False)
        assert begun.status_code == 302
        state = begun.headers["location"].split("state=")[1].split("&")[0]
        with running(database_url, disabled_providers=OAUTH) as client:
            callback = client.get(f"/oauth/{OAUTH}/callback?state={state}&code=any-code")
            refresh = client.post(f"/api/v1/connections/{OAUTH}/refresh")
        assert callback.status_code == 403
        assert "disabled by DISABLED_PROVIDERS" in callback.text
        assert refresh.status_code == 403
        assert "disabled by DISABLED_PROVIDERS" in refresh.json()["detail"]

    def test_a_hostile_override_stops_start_up(self, database_url: str) -> None:
        hostile = f",,{KEYS}, {KEYS.upper()} ,<script>"
        with (
            pytest.raises(ProviderFlagsError) as raised,
            running(database_url, disabled_providers=hostile),
        ):
            pass
        message = str(raised.value)
        assert f"did you mean {KEYS!r}?" in message
        assert "'\\x3cscript\\x3e', is not a registered slug" in message
        assert f"Registered providers: {OAUTH}, {KEYS}, {FILES}." in message

    def test_the_seed_records_the_flags(self, engine: Engine) -> None:
        flagged = replace(KEYS_ENTRY, enabled=False, beta=True, min_version="0.2")
        upgrade_database(engine, ProviderRegistry([OAUTH_ENTRY, flagged]))
        report = upgrade_database(engine, ProviderRegistry([OAUTH_ENTRY, KEYS_ENTRY])).seed
        assert report.updated == [KEYS]
        upgrade_database(engine, ProviderRegistry([OAUTH_ENTRY, flagged]))
        with Session(engine) as session:
            rows = {row.slug: row for row in session.scalars(select(ProviderRow))}
        assert (rows[KEYS].enabled, rows[KEYS].beta, rows[KEYS].min_version) == (
            False,
            True,
            "0.2",
        )
        assert (rows[OAUTH].enabled, rows[OAUTH].beta, rows[OAUTH].min_version) == (
            True,
            False,
            None,
        )


class TestHealth:
    def test_background_checks_are_served_and_stored(
        self, database_url: str, servers: HealthServers
    ) -> None:
        registry = ProviderRegistry(
            [
                replace(OAUTH_ENTRY, health_check_url=f"{servers.base}/ok"),
                replace(KEYS_ENTRY, health_check_url=f"{servers.base}/error"),
                FILES_ENTRY,
            ]
        )
        with running(database_url, registry) as client:
            deadline = time.monotonic() + 10
            while True:
                records = client.get("/api/v1/providers/health").json()["providers"]
                if all(record["checked_at"] for record in records) or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            one = client.get(f"/api/v1/providers/{KEYS}/health")
            unchecked = client.get(f"/api/v1/providers/{FILES}/health")
            unknown = client.get("/api/v1/providers/fixture_nope/health")
        by_slug = {record["provider"]: record for record in records}
        assert set(by_slug) == {OAUTH, KEYS}
        assert by_slug[OAUTH]["status"] == "up"
        assert by_slug[KEYS]["status"] == "degraded"
        assert by_slug[KEYS]["last_error"] == "HTTP 500"
        assert by_slug[KEYS]["consecutive_failures"] == 1
        assert one.json() == by_slug[KEYS]
        assert unchecked.status_code == 404
        assert "has no health_check_url" in unchecked.json()["detail"]
        assert unknown.status_code == 404
        assert f"Registered providers: {OAUTH}, {KEYS}, {FILES}." in unknown.json()["detail"]
        settings = service_settings(database_url)
        engine = database_engine(settings)
        try:
            stored = SqlHealthStore(engine).load()
        finally:
            engine.dispose()
        assert stored[KEYS].status == "degraded"
        assert stored[KEYS].checked_at is not None
        assert stored[OAUTH].latency_ms is not None

    def test_failures_count_on_across_restarts(
        self, engine: Engine, servers: HealthServers
    ) -> None:
        """Each monitor starts from the stored records, as the app does after a restart."""
        upgrade_database(engine, REGISTRY)
        target = HealthTarget(slug=KEYS, url=f"{servers.base}/error", interval_seconds=10)
        statuses = []
        for _ in range(3):
            monitor = HealthMonitor([target], store=SqlHealthStore(engine), timeout_seconds=2)
            statuses.append(str(run_sync(monitor.check)[0].status))
        assert statuses == ["degraded", "degraded", "down"]
        restarted = HealthMonitor([target], store=SqlHealthStore(engine))
        assert restarted.due(restarted.now()) == [], "a restart respects the interval"
        moved = HealthTarget(slug=KEYS, url=f"{servers.base}/ok", interval_seconds=10)
        assert HealthMonitor([moved], store=SqlHealthStore(engine)).records[KEYS].status == (
            "unknown"
        ), "a record of another URL is not carried over"
