"""The metadata record every registry entry is made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashtam.domain.providers.capabilities import ProviderCapability
from dashtam.domain.providers.config import ProviderConfig
from dashtam.domain.providers.enums import Provider, ProviderAuthType, ProviderCategory
from dashtam.domain.providers.setup import ProviderSetup


@dataclass(frozen=True, kw_only=True)
class ProviderMetadata:
    """Everything Dashtam needs to know about one provider integration.

    Registry entries are read-only: ``frozen`` blocks reassigning a field and the
    collections are stored as tuples, so ``entry.capabilities.append(...)`` fails too.
    Lists are accepted on construction so entries read naturally.

    Attributes:
        slug: Unique provider identifier (from the Provider enum).
        display_name: Human-readable provider name.
        category: Provider category (BROKERAGE, BANK, etc.).
        auth_type: Authentication mechanism.
        capabilities: Supported features (ACCOUNTS, TRANSACTIONS, etc.).
        required_settings: Settings this provider cannot be built without, as
            lower_snake_case field names of the settings model (the env var is the
            upper-case name, e.g. ``schwab_app_key`` is read from ``SCHWAB_APP_KEY``).
        homepage_url: The institution's public site, linked from the docs.
        setup: Auth-type-specific facts (OAuth endpoints, API key headers, import
            formats) read by both the implementation and the docs' setup page. Its
            type must match ``auth_type``; validation checks it.
        config_schema: The provider's configuration schema (a
            :class:`~dashtam.domain.providers.config.ProviderConfig` subclass): every
            setting the implementation is built from, with type, default and
            description. Its required fields are exactly ``required_settings``.
            ``None`` only while an entry is being migrated: the container then checks
            ``required_settings`` alone and ``python -m dashtam check`` warns.
        enabled: ``False`` takes the provider out of service without removing it:
            the container refuses it, the discovery API hides it, OAuth authorize
            refuses it. Operators also disable one with ``DISABLED_PROVIDERS``.
        beta: The integration works but may change; shown as a badge everywhere
            (operators add some with ``BETA_PROVIDERS``).
        min_version: The oldest Dashtam release (PEP 440) the integration runs on;
            the container refuses it on an older installed version.
        health_check_url: A cheap, unauthenticated URL whose answer says whether the
            provider is reachable: its documented status page where it has one.
            ``None`` when Dashtam calls nothing remote (file imports).
        health_check_interval: Seconds between two health checks by the service.
    """

    slug: Provider
    display_name: str
    category: ProviderCategory
    auth_type: ProviderAuthType
    capabilities: Sequence[ProviderCapability]
    required_settings: Sequence[str]
    homepage_url: str | None = None
    setup: ProviderSetup | None = None
    config_schema: type[ProviderConfig] | None = None
    enabled: bool = True
    beta: bool = False
    min_version: str | None = None
    health_check_url: str | None = None
    health_check_interval: int = 300

    def __post_init__(self) -> None:
        object.__setattr__(self, "capabilities", tuple(self.capabilities))
        object.__setattr__(self, "required_settings", tuple(self.required_settings))
