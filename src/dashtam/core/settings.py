"""Dashtam's settings, read from the environment and an optional ``.env`` file.

Every field is a field of some provider's configuration schema
(:mod:`dashtam.domain.providers.config`), which holds its type, default and
description: the shared parts are inherited, and each provider field is declared
with :func:`~dashtam.domain.providers.config.settings_field`. The env var is the
upper-case name (``schwab_app_key`` is read from ``SCHWAB_APP_KEY``). Secrets are
``SecretStr`` so they never show in a repr, a log line or an error message. A
schema's required fields are optional here: the app starts without any provider's
credentials and the container reports exactly which ones a provider still needs.
``python -m dashtam check`` verifies that every schema field is declared here alike.

Two fields belong to the service itself rather than to a provider:
``database_url`` and ``token_encryption_key`` (see :mod:`dashtam.core.database`
and :mod:`dashtam.core.tokens`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashtam.domain.providers.config import (
    AlpacaBaseUrl,
    AlpacaConfig,
    HttpBaseUrl,
    HttpClientConfig,
    OAuthRedirectConfig,
    SchwabConfig,
    settings_field,
)


class Settings(BaseSettings, OAuthRedirectConfig, HttpClientConfig):
    """Every setting Dashtam reads; each field's description is printed in the docs."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        case_sensitive=False,
        extra="ignore",
        frozen=False,
    )

    schwab_app_key: SecretStr | None = settings_field(SchwabConfig, "schwab_app_key")
    schwab_app_secret: SecretStr | None = settings_field(SchwabConfig, "schwab_app_secret")
    schwab_api_base_url: HttpBaseUrl = settings_field(SchwabConfig, "schwab_api_base_url")
    alpaca_base_url: AlpacaBaseUrl = settings_field(AlpacaConfig, "alpaca_base_url")

    disabled_providers: str = Field(
        default="",
        description=(
            "Comma-separated provider slugs to take out of service without a code change "
            "(e.g. schwab,alpaca): the container, the discovery API and OAuth authorize "
            "refuse them. An item that is not a registered slug stops start-up."
        ),
    )
    beta_providers: str = Field(
        default="",
        description=(
            "Comma-separated provider slugs to mark beta in the discovery API, in addition "
            "to the registry's beta=True entries."
        ),
    )

    database_url: str = Field(
        default="sqlite:///dashtam.db",
        description=(
            "Database URL: a SQLite file by default (sqlite:///dashtam.db, relative to the "
            "working directory), or postgresql://user:password@host:5432/dbname. Create or "
            "upgrade the schema with `python -m dashtam db upgrade`."
        ),
    )
    token_encryption_key: SecretStr | None = Field(
        default=None,
        description=(
            "Fernet key that encrypts provider tokens at rest and signs the OAuth browser "
            "cookie; the service refuses to start without it. Generate one with `python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.'
        ),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once; ``get_settings.cache_clear()`` re-reads them."""
    return Settings()


def env_var_name(field_name: str, model: type[BaseModel] = Settings) -> str:
    """The environment variable pydantic-settings reads ``field_name`` of ``model`` from.

    Follows the model's ``env_prefix`` and ``case_sensitive`` settings and a field's alias,
    so error messages and the docs name the variable pydantic-settings actually reads.
    A name the model has no field for gets the prefix-and-case rule alone.
    """
    config: Mapping[str, Any] = model.model_config
    field = model.model_fields.get(field_name)
    alias = None
    if field is not None:
        alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
    variable = alias or f"{config.get('env_prefix', '')}{field_name}"
    return variable if config.get("case_sensitive") else variable.upper()
