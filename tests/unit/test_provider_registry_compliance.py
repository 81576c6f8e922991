"""The design's self-enforcing compliance suite for the provider registry.

The first two classes derive every expectation from the registry, so they pass for
any sound registry and fail, saying what to do, when an entry is incomplete.
``TestProviderRegistryStatistics`` is the one snapshot of today's providers: it
fails on purpose when a provider is added, and is updated deliberately.
"""

from __future__ import annotations

import pytest
from configured_settings import configured_settings

from dashtam.core.container.providers import get_provider, implementation_class, is_oauth_provider
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    Provider,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    get_oauth_providers,
    get_provider_metadata,
    get_providers_by_category,
    get_statistics,
)
from dashtam.domain.providers.protocols import capabilities_implemented_by


class TestProviderRegistryCompleteness:
    """Every provider has the metadata the rest of the platform relies on."""

    def test_all_providers_have_display_names(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert isinstance(entry.display_name, str)
            assert entry.display_name.strip(), f"Provider {entry.slug} has no display name"

    def test_registry_slugs_are_unique(self) -> None:
        slugs = [entry.slug for entry in PROVIDER_REGISTRY]
        assert len(slugs) == len(set(slugs)), (
            f"Duplicate slugs in registry: {slugs}; keep one entry per slug"
        )
        assert set(slugs) == set(Provider), (
            "Every Provider member needs exactly one entry; python -m dashtam check names them"
        )

    def test_all_providers_have_capabilities(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert entry.capabilities, f"Provider {entry.slug} has no capabilities defined"
            assert all(isinstance(c, ProviderCapability) for c in entry.capabilities)
            assert len(set(entry.capabilities)) == len(entry.capabilities)

    def test_all_providers_have_required_settings(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert isinstance(entry.required_settings, tuple), (
                f"Provider {entry.slug} must declare required_settings (empty is valid)"
            )
            assert all(isinstance(name, str) for name in entry.required_settings)

    def test_oauth_providers_match_registry(self) -> None:
        expected = {e.slug for e in PROVIDER_REGISTRY if e.auth_type is ProviderAuthType.OAUTH}
        assert get_oauth_providers() == expected

    def test_get_provider_metadata_returns_the_entry(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert get_provider_metadata(entry.slug) is entry
            assert get_provider_metadata(str(entry.slug)) is entry

    def test_get_oauth_providers_filters_correctly(self) -> None:
        oauth = get_oauth_providers()
        assert isinstance(oauth, set)
        for entry in PROVIDER_REGISTRY:
            assert (entry.slug in oauth) is (entry.auth_type is ProviderAuthType.OAUTH)

    def test_get_statistics_accurate(self) -> None:
        stats = get_statistics()
        assert stats["total_providers"] == len(PROVIDER_REGISTRY)
        assert stats["oauth_providers"] == len(get_oauth_providers())
        for category, count in stats["categories"].items():
            assert count == len(get_providers_by_category(ProviderCategory(category)))
        assert sum(stats["categories"].values()) == stats["total_providers"]
        assert sum(stats["auth_types"].values()) == stats["total_providers"]

    def test_provider_categories_valid(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert isinstance(entry.category, ProviderCategory)
            assert isinstance(entry.auth_type, ProviderAuthType)

    def test_all_providers_can_be_instantiated(self) -> None:
        settings = configured_settings()
        for entry in PROVIDER_REGISTRY:
            provider = get_provider(entry.slug, settings)
            assert provider.slug == entry.slug, f"Provider {entry.slug} built the wrong class"
            assert get_provider(entry.slug, settings) is provider


class TestProviderRegistryIntegration:
    """The registry's helpers answer the questions the container and docs ask."""

    def test_get_providers_by_category_returns_correct_providers(self) -> None:
        for category in ProviderCategory:
            expected = [entry for entry in PROVIDER_REGISTRY if entry.category is category]
            assert get_providers_by_category(category) == expected

    def test_is_oauth_provider_matches_registry(self) -> None:
        for entry in PROVIDER_REGISTRY:
            expected = entry.auth_type is ProviderAuthType.OAUTH
            assert is_oauth_provider(entry.slug) is expected, f"{entry.slug}: OAuth mismatch"
        assert {e.slug for e in PROVIDER_REGISTRY if is_oauth_provider(e.slug)} == (
            get_oauth_providers()
        )

    def test_container_fails_for_unknown_provider(self) -> None:
        with pytest.raises(ValueError, match="Unknown provider 'nonexistent'"):
            get_provider("nonexistent", configured_settings())

    def test_container_error_message_lists_supported_providers(self) -> None:
        with pytest.raises(ValueError, match="Registered providers: ") as caught:
            get_provider("nonexistent", configured_settings())
        for entry in PROVIDER_REGISTRY:
            assert str(entry.slug) in str(caught.value)


class TestProviderRegistryStatistics:
    """Snapshot of today's providers: fails on purpose when one is added.

    Update the counts, the enum members, the providers by category, the implemented
    capabilities, and add a ``test_<slug>_in_registry`` beside the others
    (docs/guides/adding-providers.md).
    """

    def test_current_provider_count(self) -> None:
        assert len(PROVIDER_REGISTRY) == 3
        assert get_statistics() == {
            "total_providers": 3,
            "oauth_providers": 1,
            "disabled_providers": 0,
            "beta_providers": 0,
            "version_gated_providers": 0,
            "health_checked_providers": 2,
            "categories": {"brokerage": 2, "bank": 1},
            "auth_types": {"oauth": 1, "api_key": 1, "file_import": 1},
            "capabilities": {"accounts": 2, "transactions": 3},
        }

    def test_current_oauth_provider_count(self) -> None:
        assert get_statistics()["oauth_providers"] == 1
        assert get_oauth_providers() == {Provider.SCHWAB}

    def test_current_provider_enum_members(self) -> None:
        assert {member.name: member.value for member in Provider} == {
            "SCHWAB": "schwab",
            "ALPACA": "alpaca",
            "CHASE_FILE": "chase_file",
        }

    def test_current_providers_by_category(self) -> None:
        def slugs(category: ProviderCategory) -> list[str]:
            return [str(entry.slug) for entry in get_providers_by_category(category)]

        assert {category.value: slugs(category) for category in ProviderCategory} == {
            "brokerage": ["schwab", "alpaca"],
            "bank": ["chase_file"],
            "crypto": [],
            "retirement": [],
            "investment": [],
            "other": [],
        }

    def test_current_implemented_capabilities(self) -> None:
        implemented = {
            str(entry.slug): sorted(capabilities_implemented_by(implementation_class(entry.slug)))
            for entry in PROVIDER_REGISTRY
        }
        assert implemented == {
            "schwab": ["accounts", "transactions"],
            "alpaca": ["accounts", "transactions"],
            "chase_file": ["transactions"],
        }

    def test_schwab_in_registry(self) -> None:
        assert _row(Provider.SCHWAB) == (
            "Charles Schwab",
            "Brokerage",
            "OAuth",
            ("Accounts", "Transactions"),
            ("schwab_app_key", "schwab_app_secret"),
        )

    def test_alpaca_in_registry(self) -> None:
        assert _row(Provider.ALPACA) == (
            "Alpaca Markets",
            "Brokerage",
            "API Key",
            ("Accounts", "Transactions"),
            (),
        )

    def test_chase_file_in_registry(self) -> None:
        assert _row(Provider.CHASE_FILE) == (
            "Chase (File Import)",
            "Bank",
            "File Import",
            ("Transactions",),
            (),
        )


def _row(slug: Provider) -> tuple[str, str, str, tuple[str, ...], tuple[str, ...]]:
    """The provider as the design's "Current Providers" table shows it."""
    entry = get_provider_metadata(slug)
    return (
        entry.display_name,
        entry.category.label,
        entry.auth_type.label,
        tuple(capability.label for capability in entry.capabilities),
        tuple(entry.required_settings),
    )
