"""Generated fragments that hand-written pages embed through a marker comment.

A hand-written page never types a provider count or list: it writes a marker line
such as ``<!-- dashtam:provider-summary -->`` and the build replaces it with the
current figures. An unknown marker is an error rather than silently left in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from dashtam.docs.catalogue import CATALOGUE_TITLE, auth_type_link, category_link
from dashtam.docs.markup import plural
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import CATALOGUE, STATISTICS, link

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


def unknown_markers(markdown: str) -> list[str]:
    """Marker names in ``markdown`` that :data:`MARKERS` does not define."""
    return [name for name in MARKER_PATTERN.findall(markdown) if name not in MARKERS]


def expand_markers(markdown: str, site: SiteModel, page: str) -> str:
    """``markdown`` with each known marker line replaced by its generated fragment."""
    return MARKER_PATTERN.sub(
        lambda match: (
            MARKERS[match.group(1)](site, page) if match.group(1) in MARKERS else match.group(0)
        ),
        markdown,
    )
