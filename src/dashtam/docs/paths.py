"""Where each generated page lives, and how pages link to each other.

Paths are relative to the docs folder and use ``/``; links between pages are
relative Markdown links (``../schwab.md``), which MkDocs checks in a strict build.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from dashtam.domain.providers import ProviderAuthType, ProviderCategory

CATALOGUE: Final = "providers/index.md"
STATISTICS: Final = "providers/statistics.md"
PROVIDERS_JSON: Final = "providers.json"
SUMMARY: Final = "SUMMARY.md"
#: Hand-written prose, one ``<slug>.md`` per provider; excluded from the site as pages.
PROSE_DIR: Final = "providers/_prose"

#: A slug is used as a file name and a URL segment, so it is kept to these characters.
SLUG_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: Slugs whose page would overwrite another generated page.
RESERVED_SLUGS: Final = frozenset({"index", "statistics"})


def provider_page(slug: str) -> str:
    """The setup page of the provider registered under ``slug``."""
    return f"providers/{slug}.md"


def category_page(category: ProviderCategory) -> str:
    """The page listing every provider of ``category``."""
    return f"providers/category/{category.value}.md"


def auth_type_page(auth_type: ProviderAuthType) -> str:
    """The page listing every provider that authenticates with ``auth_type``."""
    return f"providers/auth-type/{auth_type.value}.md"


def prose_file(slug: str) -> str:
    """Where the hand-written prose for ``slug`` lives, relative to the docs folder."""
    return f"{PROSE_DIR}/{slug}.md"


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from ``from_page`` to ``to_page`` (optionally to an ``#anchor``)."""
    return folder_link(folder_of(from_page), to_page, anchor)


def folder_of(page: str) -> str:
    """The folder ``page`` lives in ("" for the docs folder itself)."""
    return page.rpartition("/")[0]


@functools.lru_cache(maxsize=65536)
def folder_link(folder: str, to_page: str, anchor: str = "") -> str:
    """:func:`link` from any page in ``folder``; cached per folder, as thousands of provider
    pages share one folder and link to the same few pages."""
    # posixpath.relpath, minus its filesystem normalisation: thousands of links per build.
    from_dirs = folder.split("/") if folder else []
    to_parts = to_page.split("/")
    common = 0
    while common < len(from_dirs) and common < len(to_parts) - 1:
        if from_dirs[common] != to_parts[common]:
            break
        common += 1
    target = "/".join([".."] * (len(from_dirs) - common) + to_parts[common:])
    return f"{target}#{anchor}" if anchor else target


def page_url(page: str) -> str:
    """The URL of ``page`` relative to the site root, with MkDocs' directory URLs.

    ``providers/schwab.md`` is served at ``providers/schwab/``; ``index.md`` files at
    their folder.
    """
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"
