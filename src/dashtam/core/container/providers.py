"""The registry-driven provider container: the only place providers are constructed.

:func:`get_provider` follows the design's three steps: look the slug up in the
registry (an unknown slug is a ``ValueError`` listing the registered ones), check
the settings the registry requires (naming every missing env var at once), then
import and construct the implementation lazily in :func:`build_provider`, the one
factory. Instances are cached per slug per ``Settings`` object, so a test's
settings never leak a provider into the application's.

Which settings each implementation reads is declared once, in
:data:`SETTINGS_READ` beside the factory; the docs site prints it and
``tests/unit/test_settings_read.py`` checks it against what construction actually
reads and against the registry's ``required_settings``.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeVar

from pydantic import SecretStr

from dashtam.core.container.errors import ProviderNotConfiguredError, UnimplementedProviderError
from dashtam.core.oauth.routes import oauth_redirect_uri
from dashtam.core.settings import Settings, env_var_name, get_settings
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    REGISTRY_SOURCE,
    ApiKeySetup,
    FileImportSetup,
    OAuthSetup,
    Provider,
    ProviderAuthType,
    ProviderMetadata,
    get_oauth_providers,
    get_provider_metadata,
)
from dashtam.domain.providers.models import Secret
from dashtam.domain.providers.protocols import OAuthProviderProtocol, ProviderProtocol

if TYPE_CHECKING:
    from dashtam.infrastructure.providers.http import ProviderHttpClient

_SetupT = TypeVar("_SetupT", OAuthSetup, ApiKeySetup, FileImportSetup)

#: Settings every HTTP provider reads through :func:`_http_client`.
HTTP_SETTINGS: Final = (
    "provider_http_timeout_seconds",
    "provider_http_max_retries",
    "provider_http_max_backoff_seconds",
)

#: Every settings field each implementation reads, required or not. Keep it in step
#: with the matching ``case`` of :func:`build_provider` below.
SETTINGS_READ: Final[Mapping[Provider, tuple[str, ...]]] = MappingProxyType(
    {
        Provider.SCHWAB: ("schwab_app_key", "schwab_app_secret", "public_base_url", *HTTP_SETTINGS),
        Provider.ALPACA: ("alpaca_base_url", *HTTP_SETTINGS),
        Provider.CHASE_FILE: (),
    }
)


def build_provider(metadata: ProviderMetadata, settings: Settings) -> ProviderProtocol:
    """Import and construct the implementation of ``metadata``: the one factory.

    It neither validates nor caches (that is :func:`get_provider`'s job), so tests
    can observe exactly which settings construction reads.

    Raises:
        UnimplementedProviderError: The registry lists a slug no case handles.
    """
    slug = metadata.slug
    match slug:
        case Provider.SCHWAB:
            from dashtam.infrastructure.providers.schwab import SchwabProvider

            return SchwabProvider(
                app_key=_secret(slug, "schwab_app_key", settings.schwab_app_key),
                app_secret=_secret(slug, "schwab_app_secret", settings.schwab_app_secret),
                redirect_uri=oauth_redirect_uri(settings.public_base_url, slug),
                setup=_setup(metadata, OAuthSetup),
                http=_http_client(slug, settings),
            )
        case Provider.ALPACA:
            from dashtam.infrastructure.providers.alpaca import AlpacaProvider

            return AlpacaProvider(
                base_url=settings.alpaca_base_url,
                setup=_setup(metadata, ApiKeySetup),
                http=_http_client(slug, settings),
            )
        case Provider.CHASE_FILE:
            from dashtam.infrastructure.providers.chase import ChaseFileProvider

            return ChaseFileProvider(setup=_setup(metadata, FileImportSetup))
        case _:
            raise UnimplementedProviderError(str(slug))


def get_provider(slug: Provider | str, settings: Settings | None = None) -> ProviderProtocol:
    """The provider registered under ``slug``, built from ``settings`` (the app's by default).

    Raises:
        ValueError: ``slug`` is not in the registry; the message lists the registered
            slugs.
        ProviderNotConfiguredError: A required setting is unset (a ``ValueError``
            naming every missing env var).
        UnimplementedProviderError: The slug is registered but not implemented.
    """
    metadata = get_provider_metadata(slug)
    resolved = settings if settings is not None else get_settings()
    check_configured(metadata, resolved)
    return _INSTANCES.get_or_build(resolved, metadata, build_provider)


def get_oauth_provider(
    slug: Provider | str, settings: Settings | None = None
) -> OAuthProviderProtocol:
    """Like :func:`get_provider`, for a slug the registry says authenticates with OAuth."""
    metadata = get_provider_metadata(slug)
    if metadata.auth_type is not ProviderAuthType.OAUTH:
        oauth = ", ".join(sorted(str(s) for s in get_oauth_providers())) or "(none)"
        raise ValueError(
            f"Provider {metadata.slug} authenticates with {metadata.auth_type.label}, not "
            f"OAuth, so it has no authorization flow. OAuth providers: {oauth}."
        )
    provider = get_provider(metadata.slug, settings)
    if not isinstance(provider, OAuthProviderProtocol):
        raise TypeError(
            f"Provider {metadata.slug} is registered as OAuth but {type(provider).__name__} "
            f"lacks authorization_url/exchange_code/refresh_tokens."
        )
    return provider


def is_oauth_provider(slug: Provider | str) -> bool:
    """Whether ``slug`` authenticates with OAuth, answered by the registry alone."""
    return slug in get_oauth_providers()


def settings_read_by(
    slug: Provider | str, registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY
) -> tuple[str, ...]:
    """Every settings field the implementation of ``slug`` reads, in declaration order.

    Raises:
        ValueError: ``slug`` is not in ``registry``.
        UnimplementedProviderError: It is registered but has no implementation.
    """
    metadata = get_provider_metadata(slug, registry)
    declared = SETTINGS_READ.get(metadata.slug)
    if declared is None:
        raise UnimplementedProviderError(str(metadata.slug))
    return declared


def check_configured(metadata: ProviderMetadata, settings: Settings) -> None:
    """Raise :class:`ProviderNotConfiguredError` naming every required setting left unset."""
    fields = type(settings).model_fields
    unknown = [name for name in metadata.required_settings if name not in fields]
    missing = [
        env_var_name(name)
        for name in metadata.required_settings
        if name in fields and _is_unset(getattr(settings, name))
    ]
    if missing or unknown:
        raise ProviderNotConfiguredError(str(metadata.slug), missing, unknown)


def clear_provider_cache() -> None:
    """Forget every cached instance, e.g. after ``get_settings.cache_clear()``."""
    _INSTANCES.clear()


def _is_unset(value: object) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value is None or (isinstance(value, str) and not value.strip())


def _secret(slug: str, name: str, value: SecretStr | None) -> Secret:
    """The setting as a :class:`Secret`; unset means what it means to :func:`check_configured`."""
    if value is None or _is_unset(value):
        raise ProviderNotConfiguredError(slug, [env_var_name(name)])
    return Secret(value.get_secret_value())


def _setup(metadata: ProviderMetadata, kind: type[_SetupT]) -> _SetupT:
    setup = metadata.setup
    if not isinstance(setup, kind):
        raise ValueError(
            f"Provider {metadata.slug}'s registry entry needs setup={kind.__name__}(...) in "
            f"{REGISTRY_SOURCE}: its implementation reads endpoints and headers from it."
        )
    return setup


def _http_client(slug: str, settings: Settings) -> ProviderHttpClient:
    from dashtam.infrastructure.providers.http import ProviderHttpClient, RetryPolicy

    return ProviderHttpClient(
        str(slug),
        policy=RetryPolicy(
            timeout_seconds=settings.provider_http_timeout_seconds,
            max_retries=settings.provider_http_max_retries,
            max_delay_seconds=settings.provider_http_max_backoff_seconds,
        ),
    )


class _InstanceCache:
    """Providers by slug, per live ``Settings`` object.

    ``Settings`` is a mutable pydantic model and so unhashable; entries are keyed
    by identity and dropped by a weak-reference callback when the settings object
    is garbage-collected, so the cache never outlives nor confuses settings.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._entries: dict[int, tuple[weakref.ref[Settings], dict[str, ProviderProtocol]]] = {}

    def get_or_build(
        self,
        settings: Settings,
        metadata: ProviderMetadata,
        build: Callable[[ProviderMetadata, Settings], ProviderProtocol],
    ) -> ProviderProtocol:
        key = id(settings)
        slug = str(metadata.slug)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0]() is not settings:
                entry = (weakref.ref(settings, self._forget(key)), {})
                self._entries[key] = entry
            instances = entry[1]
            if slug not in instances:
                instances[slug] = build(metadata, settings)
            return instances[slug]

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _forget(self, key: int) -> Callable[[weakref.ref[Settings]], None]:
        def forget(reference: weakref.ref[Settings]) -> None:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] is reference:
                    del self._entries[key]

        return forget


_INSTANCES: Final = _InstanceCache()
