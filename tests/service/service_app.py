"""Builds the real app on a fixture registry whose OAuth provider lives at a local server."""

from __future__ import annotations

from dataclasses import replace

from cryptography.fernet import Fernet
from fastapi import FastAPI
from fixture_providers import (
    FILES_ENTRY,
    KEYS_ENTRY,
    OAUTH_ENTRY,
    OAUTH_SETUP,
    fixture_implementation,
    fixture_settings,
)

from dashtam.core.database import database_engine, upgrade_database
from dashtam.core.settings import Settings
from dashtam.domain.providers import ProviderRegistry
from dashtam.presentation.api import create_app

PUBLIC_BASE_URL = "http://testserver"


def local_registry(authorization_server: str) -> ProviderRegistry:
    """The fixture registry, its OAuth endpoints on ``authorization_server``."""
    setup = replace(
        OAUTH_SETUP,
        authorization_url=f"{authorization_server}/authorize",
        token_url=f"{authorization_server}/token",
    )
    return ProviderRegistry([replace(OAUTH_ENTRY, setup=setup), KEYS_ENTRY, FILES_ENTRY])


def service_settings(database_url: str, **values: object) -> Settings:
    """Settings with a fresh key and ``database_url``, no .env file read."""
    fields: dict[str, object] = {
        "database_url": database_url,
        "token_encryption_key": Fernet.generate_key().decode(),
        "public_base_url": PUBLIC_BASE_URL,
        **values,
    }
    return Settings(_env_file=None, **fields)  # type: ignore[call-arg]


def fixture_app(
    database_url: str, registry: ProviderRegistry, **provider_values: object
) -> tuple[FastAPI, Settings]:
    """The app on ``registry`` with a migrated, seeded database."""
    settings = service_settings(database_url)
    engine = database_engine(settings)
    upgrade_database(engine, registry)
    engine.dispose()
    app = create_app(
        settings,
        provider_settings=fixture_settings(public_base_url=PUBLIC_BASE_URL, **provider_values),
        registry=registry,
        implementations=fixture_implementation,
    )
    return app, settings
