"""The synthetic registries the docs benchmark builds are valid, varied and reproducible.

A benchmark over an invalid or uniform registry would measure the wrong thing, so
the generator is held to the same ``validate_registry`` as the real registry.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashtam.docs import synthetic
from dashtam.domain.providers import (
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderRegistry,
    get_provider_metadata,
    get_statistics,
    validate_registry,
)
from dashtam.domain.providers.validation import SETUP_TYPES


def _build(size: int, seed: int = synthetic.DEFAULT_SEED) -> ProviderRegistry:
    registry = synthetic.build_registry(size, seed=seed)
    assert isinstance(registry, ProviderRegistry)
    return registry


@given(size=st.integers(min_value=0, max_value=150), seed=st.integers())
@settings(max_examples=40, deadline=None)
def test_every_synthetic_registry_passes_validation(size: int, seed: int) -> None:
    registry = _build(size, seed)

    problems = validate_registry(registry, declared_slugs=synthetic.registry_slugs(registry))

    assert problems == []
    assert len(registry) == size


def test_a_large_registry_mixes_every_category_auth_type_and_capability() -> None:
    registry = _build(1000)

    statistics = get_statistics(registry)

    assert set(statistics["categories"]) == {str(member) for member in ProviderCategory}
    assert set(statistics["auth_types"]) == {str(member) for member in ProviderAuthType}
    assert set(statistics["capabilities"]) == {str(member) for member in ProviderCapability}
    assert len({tuple(entry.capabilities) for entry in registry}) > 3


def test_setup_records_match_each_auth_type() -> None:
    registry = _build(500)

    for entry in registry:
        expected = SETUP_TYPES.get(entry.auth_type)
        if expected is None:
            assert entry.setup is None, entry.slug
        else:
            assert isinstance(entry.setup, expected), entry.slug


def test_slugs_and_display_names_are_unique() -> None:
    registry = _build(5000)

    assert len({str(entry.slug) for entry in registry}) == 5000
    assert len({entry.display_name for entry in registry}) == 5000


def test_slugs_belong_to_one_runtime_string_enum_and_look_up_like_real_ones() -> None:
    registry = _build(20)
    enum_types = Counter(type(entry.slug) for entry in registry)

    assert len(enum_types) == 1
    (slug_enum,) = enum_types
    assert [member.value for member in slug_enum] == [str(entry.slug) for entry in registry]
    tenth = registry[9]
    assert get_provider_metadata(str(tenth.slug), registry) is tenth


def test_the_same_size_and_seed_give_the_same_registry() -> None:
    first, second = _build(200, seed=7), _build(200, seed=7)
    other = _build(200, seed=8)

    assert [repr(entry) for entry in first] == [repr(entry) for entry in second]
    assert [entry.display_name for entry in first] != [entry.display_name for entry in other]


def test_a_negative_size_is_rejected_with_the_size() -> None:
    with pytest.raises(ValueError, match="got -1"):
        synthetic.build_registry(-1)


def test_from_environment_builds_the_size_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(synthetic.SIZE_ENV, "12")
    monkeypatch.setenv(synthetic.SEED_ENV, "3")

    registry = synthetic.from_environment()

    assert len(registry) == 12
    assert [repr(entry) for entry in registry] == [repr(entry) for entry in _build(12, seed=3)]


@pytest.mark.parametrize("value", [None, "", "many", "-5", "1.5"])
def test_from_environment_names_the_variable_to_set(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv(synthetic.SIZE_ENV, raising=False)
    else:
        monkeypatch.setenv(synthetic.SIZE_ENV, value)

    with pytest.raises(ValueError, match=f"{synthetic.SIZE_ENV} must be set"):
        synthetic.from_environment()


def test_from_environment_rejects_a_malformed_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(synthetic.SIZE_ENV, "5")
    monkeypatch.setenv(synthetic.SEED_ENV, "abc")

    with pytest.raises(ValueError, match=f"{synthetic.SEED_ENV} must be an integer seed"):
        synthetic.from_environment()
