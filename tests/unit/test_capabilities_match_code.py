"""Dynamic capability detection: each implementation has exactly the fetch methods its
registry capabilities promise, so the registry (and the docs built from it) can neither
over- nor under-state what a provider does."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import pytest
from configured_settings import configured_settings

from dashtam.core.container import get_provider
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    Provider,
    ProviderCapability,
    ProviderMetadata,
)
from dashtam.domain.providers.models import Holding, Transaction
from dashtam.domain.providers.protocols import (
    CAPABILITY_METHODS,
    CAPABILITY_PROTOCOLS,
    capabilities_implemented_by,
)


def mismatches(implementation: type, promised: Collection[ProviderCapability]) -> list[str]:
    """What the class lacks or has beyond ``promised``, each with the fix."""
    implemented = capabilities_implemented_by(implementation)
    name = implementation.__name__
    found = [
        f"{name} claims {capability.name} but has no {CAPABILITY_METHODS[capability]}(): "
        f"implement it or drop the capability from the registry"
        for capability in ProviderCapability
        if capability in promised and capability not in implemented
    ]
    found += [
        f"{name} implements {CAPABILITY_METHODS[capability]}() but the registry does not "
        f"list {capability.name}: add the capability or remove the method"
        for capability in ProviderCapability
        if capability in implemented and capability not in promised
    ]
    return found


def test_every_capability_has_exactly_one_method() -> None:
    assert set(CAPABILITY_METHODS) == set(ProviderCapability)
    assert set(CAPABILITY_PROTOCOLS) == set(ProviderCapability)
    assert len(set(CAPABILITY_METHODS.values())) == len(CAPABILITY_METHODS)
    for capability, method in CAPABILITY_METHODS.items():
        assert hasattr(CAPABILITY_PROTOCOLS[capability], method)


@pytest.mark.parametrize("entry", list(PROVIDER_REGISTRY), ids=lambda e: str(e.slug))
def test_implementation_has_exactly_the_promised_methods(entry: ProviderMetadata) -> None:
    provider = get_provider(entry.slug, configured_settings())
    assert mismatches(type(provider), entry.capabilities) == []
    for capability in entry.capabilities:
        assert isinstance(provider, CAPABILITY_PROTOCOLS[capability])


def test_today_s_providers_in_a_table() -> None:
    implemented = {
        entry.slug: capabilities_implemented_by(
            type(get_provider(entry.slug, configured_settings()))
        )
        for entry in PROVIDER_REGISTRY
    }
    assert implemented == {
        Provider.SCHWAB: {ProviderCapability.ACCOUNTS, ProviderCapability.TRANSACTIONS},
        Provider.ALPACA: {ProviderCapability.ACCOUNTS, ProviderCapability.TRANSACTIONS},
        Provider.CHASE_FILE: {ProviderCapability.TRANSACTIONS},
    }


class ClaimsTransactionsWithoutTheMethod:
    slug = Provider.CHASE_FILE


class HoldingsTheRegistryHides:
    slug = Provider.ALPACA

    def fetch_transactions(self, account_id: str, start: date, end: date) -> list[Transaction]:
        return []

    def fetch_holdings(self, account_id: str) -> list[Holding]:
        return []


def test_the_rule_catches_a_claimed_capability_without_its_method() -> None:
    assert mismatches(ClaimsTransactionsWithoutTheMethod, [ProviderCapability.TRANSACTIONS]) == [
        "ClaimsTransactionsWithoutTheMethod claims TRANSACTIONS but has no "
        "fetch_transactions(): implement it or drop the capability from the registry"
    ]


def test_the_rule_catches_a_method_the_registry_does_not_list() -> None:
    assert mismatches(HoldingsTheRegistryHides, [ProviderCapability.TRANSACTIONS]) == [
        "HoldingsTheRegistryHides implements fetch_holdings() but the registry does not "
        "list HOLDINGS: add the capability or remove the method"
    ]


def test_a_non_callable_attribute_is_not_an_implementation() -> None:
    class Pretender:
        fetch_accounts = "not a method"

    assert capabilities_implemented_by(Pretender) == frozenset()
