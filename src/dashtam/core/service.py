"""Everything the web service needs, built once at start-up from the settings.

:func:`start_services` is where the service refuses to start: without
``TOKEN_ENCRYPTION_KEY`` (named, with how to make one), without a reachable,
migrated database (``DATABASE_URL`` named), or with a ``DISABLED_PROVIDERS`` /
``BETA_PROVIDERS`` item that is not a registered slug. The web layer holds one
:class:`Services` and calls its members; it never touches infrastructure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dashtam.core.container.providers import (
    ImplementationLookup,
    get_oauth_provider,
    implementation_class,
)
from dashtam.core.flags import ProviderFlags, provider_flags
from dashtam.core.health.monitor import HealthMonitor, health_targets
from dashtam.core.oauth.browser import BrowserBinding
from dashtam.core.settings import Settings, get_settings
from dashtam.core.tokens import TokenCipher
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.protocols import OAuthProviderProtocol
from dashtam.domain.providers.registry import PROVIDER_REGISTRY, ProviderRegistry, as_registry

if TYPE_CHECKING:
    # The database layer loads at start-up, not on import: the docs build renders the
    # app's OpenAPI document without SQLAlchemy.
    from sqlalchemy import Engine

    from dashtam.core.connections import ConnectionStore
    from dashtam.core.oauth.flow import OAuthFlow
    from dashtam.core.oauth.state import OAuthStateStore


@dataclass(frozen=True, kw_only=True)
class Services:
    """The service's collaborators; no member's repr shows a secret."""

    settings: Settings
    provider_settings: BaseModel
    registry: ProviderRegistry
    implementations: ImplementationLookup
    engine: Engine
    cipher: TokenCipher
    states: OAuthStateStore
    connections: ConnectionStore
    browser: BrowserBinding
    flags: Mapping[str, ProviderFlags]
    health: HealthMonitor

    @functools.cached_property
    def flow(self) -> OAuthFlow:
        """The authorization-code flow over :attr:`states` and :meth:`oauth_provider`."""
        from dashtam.core.oauth.flow import OAuthFlow

        return OAuthFlow(self.oauth_provider, store=self.states)

    def ensure_enabled(self, slug: str) -> ProviderFlags:
        """The provider's flags, if it is enabled.

        Raises:
            ProviderDisabledError: ``DISABLED_PROVIDERS``, the registry's ``enabled`` or
                ``min_version`` takes it out of service; the message names which.
        """
        return self.flags[slug].ensure_enabled()

    def oauth_provider(self, slug: str) -> OAuthProviderProtocol:
        """The OAuth provider ``slug``, built by the container from the provider settings."""
        return get_oauth_provider(
            slug,
            self.provider_settings,
            registry=self.registry,
            implementations=self.implementations,
        )

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def start_services(
    settings: Settings | None = None,
    *,
    provider_settings: BaseModel | None = None,
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    implementations: ImplementationLookup = implementation_class,
    state_ttl: timedelta = timedelta(minutes=10),
) -> Services:
    """Build the services, or refuse with a message naming what to set.

    Args:
        settings: The service's settings; read from the environment by default.
        provider_settings: What providers are configured from; ``settings`` by
            default (tests pass their fixture registry's settings).
        registry: The provider registry the routes were registered from.
        implementations: The container's class lookup for ``registry``.
        state_ttl: How long an OAuth state waits for its callback.

    Raises:
        MissingEncryptionKeyError: ``TOKEN_ENCRYPTION_KEY`` is unset.
        DatabaseUnavailableError: The database is unreachable or not migrated.
        ProviderFlagsError: ``DISABLED_PROVIDERS`` or ``BETA_PROVIDERS`` lists
            something that is not a registered slug (every bad item named).
    """
    from dashtam.core.connections import ConnectionStore
    from dashtam.core.database import database_engine, ensure_ready
    from dashtam.core.oauth.state import OAuthStateStore
    from dashtam.infrastructure.db.health_store import SqlHealthStore

    resolved = settings if settings is not None else get_settings()
    services_registry = as_registry(registry)
    flags = provider_flags(resolved, services_registry)
    cipher = TokenCipher.from_settings(resolved)
    engine = database_engine(resolved)
    try:
        ensure_ready(engine)
    except Exception:
        engine.dispose()
        raise
    return Services(
        settings=resolved,
        provider_settings=provider_settings if provider_settings is not None else resolved,
        registry=services_registry,
        implementations=implementations,
        engine=engine,
        cipher=cipher,
        states=OAuthStateStore(engine, cipher, ttl=state_ttl),
        connections=ConnectionStore(engine, cipher),
        browser=BrowserBinding(cipher.signing_key),
        flags=flags,
        health=HealthMonitor(health_targets(services_registry), store=SqlHealthStore(engine)),
    )
