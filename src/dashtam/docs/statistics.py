"""The statistics page: the numbers of ``get_statistics()`` and the capability matrix.

The counts are printed from ``get_statistics`` itself rather than recounted, so the
page and the compliance tests cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from dashtam.docs.escape import md_code, md_text
from dashtam.docs.links import auth_type_link, category_link, provider_link
from dashtam.docs.markup import join_blocks, page_start, table
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import STATISTICS, STATISTICS_TITLE
from dashtam.domain.providers import (
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    get_statistics,
)

_Member = TypeVar("_Member", ProviderCategory, ProviderAuthType, ProviderCapability)
#: Matrix cell for a provider that has / lacks a capability.
HAS_CAPABILITY = "✓"
LACKS_CAPABILITY = ""


def render_statistics(site: SiteModel) -> str:
    """``providers/statistics.md``: totals, counts by category/auth type/capability, matrix."""
    stats = get_statistics(site.entries)
    totals = table(
        ["Measure", "Count"],
        [
            ["Providers", str(stats["total_providers"])],
            ["OAuth providers", str(stats["oauth_providers"])],
            ["Disabled providers", str(stats["disabled_providers"])],
            ["Beta providers", str(stats["beta_providers"])],
            ["Providers requiring a newer Dashtam", str(stats["version_gated_providers"])],
            ["Providers with a health check", str(stats["health_checked_providers"])],
        ],
    )
    by_category = table(
        ["Category", "Value", "Providers"],
        [
            [category_link(category, STATISTICS), md_code(category.value), str(count)]
            for category, count in _counts(ProviderCategory, stats["categories"])
        ],
    )
    by_auth_type = table(
        ["Auth type", "Value", "Providers"],
        [
            [auth_type_link(auth_type, STATISTICS), md_code(auth_type.value), str(count)]
            for auth_type, count in _counts(ProviderAuthType, stats["auth_types"])
        ],
    )
    by_capability = table(
        ["Capability", "Value", "Providers", "What it means"],
        [
            [
                md_text(capability.label),
                md_code(capability.value),
                str(count),
                md_text(capability.description),
            ]
            for capability, count in _counts(ProviderCapability, stats["capabilities"])
        ],
    )
    columns = list(ProviderCapability)
    matrix = table(
        ["Provider", *(md_text(capability.label) for capability in columns)],
        [
            [
                provider_link(facts, STATISTICS),
                *(
                    HAS_CAPABILITY if capability in facts.capabilities else LACKS_CAPABILITY
                    for capability in columns
                ),
            ]
            for facts in site.providers
        ],
    )
    intro = (
        "Generated from the registry on every build; the numbers are those of "
        "`get_statistics()` in `dashtam.domain.providers`. Categories, auth types and "
        "capabilities without providers are left out."
    )
    return join_blocks(
        page_start(STATISTICS_TITLE, intro),
        "## Totals {#totals}",
        totals,
        "## By category {#by-category}",
        by_category,
        "## By auth type {#by-auth-type}",
        by_auth_type,
        "## By capability {#by-capability}",
        by_capability,
        "## Provider and capability matrix {#matrix}",
        f"{HAS_CAPABILITY} means the provider delivers that kind of data; an empty cell, "
        f"that it does not.",
        matrix,
    )


def _counts(members: Iterable[_Member], counts: Mapping[str, int]) -> list[tuple[_Member, int]]:
    """``counts`` (keyed by enum value) as (member, count) pairs in enum order."""
    return [(member, counts[member.value]) for member in members if member.value in counts]
