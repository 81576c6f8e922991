"""Provider domain: enums, capabilities, metadata, the registry and its helpers.

Pure domain: nothing here imports from ``dashtam.core`` or ``dashtam.infrastructure``.
"""

from dashtam.domain.providers.capabilities import ProviderCapability
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
