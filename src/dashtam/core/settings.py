"""Dashtam's settings, read from the environment and an optional ``.env`` file.

Field names are the names the registry's ``required_settings`` use; the env var is
the upper-case name (``schwab_app_key`` is read from ``SCHWAB_APP_KEY``). Secrets
are ``SecretStr`` so they never show in a repr, a log line or an error message.
Provider credentials default to ``None``: the app starts without them and the
container reports exactly which ones a provider still needs.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once; ``get_settings.cache_clear()`` re-reads them."""
    return Settings()


def env_var_name(field_name: str) -> str:
    """The environment variable a settings field is read from."""
    return field_name.upper()
