"""The container: wires registry entries and settings to provider implementations."""

from dashtam.core.container.errors import (
    ProviderConfigError,
    ProviderNotConfiguredError,
    UnimplementedProviderError,
)
from dashtam.core.container.providers import (
    ImplementationLookup,
    build_provider,
    clear_provider_cache,
    constructor_keywords,
    get_oauth_provider,
    get_provider,
    implementation_class,
    is_oauth_provider,
    provider_config,
    settings_read_by,
)
from dashtam.core.flags import ProviderDisabledError, ProviderFlagsError

__all__ = [
    "ImplementationLookup",
    "ProviderConfigError",
    "ProviderDisabledError",
    "ProviderFlagsError",
    "ProviderNotConfiguredError",
    "UnimplementedProviderError",
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
