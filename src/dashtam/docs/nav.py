"""The site navigation, built once and written two ways: ``SUMMARY.md`` and Zensical's ``nav``.

Every provider page is in it, under its category, at any registry size. Material's
build time grows faster than linearly with the pages of one nav section, so no section
holds more than :data:`NAV_PROVIDER_LIMIT` items: a larger category is split into
alphabetical runs ("Acme to Delta"), nested as deep as needed, and Material's
``navigation.prune`` renders only the reader's own branch of it on each page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from dashtam.docs.api_reference import API_REFERENCE, API_REFERENCE_TITLE
from dashtam.docs.escape import md_text, visible_text
from dashtam.docs.model import ProviderFacts, SiteModel
from dashtam.docs.paths import (
    CATALOGUE,
    DOMAIN_REFERENCE,
    STATISTICS,
    STATISTICS_TITLE,
    auth_type_page,
    capability_page,
    category_page,
)

#: The most items one nav section holds; larger categories are split into runs.
NAV_PROVIDER_LIMIT: Final = 50


@dataclass(frozen=True)
class NavItem:
    """A page (``page`` set) or a section of ``children``, titled in plain text."""

    title: str
    page: str | None = None
    children: tuple[NavItem, ...] = ()


#: The hand-written pages, in navigation order.
HANDWRITTEN_NAV: Final = (
    NavItem("Home", "index.md"),
    NavItem(
        "Architecture", children=(NavItem("The provider registry", "architecture/registry.md"),)
    ),
    NavItem("Guides", children=(NavItem("Adding a provider", "guides/adding-providers.md"),)),
    NavItem(
        "Reference",
        children=(NavItem("dashtam.domain.providers", DOMAIN_REFERENCE),),
    ),
)


#: The service's API reference, generated from its OpenAPI document (before the providers,
#: which stay the last section).
SERVICE_API_NAV: Final = NavItem(API_REFERENCE_TITLE, API_REFERENCE)


def site_nav(site: SiteModel) -> tuple[NavItem, ...]:
    """The hand-written pages, the service's API reference, then the provider pages."""
    categories = tuple(
        NavItem(category.label, category_page(category), provider_items(members))
        for category, members in site.by_category().items()
    )
    auth_types = tuple(
        NavItem(auth_type.label, auth_type_page(auth_type)) for auth_type in site.by_auth_type()
    )
    capabilities = tuple(
        NavItem(capability.label, capability_page(capability))
        for capability in site.by_capability()
    )
    providers = NavItem(
        "Providers",
        CATALOGUE,
        children=(
            NavItem("By category", children=categories),
            NavItem("By auth type", children=auth_types),
            NavItem("By capability", children=capabilities),
            NavItem(STATISTICS_TITLE, STATISTICS),
        ),
    )
    return (*HANDWRITTEN_NAV, SERVICE_API_NAV, providers)


def provider_items(members: Sequence[ProviderFacts]) -> tuple[NavItem, ...]:
    """One item per provider page, by display name; in runs when there are too many."""
    items = tuple(
        NavItem(facts.entry.display_name, facts.page)
        for facts in sorted(members, key=lambda facts: facts.entry.display_name.casefold())
    )
    while len(items) > NAV_PROVIDER_LIMIT:
        size = NAV_PROVIDER_LIMIT
        items = tuple(
            NavItem(_run_title(items[start : start + size]), children=items[start : start + size])
            for start in range(0, len(items), size)
        )
    return items


def _run_title(items: Sequence[NavItem]) -> str:
    """``"First to Last"``: the names a run of provider items starts and ends with."""
    first, last = _edge(items[0], 0), _edge(items[-1], -1)
    return first if first == last else f"{first} to {last}"


def _edge(item: NavItem, end: int) -> str:
    return item.title if not item.children else _edge(item.children[end], end)


def render_summary(nav: Sequence[NavItem]) -> str:
    """``SUMMARY.md``, the nav file mkdocs-literate-nav reads, from :func:`site_nav`'s items."""
    return "".join(_summary_lines(nav, 0))


def _summary_lines(items: Sequence[NavItem], depth: int) -> list[str]:
    lines = []
    for item in items:
        text = f"[{md_text(item.title)}]({item.page})" if item.page else md_text(item.title)
        lines.append(f"{'    ' * depth}* {text}\n")
        lines.extend(_summary_lines(item.children, depth + 1))
    return lines


def nav_config(items: Sequence[NavItem]) -> list[dict[str, object]]:
    """``items`` as a MkDocs-style ``nav`` value, for Zensical.

    Zensical prints nav titles as HTML, so they are HTML-escaped. A page with pages under
    it becomes a section that lists the page first.
    """
    config: list[dict[str, object]] = []
    for item in items:
        title = html.escape(visible_text(item.title))
        if not item.children:
            config.append({title: item.page})
        else:
            own: list[dict[str, object]] = [{title: item.page}] if item.page else []
            config.append({title: own + nav_config(item.children)})
    return config
