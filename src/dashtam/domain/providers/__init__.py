"""Provider domain: enums, capabilities, metadata, the registry and its helpers.

Pure domain: nothing here imports from ``dashtam.core`` or ``dashtam.infrastructure``.

Names are loaded on first use (PEP 562), not when the package is imported: a broken
registry module (say, an entry naming an enum member that does not exist) then
breaks only what reads the registry, and ``python -m dashtam check`` can still load
the enums, the config schemas and the settings to report the problem with its fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from dashtam.lazy import lazy_exports

if TYPE_CHECKING:
    from dashtam.domain.providers.capabilities import ProviderCapability
    from dashtam.domain.providers.config import ProviderConfig
    from dashtam.domain.providers.enums import Provider, ProviderAuthType, ProviderCategory
    from dashtam.domain.providers.labelled import LabelledStrEnum
    from dashtam.domain.providers.metadata import ProviderMetadata
    from dashtam.domain.providers.registry import (
        PROVIDER_REGISTRY,
        REGISTRY_SOURCE,
        ProviderRegistry,
        RegistryStatistics,
        as_registry,
        get_all_provider_slugs,
        get_oauth_providers,
        get_provider_metadata,
        get_providers_by_category,
        get_statistics,
    )
    from dashtam.domain.providers.setup import (
        ApiKeySetup,
        FileImportSetup,
        ImportFormat,
        OAuthSetup,
        ProviderSetup,
        SampleFile,
    )
    from dashtam.domain.providers.validation import (
        RegistryProblem,
        RegistryValidationError,
        check_registry,
        validate_registry,
    )

#: Exported name -> the submodule defining it.
_EXPORTS: Final = {
    "ProviderCapability": "capabilities",
    "ProviderConfig": "config",
    "Provider": "enums",
    "ProviderAuthType": "enums",
    "ProviderCategory": "enums",
    "LabelledStrEnum": "labelled",
    "ProviderMetadata": "metadata",
    "PROVIDER_REGISTRY": "registry",
    "REGISTRY_SOURCE": "registry",
    "ProviderRegistry": "registry",
    "RegistryStatistics": "registry",
    "as_registry": "registry",
    "get_all_provider_slugs": "registry",
    "get_oauth_providers": "registry",
    "get_provider_metadata": "registry",
    "get_providers_by_category": "registry",
    "get_statistics": "registry",
    "ApiKeySetup": "setup",
    "FileImportSetup": "setup",
    "ImportFormat": "setup",
    "OAuthSetup": "setup",
    "ProviderSetup": "setup",
    "SampleFile": "setup",
    "RegistryProblem": "validation",
    "RegistryValidationError": "validation",
    "check_registry": "validation",
    "validate_registry": "validation",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = [
    "PROVIDER_REGISTRY",
    "REGISTRY_SOURCE",
    "ApiKeySetup",
    "FileImportSetup",
    "ImportFormat",
    "LabelledStrEnum",
    "OAuthSetup",
    "Provider",
    "ProviderAuthType",
    "ProviderCapability",
    "ProviderCategory",
    "ProviderConfig",
    "ProviderMetadata",
    "ProviderRegistry",
    "ProviderSetup",
    "RegistryProblem",
    "RegistryStatistics",
    "RegistryValidationError",
    "SampleFile",
    "as_registry",
    "check_registry",
    "get_all_provider_slugs",
    "get_oauth_providers",
    "get_provider_metadata",
    "get_providers_by_category",
    "get_statistics",
    "validate_registry",
]
