"""``SUMMARY.md``: the site navigation, read by mkdocs-literate-nav.

The navigation stays small whatever the registry's size: Material's build time grows
faster than linearly with the number of pages in one nav section, so provider pages
are listed under their category only while there are few of them; beyond that they
are reached through the catalogue and category pages (MkDocs' ``not_in_nav`` keeps
them from being reported as missing).
"""

from __future__ import annotations

from typing import Final

from dashtam.docs.catalogue import CATALOGUE_TITLE
from dashtam.docs.escape import md_text
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import CATALOGUE, STATISTICS, auth_type_page, category_page
from dashtam.docs.statistics import STATISTICS_TITLE

#: Provider pages appear in the navigation only up to this many providers.
NAV_PROVIDER_LIMIT: Final = 50

#: The hand-written pages, in navigation order: (section or None, title, page).
HANDWRITTEN_PAGES: Final = (
    (None, "Home", "index.md"),
    ("Architecture", "The provider registry", "architecture/registry.md"),
    ("Guides", "Adding a provider", "guides/adding-providers.md"),
)


def _item(depth: int, title: str, page: str | None = None) -> str:
    text = f"[{md_text(title)}]({page})" if page else md_text(title)
    return f"{'    ' * depth}* {text}\n"


def render_summary(site: SiteModel) -> str:
    """The literate-nav file: hand-written pages, then the generated provider pages."""
    lines: list[str] = []
    section: str | None = None
    for page_section, title, page in HANDWRITTEN_PAGES:
        if page_section is None:
            lines.append(_item(0, title, page))
            continue
        if page_section != section:
            lines.append(_item(0, page_section))
            section = page_section
        lines.append(_item(1, title, page))
    list_providers = len(site.providers) <= NAV_PROVIDER_LIMIT
    lines.append(_item(0, "Providers"))
    lines.append(_item(1, CATALOGUE_TITLE, CATALOGUE))
    lines.append(_item(1, "By category"))
    for category, members in site.by_category().items():
        lines.append(_item(2, category.label, category_page(category)))
        if list_providers:
            lines.extend(_item(3, facts.entry.display_name, facts.page) for facts in members)
    lines.append(_item(1, "By auth type"))
    for auth_type in site.by_auth_type():
        lines.append(_item(2, auth_type.label, auth_type_page(auth_type)))
    lines.append(_item(1, STATISTICS_TITLE, STATISTICS))
    return "".join(lines)
