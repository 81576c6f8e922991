"""The container: wires registry entries and settings to provider implementations."""

from dashtam.core.container.errors import ProviderNotConfiguredError, UnimplementedProviderError
from dashtam.core.container.providers import (
    SETTINGS_READ,
    build_provider,
    check_configured,
    clear_provider_cache,
    get_oauth_provider,
    get_provider,
    is_oauth_provider,
    settings_read_by,
)

__all__ = [
    "SETTINGS_READ",
    "ProviderNotConfiguredError",
    "UnimplementedProviderError",
    "build_provider",
    "check_configured",
    "clear_provider_cache",
    "get_oauth_provider",
    "get_provider",
    "is_oauth_provider",
    "settings_read_by",
]
