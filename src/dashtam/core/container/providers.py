"""The registry-driven provider container: the only place providers are constructed.

:func:`get_provider` follows the design's three steps: look the slug up in the
registry (an unknown slug is a ``ValueError`` listing the registered ones), refuse
it if it is disabled or too new for this Dashtam (:mod:`dashtam.core.flags`), build
the entry's configuration object from the settings (:func:`provider_config`, which
names every unset or invalid env var at once), then import and construct the
implementation lazily in :func:`build_provider`. Instances are cached per entry per
``Settings`` object, so a test's settings never leak a provider into the
application's.

:func:`implementation_class` holds the one ``match`` from slug to class; the
construction itself is the same for every provider (see
:func:`constructor_keywords`), so adding a provider means adding one ``case``.
The registry and the class lookup are parameters, so mechanism tests run the
container on their own fixture registries and implementations.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel, SecretStr, ValidationError
from pydantic_core import ErrorDetails

from dashtam.core.container.errors import (
    ProviderConfigError,
    ProviderNotConfiguredError,
    UnimplementedProviderError,
)
from dashtam.core.flags import ensure_available
from dashtam.core.oauth.routes import oauth_redirect_uri
from dashtam.core.settings import env_var_name, get_settings
from dashtam.domain.providers.config import (
    HttpClientConfig,
    OAuthRedirectConfig,
    ProviderConfig,
    config_fields,
    required_fields,
)
from dashtam.domain.providers.config import settings_read_by as _entry_settings
from dashtam.domain.providers.enums import Provider, ProviderAuthType
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.protocols import OAuthProviderProtocol, ProviderProtocol
from dashtam.domain.providers.registry import (
    PROVIDER_REGISTRY,
    REGISTRY_SOURCE,
    as_registry,
    get_oauth_providers,
    get_provider_metadata,
)
from dashtam.domain.providers.validation import SETUP_TYPES

if TYPE_CHECKING:
    from dashtam.infrastructure.providers.http import ProviderHttpClient

#: Looks up the implementation class of a slug; :func:`implementation_class` by default.
ImplementationLookup = Callable[[str], type[ProviderProtocol]]

_MASK: Final = "**********"


def implementation_class(slug: Provider | str) -> type[ProviderProtocol]:
    """The class implementing ``slug``, imported on first use: the container's one match.

    Raises:
        UnimplementedProviderError: No case handles ``slug``.
    """
    match slug:
        case Provider.SCHWAB:
            from dashtam.infrastructure.providers.schwab import SchwabProvider

            return SchwabProvider
        case Provider.ALPACA:
            from dashtam.infrastructure.providers.alpaca import AlpacaProvider

            return AlpacaProvider
        case Provider.CHASE_FILE:
            from dashtam.infrastructure.providers.chase import ChaseFileProvider

            return ChaseFileProvider
        case _:
            raise UnimplementedProviderError(str(slug))


def constructor_keywords(metadata: ProviderMetadata) -> tuple[str, ...]:
    """The keyword arguments :func:`build_provider` passes the implementation of ``metadata``.

    - ``config``: the validated config object (``settings``, the whole ``Settings``,
      for an entry without a ``config_schema``);
    - ``setup``: the entry's setup record, when it has one;
    - ``http``: a ``ProviderHttpClient`` built from the config, when the schema
      includes :class:`HttpClientConfig`;
    - ``redirect_uri``: the public base URL plus the provider's callback path, when
      the schema includes :class:`OAuthRedirectConfig`.
    """
    schema = metadata.config_schema
    keywords = ["config" if schema is not None else "settings"]
    if metadata.setup is not None:
        keywords.append("setup")
    if schema is not None and issubclass(schema, HttpClientConfig):
        keywords.append("http")
    if schema is not None and issubclass(schema, OAuthRedirectConfig):
        keywords.append("redirect_uri")
    return tuple(keywords)


def provider_config(metadata: ProviderMetadata, settings: BaseModel) -> ProviderConfig | None:
    """The entry's config object, validated from ``settings``; ``None`` without a schema.

    Unset means ``None`` or blank. An entry without a ``config_schema`` is checked
    against its ``required_settings`` alone.

    Raises:
        ProviderNotConfiguredError: Required settings are unset, or the settings
            model lacks a field the provider reads; every one is named at once.
        ProviderConfigError: A value is invalid; the env var and the problem are
            named, the value is not.
    """
    slug = str(metadata.slug)
    model = type(settings)
    schema = metadata.config_schema
    schema_fields = config_fields(schema) if schema is not None else ()
    required = {*metadata.required_settings, *(required_fields(schema) if schema else ())}
    names = dict.fromkeys([*schema_fields, *metadata.required_settings])
    unknown = [name for name in names if name not in model.model_fields]
    missing: list[str] = []
    values: dict[str, object] = {}
    for name in names:
        if name in unknown:
            continue
        value = getattr(settings, name)
        if _is_unset(value):
            if name in required:
                missing.append(env_var_name(name, model))
        elif name in schema_fields:
            values[name] = value
    if missing or unknown:
        raise ProviderNotConfiguredError(slug, missing_env_vars=missing, unknown_fields=unknown)
    if schema is None:
        return None
    try:
        return schema.model_validate(values)
    except ValidationError as error:
        invalid = [_invalid(detail, values, model) for detail in error.errors()]
        raise ProviderConfigError(slug, invalid=invalid) from None


def build_provider(
    metadata: ProviderMetadata,
    settings: BaseModel,
    *,
    implementations: ImplementationLookup = implementation_class,
) -> ProviderProtocol:
    """Validate the entry's config and construct its implementation: the one factory.

    It does not cache (that is :func:`get_provider`'s job).

    Raises:
        UnimplementedProviderError: The registry lists a slug no case handles.
        ProviderConfigError: See :func:`provider_config`.
        ValueError: The entry's setup record does not match its auth type.
    """
    implementation: Callable[..., ProviderProtocol] = implementations(str(metadata.slug))
    expected_setup = SETUP_TYPES.get(metadata.auth_type)
    if expected_setup is not None and not isinstance(metadata.setup, expected_setup):
        raise ValueError(
            f"Provider {metadata.slug}'s registry entry needs setup={expected_setup.__name__}(...) "
            f"in {REGISTRY_SOURCE}: its implementation reads endpoints and headers from it."
        )
    config = provider_config(metadata, settings)
    arguments = {
        keyword: _ARGUMENTS[keyword](metadata, config, settings)
        for keyword in constructor_keywords(metadata)
    }
    return implementation(**arguments)


def get_provider(
    slug: Provider | str,
    settings: BaseModel | None = None,
    *,
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    implementations: ImplementationLookup = implementation_class,
) -> ProviderProtocol:
    """The provider registered under ``slug``, built from ``settings`` (the app's by default).

    Raises:
        ValueError: ``slug`` is not in ``registry``; the message lists the registered
            slugs.
        ProviderNotConfiguredError: A required setting is unset (a ``ValueError``
            naming every missing env var).
        ProviderConfigError: A setting's value is invalid.
        UnimplementedProviderError: The slug is registered but not implemented.
        ProviderDisabledError: The provider is disabled (``DISABLED_PROVIDERS`` or
            ``enabled=False``) or needs a newer Dashtam (``min_version``).
        ProviderFlagsError: ``DISABLED_PROVIDERS``/``BETA_PROVIDERS`` name an
            unregistered slug.
    """
    entries = as_registry(registry)
    metadata = get_provider_metadata(slug, entries)
    resolved = settings if settings is not None else get_settings()
    ensure_available(metadata, resolved, entries)
    return _INSTANCES.get_or_build(
        resolved,
        metadata,
        implementations,
        lambda: build_provider(metadata, resolved, implementations=implementations),
    )


def get_oauth_provider(
    slug: Provider | str,
    settings: BaseModel | None = None,
    *,
    registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    implementations: ImplementationLookup = implementation_class,
) -> OAuthProviderProtocol:
    """Like :func:`get_provider`, for a slug the registry says authenticates with OAuth."""
    entries = as_registry(registry)
    metadata = get_provider_metadata(slug, entries)
    if metadata.auth_type is not ProviderAuthType.OAUTH:
        oauth = ", ".join(sorted(str(s) for s in get_oauth_providers(entries))) or "(none)"
        raise ValueError(
            f"Provider {metadata.slug} authenticates with {metadata.auth_type.label}, not "
            f"OAuth, so it has no authorization flow. OAuth providers: {oauth}."
        )
    provider = get_provider(
        metadata.slug, settings, registry=entries, implementations=implementations
    )
    if not isinstance(provider, OAuthProviderProtocol):
        raise TypeError(
            f"Provider {metadata.slug} is registered as OAuth but {type(provider).__name__} "
            f"lacks authorization_url/exchange_code/refresh_tokens."
        )
    return provider


def is_oauth_provider(
    slug: Provider | str, registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY
) -> bool:
    """Whether ``slug`` authenticates with OAuth, answered by the registry alone."""
    return slug in get_oauth_providers(registry)


def settings_read_by(
    slug: Provider | str, registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY
) -> tuple[str, ...]:
    """Every settings field the implementation of ``slug`` is built from: its schema's fields.

    Raises:
        ValueError: ``slug`` is not in ``registry``.
    """
    return _entry_settings(get_provider_metadata(slug, registry))


def clear_provider_cache() -> None:
    """Forget every cached instance, e.g. after ``get_settings.cache_clear()``."""
    _INSTANCES.clear()


def _is_unset(value: object) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value is None or (isinstance(value, str) and not value.strip())


def _invalid(
    detail: ErrorDetails, values: dict[str, object], model: type[BaseModel]
) -> tuple[str, str]:
    """``(env var, problem)`` for one pydantic error, with any secret value masked."""
    name = str(detail["loc"][0]) if detail["loc"] else "?"
    message = detail["msg"]
    value = values.get(name)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
        message = message.replace(value, _MASK) if value else message
        message = message.replace(repr(value), _MASK) if value else message
    return env_var_name(name, model), message


def _http_argument(
    metadata: ProviderMetadata, config: ProviderConfig | None, settings: BaseModel
) -> object:
    assert isinstance(config, HttpClientConfig)
    return _http_client(str(metadata.slug), config)


def _redirect_uri_argument(
    metadata: ProviderMetadata, config: ProviderConfig | None, settings: BaseModel
) -> object:
    assert isinstance(config, OAuthRedirectConfig)
    return oauth_redirect_uri(config.public_base_url, metadata.slug)


#: How each keyword of :func:`constructor_keywords` is produced.
_ARGUMENTS: Final[
    dict[str, Callable[[ProviderMetadata, ProviderConfig | None, BaseModel], object]]
] = {
    "config": lambda metadata, config, settings: config,
    "settings": lambda metadata, config, settings: settings,
    "setup": lambda metadata, config, settings: metadata.setup,
    "http": _http_argument,
    "redirect_uri": _redirect_uri_argument,
}


def _http_client(slug: str, config: HttpClientConfig) -> ProviderHttpClient:
    from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy

    return ProviderHttpClient(
        slug,
        policy=RetryPolicy(
            timeout_seconds=config.provider_http_timeout_seconds,
            max_retries=config.provider_http_max_retries,
            max_delay_seconds=config.provider_http_max_backoff_seconds,
            deadline_seconds=config.provider_http_deadline_seconds,
            max_response_bytes=config.provider_http_max_response_bytes,
        ),
    )


_Key = tuple[ProviderMetadata, ImplementationLookup]


class _InstanceCache:
    """Providers by registry entry, per live settings object.

    Settings are mutable pydantic models and so unhashable; entries are keyed by
    identity and dropped by a weak-reference callback when the settings object is
    garbage-collected, so the cache never outlives nor confuses settings.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._entries: dict[int, tuple[weakref.ref[BaseModel], dict[_Key, ProviderProtocol]]] = {}

    def get_or_build(
        self,
        settings: BaseModel,
        metadata: ProviderMetadata,
        implementations: ImplementationLookup,
        build: Callable[[], ProviderProtocol],
    ) -> ProviderProtocol:
        key = id(settings)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0]() is not settings:
                entry = (weakref.ref(settings, self._forget(key)), {})
                self._entries[key] = entry
            instances = entry[1]
            instance_key = (metadata, implementations)
            if instance_key not in instances:
                instances[instance_key] = build()
            return instances[instance_key]

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _forget(self, key: int) -> Callable[[weakref.ref[BaseModel]], None]:
        def forget(reference: weakref.ref[BaseModel]) -> None:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] is reference:
                    del self._entries[key]

        return forget


_INSTANCES: Final = _InstanceCache()

__all__ = [
    "ImplementationLookup",
    "build_provider",
    "clear_provider_cache",
    "constructor_keywords",
    "get_oauth_provider",
    "get_provider",
    "implementation_class",
    "is_oauth_provider",
    "provider_config",
    "settings_read_by",
]
