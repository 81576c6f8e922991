"""Dynamic capability detection: each implementation has exactly the fetch methods its
registry capabilities promise, so the registry (and the docs built from it) can neither
over- nor under-state what a provider does.

The rule itself is the check's ``capabilities`` validator (tested on fixture classes in
test_check.py); here it runs on every real entry, and the protocols are checked whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from configured_settings import configured_settings

from dashtam.core.check import capabilities, load_inputs
from dashtam.core.container import get_provider
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderCapability, ProviderMetadata
from dashtam.domain.providers.protocols import (
    CAPABILITY_METHODS,
    CAPABILITY_PROTOCOLS,
    capabilities_implemented_by,
)


def test_every_capability_has_exactly_one_method() -> None:
    assert set(CAPABILITY_METHODS) == set(ProviderCapability)
    assert set(CAPABILITY_PROTOCOLS) == set(ProviderCapability)
    assert len(set(CAPABILITY_METHODS.values())) == len(CAPABILITY_METHODS)
    for capability, method in CAPABILITY_METHODS.items():
        assert hasattr(CAPABILITY_PROTOCOLS[capability], method)


@pytest.mark.parametrize("entry", list(PROVIDER_REGISTRY), ids=lambda e: str(e.slug))
def test_implementation_has_exactly_the_promised_methods(entry: ProviderMetadata) -> None:
    inputs = load_inputs(Path(__file__).resolve().parents[2])
    problems = [p for p in capabilities.validate(inputs) if p.provider == str(entry.slug)]
    assert problems == [], "\n".join(f"{p.problem} Fix: {p.fix}" for p in problems)
    provider = get_provider(entry.slug, configured_settings())
    assert provider.get_capabilities() == frozenset(entry.capabilities), (
        f"{type(provider).__name__}.get_capabilities() must report exactly the registry's "
        f"capabilities; python -m dashtam check names the difference"
    )
    for capability in entry.capabilities:
        assert isinstance(provider, CAPABILITY_PROTOCOLS[capability]), (
            f"{type(provider).__name__} must satisfy {CAPABILITY_PROTOCOLS[capability].__name__}"
        )


def test_a_non_callable_attribute_is_not_an_implementation() -> None:
    class Pretender:
        fetch_accounts = "not a method"

    assert capabilities_implemented_by(Pretender) == frozenset()
