"""The site navigation, built once and written two ways: ``SUMMARY.md`` and Zensical's ``nav``.

It stays small whatever the registry's size: Material's build time grows faster than
linearly with the pages of one nav section, so provider pages are listed under their
category only up to :data:`NAV_PROVIDER_LIMIT`; beyond that, catalogue and category
pages lead to them (MkDocs' ``not_in_nav`` keeps them from being reported as missing).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from dashtam.docs.api_reference import API_REFERENCE, API_REFERENCE_TITLE
from dashtam.docs.escape import md_text, visible_text
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import (
    CATALOGUE,
    CATALOGUE_TITLE,
    STATISTICS,
    STATISTICS_TITLE,
    auth_type_page,
    category_page,
)

#: Provider pages appear in the navigation only up to this many providers.
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
)


#: The generated reference of the service's API, after the provider pages.
REFERENCE_NAV: Final = NavItem("Reference", children=(NavItem(API_REFERENCE_TITLE, API_REFERENCE),))


def site_nav(site: SiteModel) -> tuple[NavItem, ...]:
    """The hand-written pages, the generated provider pages, then the API reference."""
    list_providers = len(site.providers) <= NAV_PROVIDER_LIMIT
    categories = tuple(
        NavItem(
            category.label,
            category_page(category),
            tuple(NavItem(facts.entry.display_name, facts.page) for facts in members)
            if list_providers
            else (),
        )
        for category, members in site.by_category().items()
    )
    auth_types = tuple(
        NavItem(auth_type.label, auth_type_page(auth_type)) for auth_type in site.by_auth_type()
    )
    providers = NavItem(
        "Providers",
        children=(
            NavItem(CATALOGUE_TITLE, CATALOGUE),
            NavItem("By category", children=categories),
            NavItem("By auth type", children=auth_types),
            NavItem(STATISTICS_TITLE, STATISTICS),
        ),
    )
    return (*HANDWRITTEN_NAV, providers, REFERENCE_NAV)


def render_summary(site: SiteModel) -> str:
    """``SUMMARY.md``, the nav file mkdocs-literate-nav reads."""
    return "".join(_summary_lines(site_nav(site), 0))


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
