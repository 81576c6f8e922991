"""Every enum member carries the label and description the docs site prints."""

from __future__ import annotations

import re
from enum import Enum

import pytest

from dashtam.domain.providers import (
    ImportFormat,
    LabelledStrEnum,
    Provider,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
)

LABELLED: list[type[LabelledStrEnum]] = [
    ProviderCategory,
    ProviderAuthType,
    ProviderCapability,
    ImportFormat,
]


@pytest.mark.parametrize("enum", LABELLED, ids=lambda e: e.__name__)
def test_members_have_label_and_one_sentence_description(enum: type[LabelledStrEnum]) -> None:
    labels = [member.label for member in enum]
    assert len(set(labels)) == len(labels), f"{enum.__name__} labels must be distinct"
    for member in enum:
        assert member.label.strip() == member.label
        assert member.label
        assert member.description.endswith("."), f"{member!r} description must be a sentence"
        assert member.description[0].isupper()
        assert member.value == member.value.lower()
        assert isinstance(member, str)
        assert str(member) == member.value
        assert f"{member}" == member.value
        assert enum(member.value) is member


def test_provider_members_are_slugs() -> None:
    """Today's members are in TestProviderRegistryStatistics; here, what every member obeys."""
    for member in Provider:
        assert member.value == member.name.lower(), (
            f"Provider.{member.name} = {member.value!r}: the value must be the lower-case name"
        )
        assert re.fullmatch(r"[a-z][a-z0-9_]*", member.value), (
            f"Provider.{member.name}: a slug is lower-case letters, digits and _"
        )


def test_design_members_and_values() -> None:
    assert [m.value for m in ProviderCategory] == [
        "brokerage",
        "bank",
        "crypto",
        "retirement",
        "investment",
        "other",
    ]
    assert [m.value for m in ProviderAuthType] == [
        "oauth",
        "api_key",
        "file_import",
        "link_token",
        "certificate",
    ]
    assert {"accounts", "transactions", "holdings", "balance_history"} <= {
        m.value for m in ProviderCapability
    }


@pytest.mark.parametrize("enum", [Provider, *LABELLED], ids=lambda e: e.__name__)
def test_enums_are_string_enums(enum: type[Enum]) -> None:
    assert issubclass(enum, str)
