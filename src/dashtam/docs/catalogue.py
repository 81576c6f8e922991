"""The provider catalogue and its per-category and per-auth-type pages.

One row per provider; each row links to the provider's setup page, so these pages
are how readers reach providers when there are too many to list in the navigation.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashtam.docs.badges import with_badges
from dashtam.docs.escape import md_text
from dashtam.docs.links import (
    auth_type_link,
    capability_link,
    capability_links,
    category_link,
    link,
    provider_link,
)
from dashtam.docs.markup import code_list, join_blocks, page_start, plural, table
from dashtam.docs.model import ProviderFacts, SiteModel
from dashtam.docs.paths import (
    CATALOGUE,
    CATALOGUE_TITLE,
    PROVIDERS_JSON,
    STATISTICS,
    auth_type_page,
    capability_page,
    category_page,
)
from dashtam.domain.providers import (
    REGISTRY_SOURCE,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
)


def provider_table(
    providers: Sequence[ProviderFacts],
    from_page: str,
    *,
    with_category: bool = True,
    with_auth_type: bool = True,
) -> str:
    """One row per provider: name and badges, [category], [auth type], capabilities, env vars."""
    headers = ["Provider"]
    headers += ["Category"] if with_category else []
    headers += ["Auth type"] if with_auth_type else []
    headers += ["Capabilities", "Required env vars"]
    rows = []
    for facts in providers:
        row = [with_badges(provider_link(facts, from_page), facts.entry)]
        row += [category_link(facts.entry.category, from_page)] if with_category else []
        row += [auth_type_link(facts.entry.auth_type, from_page)] if with_auth_type else []
        row += [capability_links(facts.capabilities, from_page), code_list(facts.required_env_vars)]
        rows.append(row)
    return table(headers, rows)


def render_catalogue(site: SiteModel) -> str:
    """``providers/index.md``: every provider first (sortable, filterable), then the groupings."""
    count = len(site.providers)
    by_category = site.by_category()
    by_auth_type = site.by_auth_type()
    intro = (
        f"Dashtam integrates **{plural(count, 'provider')}**. Sort the table by any column "
        f"and filter it by name, category, auth type or capability. This page is generated "
        f"from the provider registry (`{REGISTRY_SOURCE}`) on every build; "
        f"[providers.json]({link(CATALOGUE, PROVIDERS_JSON)}) holds the same catalogue for "
        f"programs, and [Statistics]({link(CATALOGUE, STATISTICS)}) breaks it down further."
    )
    description = (
        f"All {plural(count, 'provider')} Dashtam integrates: category, auth type, "
        f"capabilities and the environment variables each needs."
    )
    category_rows = [
        [category_link(category, CATALOGUE), str(len(members)), md_text(category.description)]
        for category, members in by_category.items()
    ]
    auth_rows = [
        [auth_type_link(auth_type, CATALOGUE), str(len(members)), md_text(auth_type.description)]
        for auth_type, members in by_auth_type.items()
    ]
    capability_rows = [
        [capability_link(capability, CATALOGUE), str(len(members)), md_text(capability.description)]
        for capability, members in site.by_capability().items()
    ]
    return join_blocks(
        page_start(CATALOGUE_TITLE, intro, description),
        "## All providers {#all-providers}",
        provider_table(site.providers, CATALOGUE) if site.providers else "No providers yet.",
        "## By category {#by-category}",
        table(["Category", "Providers", "What it covers"], category_rows),
        "## By auth type {#by-auth-type}",
        table(["Auth type", "Providers", "How Dashtam connects"], auth_rows),
        "## By capability {#by-capability}",
        table(["Capability", "Providers", "What Dashtam gets"], capability_rows),
    )


def render_category_page(category: ProviderCategory, members: Sequence[ProviderFacts]) -> str:
    """``providers/category/<value>.md``: the providers of one category."""
    page = category_page(category)
    listing = provider_table(members, page, with_category=False)
    return _group_page(category, page, members, "in this category", listing)


def render_auth_type_page(auth_type: ProviderAuthType, members: Sequence[ProviderFacts]) -> str:
    """``providers/auth-type/<value>.md``: the providers using one auth type."""
    page = auth_type_page(auth_type)
    listing = provider_table(members, page, with_auth_type=False)
    return _group_page(auth_type, page, members, "that authenticate this way", listing)


def render_capability_page(capability: ProviderCapability, members: Sequence[ProviderFacts]) -> str:
    """``providers/capability/<value>.md``: the providers that deliver one capability."""
    page = capability_page(capability)
    listing = provider_table(members, page)
    return _group_page(capability, page, members, "that deliver this", listing)


def _group_page(
    member: ProviderCategory | ProviderAuthType | ProviderCapability,
    page: str,
    members: Sequence[ProviderFacts],
    how_grouped: str,
    listing: str,
) -> str:
    count = plural(len(members), "provider")
    intro = (
        f"{md_text(member.description)} Dashtam integrates **{count}** {how_grouped}. "
        f"See the [catalogue]({link(page, CATALOGUE)}) for all providers."
    )
    description = f"{member.label}: {member.description} Dashtam integrates {count} {how_grouped}."
    return join_blocks(page_start(f"{member.label} providers", intro, description), listing)
