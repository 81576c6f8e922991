"""``create_app``: the one FastAPI application, its routes derived from the registry.

The routes are registered when the app is created (so the OpenAPI document and
the route table exist without a database); the services are built when it
starts, and the app refuses to start without ``TOKEN_ENCRYPTION_KEY`` or a
reachable, migrated database, naming the variable to set.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import BaseModel

from dashtam.core.container.providers import ImplementationLookup, implementation_class
from dashtam.core.health.monitor import run_checks_forever
from dashtam.core.service import start_services
from dashtam.core.settings import Settings
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.registry import PROVIDER_REGISTRY, as_registry
from dashtam.presentation.api.access_log import install_access_log_redaction
from dashtam.presentation.api.discovery_routes import add_discovery_routes
from dashtam.presentation.api.health_routes import add_health_routes
from dashtam.presentation.api.import_routes import add_import_routes
from dashtam.presentation.api.oauth_routes import add_oauth_routes

TITLE = "Dashtam"
DESCRIPTION = (
    "Dashtam's service: provider discovery, OAuth connections and file imports, every "
    "route derived from the provider registry."
)


def create_app(
    settings: Settings | None = None,
    *,
    provider_settings: BaseModel | None = None,
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    implementations: ImplementationLookup = implementation_class,
    health_checks: bool = True,
) -> FastAPI:
    """The application for ``registry`` (the real one by default).

    Args:
        settings: The service's settings; read from the environment at start-up
            when ``None``.
        provider_settings: What providers are configured from (``settings`` by default).
        registry: The registry routes are registered from.
        implementations: The container's class lookup for ``registry``.
        health_checks: Run the health checker in the background, each provider at
            its ``health_check_interval`` (results in the database and at
            ``/api/v1/providers/health``).
    """
    entries = as_registry(registry)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_access_log_redaction()
        services = start_services(
            settings,
            provider_settings=provider_settings,
            registry=entries,
            implementations=implementations,
        )
        app.state.services = services
        stop = asyncio.Event()
        checker = (
            asyncio.create_task(run_checks_forever(services.health, stop))
            if health_checks
            else None
        )
        try:
            yield
        finally:
            stop.set()
            if checker is not None:
                # A round in flight is abandoned at its next await (a probe); each
                # round's results are saved in one transaction, so none is half-written.
                checker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await checker
            services.close()

    app = FastAPI(title=TITLE, description=DESCRIPTION, version="1", lifespan=lifespan)
    add_health_routes(app)  # before discovery: /providers/health is not a slug
    add_discovery_routes(app, entries)
    add_oauth_routes(app, entries)
    add_import_routes(app)
    return app
