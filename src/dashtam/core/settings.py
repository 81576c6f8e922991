"""Dashtam's settings, read from the environment and an optional ``.env`` file.

Field names are the names the registry's ``required_settings`` use; the env var is
the upper-case name (``schwab_app_key`` is read from ``SCHWAB_APP_KEY``). Secrets
are ``SecretStr`` so they never show in a repr, a log line or an error message.
Provider credentials default to ``None``: the app starts without them and the
container reports exactly which ones a provider still needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting Dashtam reads; each field's description is printed in the docs."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        case_sensitive=False,
        extra="ignore",
    )

    schwab_app_key: SecretStr | None = Field(
        default=None,
        description=(
            "App Key of your application on the Schwab Developer Portal; the OAuth "
            "client ID Dashtam presents to Schwab."
        ),
    )
    schwab_app_secret: SecretStr | None = Field(
        default=None,
        description=(
            "App Secret of your application on the Schwab Developer Portal; the OAuth "
            "client secret used to exchange and refresh tokens."
        ),
    )
    public_base_url: str = Field(
        default="http://localhost:8000",
        description=(
            "Public base URL of this Dashtam instance, as the user's browser reaches it. "
            "OAuth redirect URIs are this URL plus /oauth/<provider>/callback; register "
            "exactly that URI with the provider."
        ),
    )
    alpaca_base_url: str = Field(
        default="https://paper-api.alpaca.markets",
        description=(
            "Alpaca Trading API base URL: https://paper-api.alpaca.markets for paper "
            "trading accounts, https://api.alpaca.markets for live accounts."
        ),
    )
    provider_http_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description=(
            "Seconds to wait for a provider's API to connect, send or answer before the "
            "attempt counts as failed."
        ),
    )
    provider_http_max_retries: int = Field(
        default=3,
        ge=0,
        le=10,
        description=(
            "How many times a provider request is retried after a rate limit (429), a "
            "server error (5xx) or a timeout, with exponential backoff."
        ),
    )
    provider_http_max_backoff_seconds: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Longest wait between two attempts, even when the provider's Retry-After "
            "header asks for more; past it the call fails as rate limited."
        ),
    )

    @field_validator("public_base_url", "alpaca_base_url")
    @classmethod
    def _http_url_without_trailing_slash(cls, value: str) -> str:
        """Paths are appended to these URLs, so a trailing slash would double up."""
        cleaned = value.strip().rstrip("/")
        parts = urlsplit(cleaned)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"must be an http:// or https:// URL such as https://example.com, got {value!r}"
            )
        return cleaned


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
