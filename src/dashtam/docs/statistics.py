"""The statistics page: the numbers of ``get_statistics()`` and the capability matrix.

The counts are printed from ``get_statistics`` itself rather than recounted, so the
page and the compliance tests cannot disagree.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, TypeVar

from dashtam.docs.escape import md_code, md_text
from dashtam.docs.links import (
    auth_type_link,
    capability_link,
    category_link,
    link,
    provider_link,
)
from dashtam.docs.markup import join_blocks, page_start, table
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import DOMAIN_REFERENCE, STATISTICS, STATISTICS_TITLE
from dashtam.domain.providers import (
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    get_statistics,
)

_Member = TypeVar("_Member", ProviderCategory, ProviderAuthType, ProviderCapability)
#: Matrix cell for a provider that has a capability: a check mark announced as "yes"
#: (attr_list puts the attributes on the ``<em>``; no raw HTML in the cell).
HAS_CAPABILITY = '*✓*{ .dashtam-yes role="img" aria-label="yes" title="yes" }'
#: Matrix cell for a provider that lacks it: a word, so a screen reader says it.
LACKS_CAPABILITY = "no"
#: The anchor mkdocstrings gives ``get_statistics`` on that page.
GET_STATISTICS_ANCHOR: Final = "dashtam.domain.providers.registry.get_statistics"


def render_statistics(site: SiteModel) -> str:
    """``providers/statistics.md``: totals, counts and bar charts per grouping, the matrix."""
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
    categories = _counts(ProviderCategory, stats["categories"])
    auth_types = _counts(ProviderAuthType, stats["auth_types"])
    capabilities = _counts(ProviderCapability, stats["capabilities"])
    by_category = table(
        ["Category", "Value", "Providers"],
        [
            [category_link(category, STATISTICS), md_code(category.value), str(count)]
            for category, count in categories
        ],
    )
    by_auth_type = table(
        ["Auth type", "Value", "Providers"],
        [
            [auth_type_link(auth_type, STATISTICS), md_code(auth_type.value), str(count)]
            for auth_type, count in auth_types
        ],
    )
    by_capability = table(
        ["Capability", "Value", "Providers", "What it means"],
        [
            [
                capability_link(capability, STATISTICS),
                md_code(capability.value),
                str(count),
                md_text(capability.description),
            ]
            for capability, count in capabilities
        ],
    )
    columns = [capability for capability, _ in capabilities]
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
        f"[`get_statistics()`]({link(STATISTICS, DOMAIN_REFERENCE, GET_STATISTICS_ANCHOR)}) in "
        "`dashtam.domain.providers`. Categories, auth types and capabilities without "
        "providers are left out, here and in the matrix."
    )
    description = (
        f"Dashtam's {stats['total_providers']} providers counted by category, auth type "
        f"and capability, with a provider and capability matrix."
    )
    return join_blocks(
        page_start(STATISTICS_TITLE, intro, description),
        "## Totals {#totals}",
        totals,
        "## By category {#by-category}",
        bar_chart("Providers by category", categories),
        by_category,
        "## By auth type {#by-auth-type}",
        bar_chart("Providers by auth type", auth_types),
        by_auth_type,
        "## By capability {#by-capability}",
        bar_chart("Providers by capability", capabilities),
        by_capability,
        "## Provider and capability matrix {#matrix}",
        "✓ means the provider delivers that kind of data; “no”, that it does not. "
        "Sort by any column by selecting its header.",
        matrix,
    )


def bar_chart(title: str, counts: Sequence[tuple[_Member, int]]) -> str:
    """A horizontal bar per member, as plain HTML and CSS: drawn at build time, no script.

    Bars are scaled to the largest count; labels are enum labels, HTML-escaped. The
    count is written inside the bar, so the chart reads the same without its styles.
    """
    if not counts:
        return ""
    largest = max(count for _, count in counts)
    bars = "".join(
        f'<div class="dashtam-bar" role="listitem">'
        f'<span class="dashtam-bar__label">{html.escape(member.label)}</span>'
        f'<span class="dashtam-bar__track"><span class="dashtam-bar__fill" '
        f'style="width: {100 * count / largest:.1f}%">{count}</span></span></div>\n'
        for member, count in counts
    )
    label = html.escape(title, quote=True)
    return f'<div class="dashtam-bars" role="list" aria-label="{label}">\n{bars}</div>\n'


def _counts(members: Iterable[_Member], counts: Mapping[str, int]) -> list[tuple[_Member, int]]:
    """``counts`` (keyed by enum value) as (member, count) pairs in enum order."""
    return [(member, counts[member.value]) for member in members if member.value in counts]
