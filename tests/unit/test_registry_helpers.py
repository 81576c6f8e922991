"""The registry's helpers and data structures, on the fixture and synthetic registries.

Mechanism tests use the fictional ``fixture_providers`` registry; the few tests about
the real registry derive what they expect from it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import replace

import pytest
from fixture_providers import FIXTURE_REGISTRY, OAUTH_ENTRY, UNREGISTERED

from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    Provider,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    ProviderRegistry,
    as_registry,
    get_all_provider_slugs,
    get_oauth_providers,
    get_provider_metadata,
    get_providers_by_category,
    get_statistics,
)

SCHWAB = OAUTH_ENTRY


def _synthetic(count: int) -> list[ProviderMetadata]:
    """Entries cycling through categories, auth types and capability subsets."""
    categories = list(ProviderCategory)
    auth_types = list(ProviderAuthType)
    capabilities = list(ProviderCapability)
    return [
        replace(
            SCHWAB,
            slug=f"p{n:04d}",
            display_name=f"Provider {n}",
            category=categories[n % len(categories)],
            auth_type=auth_types[n % len(auth_types)],
            capabilities=capabilities[: 1 + n % len(capabilities)],
        )
        for n in range(count)
    ]


class TestProviderMetadataIsImmutable:
    def test_fields_cannot_be_reassigned(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            SCHWAB.display_name = "Changed"  # type: ignore[misc]

    def test_collections_cannot_be_mutated(self) -> None:
        with pytest.raises(AttributeError):
            SCHWAB.capabilities.append(ProviderCapability.HOLDINGS)  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            SCHWAB.required_settings[0] = "other"  # type: ignore[index]
        assert isinstance(SCHWAB.capabilities, tuple)

    def test_lists_given_at_construction_are_copied(self) -> None:
        capabilities = [ProviderCapability.ACCOUNTS]
        entry = replace(SCHWAB, capabilities=capabilities)
        capabilities.append(ProviderCapability.HOLDINGS)
        assert entry.capabilities == (ProviderCapability.ACCOUNTS,)

    def test_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            ProviderMetadata(OAUTH_ENTRY.slug, "x")  # type: ignore[misc]

    def test_entries_are_hashable_and_comparable(self) -> None:
        assert replace(SCHWAB) == SCHWAB
        assert hash(replace(SCHWAB)) == hash(SCHWAB)

    def test_registry_cannot_be_mutated(self) -> None:
        with pytest.raises(TypeError):
            PROVIDER_REGISTRY[0] = SCHWAB  # type: ignore[index]
        assert not hasattr(PROVIDER_REGISTRY, "append")


class TestProviderRegistry:
    def test_is_an_ordered_sequence(self) -> None:
        entries = list(FIXTURE_REGISTRY)
        assert isinstance(FIXTURE_REGISTRY, Sequence)
        assert len(FIXTURE_REGISTRY) == len(entries)
        assert FIXTURE_REGISTRY[0] is entries[0]
        assert list(FIXTURE_REGISTRY[1:]) == entries[1:]

    def test_the_real_registry_has_one_entry_per_provider_member(self) -> None:
        assert isinstance(PROVIDER_REGISTRY, ProviderRegistry)
        assert sorted(entry.slug for entry in PROVIDER_REGISTRY) == sorted(Provider), (
            "Every Provider member needs exactly one registry entry; run python -m dashtam check"
        )

    def test_repr_lists_slugs(self) -> None:
        assert repr(FIXTURE_REGISTRY) == (
            "ProviderRegistry([fixture_oauth, fixture_keys, fixture_files, fixture_legacy])"
        )

    def test_find_by_member_or_value(self) -> None:
        second = FIXTURE_REGISTRY[1]
        assert FIXTURE_REGISTRY.find(second.slug) is second
        assert FIXTURE_REGISTRY.find(str(second.slug)) is second
        assert FIXTURE_REGISTRY.find(UNREGISTERED) is None

    def test_first_duplicate_wins_the_index(self) -> None:
        renamed = replace(SCHWAB, display_name="Second")
        registry = ProviderRegistry([SCHWAB, renamed])
        assert registry.find(str(SCHWAB.slug)) is SCHWAB
        assert len(registry) == 2

    def test_as_registry_reuses_a_registry_and_wraps_anything_else(self) -> None:
        assert as_registry(PROVIDER_REGISTRY) is PROVIDER_REGISTRY
        wrapped = as_registry(iter([SCHWAB]))
        assert isinstance(wrapped, ProviderRegistry)
        assert list(wrapped) == [SCHWAB]


class TestHelpers:
    def test_get_provider_metadata_unknown_slug_lists_registered_slugs(self) -> None:
        with pytest.raises(ValueError, match=f"Unknown provider '{UNREGISTERED}'") as raised:
            get_provider_metadata(UNREGISTERED, FIXTURE_REGISTRY)
        message = str(raised.value)
        registered = ", ".join(str(entry.slug) for entry in FIXTURE_REGISTRY)
        assert f"Registered providers: {registered}." in message
        assert "src/dashtam/domain/providers/registry.py" in message

    def test_the_real_registry_is_the_default(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert get_provider_metadata(entry.slug) is entry
            assert get_provider_metadata(str(entry.slug)) is entry
        with pytest.raises(ValueError, match=f"Unknown provider '{UNREGISTERED}'"):
            get_provider_metadata(UNREGISTERED)

    def test_get_provider_metadata_on_empty_registry(self) -> None:
        with pytest.raises(ValueError, match=r"Registered providers: \(none\)"):
            get_provider_metadata(SCHWAB.slug, [])

    def test_all_slugs_in_registry_order(self) -> None:
        assert get_all_provider_slugs(FIXTURE_REGISTRY) == [e.slug for e in FIXTURE_REGISTRY]
        assert get_all_provider_slugs() == [entry.slug for entry in PROVIDER_REGISTRY]

    def test_helpers_accept_synthetic_registries(self) -> None:
        entries = _synthetic(30)
        registry = ProviderRegistry(entries)
        assert get_provider_metadata("p0007", registry) is entries[7]
        assert get_provider_metadata("p0007", entries) is entries[7]
        assert get_all_provider_slugs(registry) == [entry.slug for entry in entries]
        oauth = {e.slug for e in entries if e.auth_type is ProviderAuthType.OAUTH}
        assert get_oauth_providers(registry) == oauth
        assert len(oauth) == 6
        crypto = get_providers_by_category(ProviderCategory.CRYPTO, registry)
        assert [e.slug for e in crypto] == [f"p{n:04d}" for n in range(2, 30, 6)]

    def test_statistics_on_synthetic_registry(self) -> None:
        entries = _synthetic(30)
        stats = get_statistics(entries)
        assert stats["total_providers"] == 30
        assert stats["oauth_providers"] == 6
        assert stats["categories"] == {category.value: 5 for category in ProviderCategory}
        assert stats["auth_types"] == {auth_type.value: 6 for auth_type in ProviderAuthType}
        # capability k is present in entries whose subset length exceeds k
        assert stats["capabilities"] == {
            "accounts": 30,
            "transactions": 22,
            "holdings": 14,
            "balance_history": 7,
        }

    def test_statistics_count_the_flags(self) -> None:
        oauth, keys, files, legacy = FIXTURE_REGISTRY
        entries = [
            replace(oauth, enabled=False, health_check_url="https://status.fixture.example/"),
            replace(keys, beta=True, min_version="0.2"),
            replace(files, beta=True, enabled=False),
            legacy,
        ]
        stats = get_statistics(entries)
        assert (
            stats["disabled_providers"],
            stats["beta_providers"],
            stats["version_gated_providers"],
            stats["health_checked_providers"],
        ) == (2, 2, 1, 1)

    def test_statistics_leave_out_zero_counts_and_follow_enum_order(self) -> None:
        stats = get_statistics(FIXTURE_REGISTRY)
        assert list(stats["categories"]) == ["brokerage", "bank", "crypto"]
        assert "retirement" not in stats["categories"]
        assert get_statistics([]) == {
            "total_providers": 0,
            "oauth_providers": 0,
            "disabled_providers": 0,
            "beta_providers": 0,
            "version_gated_providers": 0,
            "health_checked_providers": 0,
            "categories": {},
            "auth_types": {},
            "capabilities": {},
        }
