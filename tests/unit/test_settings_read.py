"""What each implementation reads from Settings, checked three ways.

1. ``settings_read_by(slug)`` (shown per provider on the docs site) equals what
   constructing the provider actually reads, observed through a recording Settings.
2. Every setting an implementation reads that has no default is in the registry's
   ``required_settings`` (else validation passes and construction fails: the bug
   the original Schwab ``schwab_redirect_uri`` had).
3. Every required setting is read (else the registry demands a useless setting).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import pytest
from configured_settings import configured_settings

from dashtam.core.container import build_provider, settings_read_by
from dashtam.core.settings import Settings
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderMetadata, get_provider_metadata

FIELDS = frozenset(Settings.model_fields)


class RecordingSettings(Settings):
    """Settings that log every field read while recording is on."""

    reads: ClassVar[list[str] | None] = None

    def __getattribute__(self, name: str) -> Any:
        reads = type(self).reads
        if reads is not None and name in FIELDS:
            reads.append(name)
        return super().__getattribute__(name)


@contextmanager
def recording() -> Iterator[list[str]]:
    RecordingSettings.reads = []
    try:
        yield RecordingSettings.reads
    finally:
        RecordingSettings.reads = None


def settings_for_tests() -> RecordingSettings:
    return configured_settings(RecordingSettings)


def has_no_default(name: str) -> bool:
    field = Settings.model_fields[name]
    return field.is_required() or field.get_default() is None


def problems(slug: str, read: Collection[str], required: Collection[str]) -> list[str]:
    """Both directions of the rule, as messages naming the setting and the fix."""
    found = [
        f"{slug} reads {name!r}, which has no default, but its registry entry does not "
        f"require it: add it to required_settings (or give the setting a default)"
        for name in read
        if has_no_default(name) and name not in required
    ]
    found += [
        f"{slug} requires {name!r} but its implementation never reads it: remove it from "
        f"required_settings"
        for name in required
        if name not in read
    ]
    return found


def test_the_recorder_sees_field_reads() -> None:
    settings = settings_for_tests()
    with recording() as reads:
        assert settings.public_base_url
        assert settings.model_config  # not a field: not recorded
    assert reads == ["public_base_url"]


@pytest.mark.parametrize("entry", list(PROVIDER_REGISTRY), ids=lambda e: str(e.slug))
def test_declared_settings_equal_what_construction_reads(entry: ProviderMetadata) -> None:
    settings = settings_for_tests()
    with recording() as reads:
        build_provider(entry, settings)
    declared = settings_read_by(entry.slug)
    assert len(declared) == len(set(declared)), f"{entry.slug}: SETTINGS_READ repeats a name"
    assert set(declared) <= FIELDS
    assert set(reads) == set(declared), (
        f"{entry.slug}: construction read {sorted(set(reads))}, SETTINGS_READ declares "
        f"{sorted(declared)}; update SETTINGS_READ in src/dashtam/core/container/providers.py"
    )


@pytest.mark.parametrize("entry", list(PROVIDER_REGISTRY), ids=lambda e: str(e.slug))
def test_required_settings_and_settings_read_agree_both_ways(entry: ProviderMetadata) -> None:
    assert problems(str(entry.slug), settings_read_by(entry.slug), entry.required_settings) == []


def test_schwab_reads_a_defaulted_public_base_url_not_a_required_redirect_uri() -> None:
    schwab = get_provider_metadata("schwab")
    assert schwab.required_settings == ("schwab_app_key", "schwab_app_secret")
    assert "public_base_url" in settings_read_by("schwab")
    assert not has_no_default("public_base_url")


def test_the_rule_catches_an_unrequired_setting_without_default() -> None:
    # The original bug: a required-in-practice setting missing from the registry.
    found = problems("schwab", ["schwab_app_key", "schwab_app_secret"], ["schwab_app_key"])
    assert found == [
        "schwab reads 'schwab_app_secret', which has no default, but its registry entry does "
        "not require it: add it to required_settings (or give the setting a default)"
    ]


def test_the_rule_catches_a_required_setting_never_read() -> None:
    found = problems("alpaca", ["alpaca_base_url"], ["schwab_app_key"])
    assert found == [
        "alpaca requires 'schwab_app_key' but its implementation never reads it: remove it "
        "from required_settings"
    ]


def test_a_defaulted_setting_may_be_read_without_being_required() -> None:
    assert problems("alpaca", ["alpaca_base_url", "provider_http_timeout_seconds"], []) == []
