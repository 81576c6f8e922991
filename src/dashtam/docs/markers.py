"""Markers: a line ``<!-- dashtam:NAME -->`` in a hand-written page, replaced by generated text.

A hand-written page never types a provider count or list; it writes a marker and the
build puts the current figures there. An unknown marker fails the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from dashtam.docs.links import auth_type_link, category_link, link
from dashtam.docs.markup import plural
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import CATALOGUE, CATALOGUE_TITLE, STATISTICS

MARKER_PATTERN: Final = re.compile(r"^<!--\s*dashtam:([a-z0-9-]+)\s*-->[ \t]*$", re.MULTILINE)


def provider_summary(site: SiteModel, page: str) -> str:
    """Counts by category and auth type, each linking to its page, and the catalogue link."""
    by_category = site.by_category()
    by_auth_type = site.by_auth_type()
    categories = ", ".join(
        f"{category_link(category, page)} ({len(members)})"
        for category, members in by_category.items()
    )
    auth_types = ", ".join(
        f"{auth_type_link(auth_type, page)} ({len(members)})"
        for auth_type, members in by_auth_type.items()
    )
    lines = [
        f"Dashtam integrates **{plural(len(site.providers), 'provider')}** in "
        f"{plural(len(by_category), 'category', 'categories')}"
        + (f": {categories}." if categories else "."),
    ]
    if auth_types:
        lines.append(f"By how Dashtam connects: {auth_types}.")
    lines.append(
        f"Browse them in the [{CATALOGUE_TITLE.lower()}]({link(page, CATALOGUE)}) or see the "
        f"[statistics]({link(page, STATISTICS)})."
    )
    return "\n\n".join(lines)


#: Marker name -> the fragment it is replaced with.
MARKERS: Final[dict[str, Callable[[SiteModel, str], str]]] = {
    "provider-summary": provider_summary,
}


def marker_problems(handwritten: Mapping[str, str]) -> list[str]:
    """One problem per unknown marker in the hand-written pages (path -> Markdown)."""
    known = ", ".join(f"<!-- dashtam:{name} -->" for name in MARKERS)
    return [
        f"The page {path} (in the docs folder) uses the marker <!-- dashtam:{name} -->, "
        f"which is not defined. Known markers: {known}. Fix the marker's name or remove it."
        for path in sorted(handwritten)
        for name in MARKER_PATTERN.findall(handwritten[path])
        if name not in MARKERS
    ]


def expand_markers(markdown: str, site: SiteModel, page: str) -> str:
    """``markdown`` with each known marker line replaced by its generated fragment."""
    return MARKER_PATTERN.sub(
        lambda match: (
            MARKERS[match.group(1)](site, page) if match.group(1) in MARKERS else match.group(0)
        ),
        markdown,
    )
