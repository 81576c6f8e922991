"""Provider configuration schemas: each provider's settings as one typed pydantic model.

A registry entry names its schema as ``config_schema``; the container validates the
schema's fields from ``Settings`` and hands the implementation the resulting frozen
object, so an implementation never reads settings by name. A field's name is the
flat settings name (``schwab_app_key``, read from ``SCHWAB_APP_KEY``), and its type,
default, constraints, allowed values and description are written here, once:
``Settings`` declares each provider field with :func:`settings_field`, which copies
them, and inherits the shared parts (:class:`HttpClientConfig`,
:class:`OAuthRedirectConfig`) outright.

Required fields have no default. ``Settings`` still lets them be unset (the app
starts without any provider's credentials); the container then names every unset
one at once. ``python -m dashtam check`` verifies that schema, the entry's
``required_settings`` and ``Settings`` agree.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretBytes, SecretStr

if TYPE_CHECKING:
    from dashtam.domain.providers.metadata import ProviderMetadata

#: Where the schemas live, for error messages.
CONFIG_SOURCE: Final = "src/dashtam/domain/providers/config.py"


def _http_base_url(value: str) -> str:
    """Paths are appended to these URLs, so a trailing slash would double up."""
    cleaned = value.strip().rstrip("/")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"must be an http:// or https:// URL such as https://example.com, got {value!r}"
        )
    return cleaned


#: An http(s) URL that paths are appended to; stored without a trailing slash.
HttpBaseUrl = Annotated[str, AfterValidator(_http_base_url)]


class ProviderConfig(BaseModel):
    """Base of every provider configuration schema: immutable, and no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class HttpClientConfig(ProviderConfig):
    """The shared HTTP client's settings; every provider that calls an API includes them.

    The container builds the implementation's ``http`` client from these fields.
    """

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
    provider_http_deadline_seconds: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description=(
            "Total seconds one provider call may take: connecting, a slow answer, every "
            "retry and every wait between them. Past it the call fails as unavailable."
        ),
    )
    provider_http_max_response_bytes: int = Field(
        default=16 * 1024 * 1024,
        gt=0,
        description=(
            "Largest provider response read, in bytes; a longer one is refused while it "
            "is being read."
        ),
    )


class OAuthRedirectConfig(ProviderConfig):
    """What an OAuth provider's redirect URI is made of; every OAuth schema includes it.

    The container passes the implementation ``redirect_uri=`` built from this base URL
    and the provider's callback path.
    """

    public_base_url: HttpBaseUrl = Field(
        default="http://localhost:8000",
        description=(
            "Public base URL of this Dashtam instance, as the user's browser reaches it. "
            "OAuth redirect URIs are this URL plus /oauth/<provider>/callback; register "
            "exactly that URI with the provider."
        ),
    )


class SchwabConfig(OAuthRedirectConfig, HttpClientConfig):
    """Charles Schwab: the OAuth app's credentials and the Trader API's host."""

    schwab_app_key: SecretStr = Field(
        description=(
            "App Key of your application on the Schwab Developer Portal; the OAuth "
            "client ID Dashtam presents to Schwab."
        ),
    )
    schwab_app_secret: SecretStr = Field(
        description=(
            "App Secret of your application on the Schwab Developer Portal; the OAuth "
            "client secret used to exchange and refresh tokens."
        ),
    )
    schwab_api_base_url: HttpBaseUrl = Field(
        default="https://api.schwabapi.com",
        description=(
            "Base URL of Schwab's APIs; the Trader API (accounts and transactions) is "
            "served under /trader/v1 on it."
        ),
    )


#: Alpaca's two Trading API hosts: paper trading and live trading.
AlpacaBaseUrl = Literal["https://paper-api.alpaca.markets", "https://api.alpaca.markets"]


class AlpacaConfig(HttpClientConfig):
    """Alpaca Markets: which Trading API to call. Keys are per user, not settings."""

    alpaca_base_url: AlpacaBaseUrl = Field(
        default="https://paper-api.alpaca.markets",
        description=(
            "Alpaca Trading API base URL: https://paper-api.alpaca.markets for paper "
            "trading accounts, https://api.alpaca.markets for live accounts."
        ),
    )


class ChaseFileConfig(ProviderConfig):
    """Chase file import reads no settings: users upload files, there is no API."""


def config_fields(schema: type[ProviderConfig]) -> tuple[str, ...]:
    """The settings names ``schema`` reads: its own fields first, then each part's, in order."""
    declared = (
        name
        for cls in schema.__mro__
        for name in vars(cls).get("__annotations__", {})
        if name in schema.model_fields
    )
    return tuple(dict.fromkeys([*declared, *schema.model_fields]))


def required_fields(schema: type[ProviderConfig]) -> tuple[str, ...]:
    """The fields of ``schema`` without a default: they must be set for the provider to work."""
    return tuple(name for name in config_fields(schema) if schema.model_fields[name].is_required())


def settings_read_by(entry: ProviderMetadata) -> tuple[str, ...]:
    """Every setting the implementation of ``entry`` is built from.

    The schema's fields; an entry without a schema (not migrated yet) reads exactly
    its ``required_settings``, as far as anything here can tell.
    """
    schema = entry.config_schema
    return config_fields(schema) if schema is not None else tuple(entry.required_settings)


def is_secret(annotation: object) -> bool:
    """Whether a field's type is or contains ``SecretStr``/``SecretBytes`` (``| None`` counts)."""
    if isinstance(annotation, type) and issubclass(annotation, SecretStr | SecretBytes):
        return True
    return any(is_secret(argument) for argument in typing.get_args(annotation))


def settings_field(schema: type[ProviderConfig], name: str) -> Any:
    """The ``Settings`` field for ``schema``'s field ``name``: its description and default.

    A required schema field gets ``default=None`` (declare it ``<type> | None``), so
    the app starts without it and the container names it when a provider needs it.
    Declare the field with the schema's own type: constraints and allowed values
    travel with the type, and ``python -m dashtam check`` compares the two.

    Raises:
        ValueError: ``schema`` has no field ``name``.
    """
    source = schema.model_fields.get(name)
    if source is None:
        raise ValueError(
            f"settings_field({schema.__name__}, {name!r}): {schema.__name__} has no field "
            f"{name!r} (it has {', '.join(config_fields(schema)) or 'none'}). Add the field "
            f"to {schema.__name__} in {CONFIG_SOURCE} or fix the name in Settings."
        )
    default = None if source.is_required() else source.default
    return Field(default=default, description=source.description)


__all__ = [
    "CONFIG_SOURCE",
    "AlpacaBaseUrl",
    "AlpacaConfig",
    "ChaseFileConfig",
    "HttpBaseUrl",
    "HttpClientConfig",
    "OAuthRedirectConfig",
    "ProviderConfig",
    "SchwabConfig",
    "config_fields",
    "is_secret",
    "required_fields",
    "settings_field",
    "settings_read_by",
]
