"""Where each generated page lives: paths relative to the docs folder, with ``/``."""

from __future__ import annotations

import re
from typing import Final

from dashtam.domain.providers import ProviderAuthType, ProviderCapability, ProviderCategory

CATALOGUE: Final = "providers/index.md"
CATALOGUE_TITLE: Final = "Provider catalogue"
STATISTICS: Final = "providers/statistics.md"
#: The mkdocstrings API reference of ``dashtam.domain.providers`` (hand-written page).
DOMAIN_REFERENCE: Final = "reference/providers.md"
STATISTICS_TITLE: Final = "Provider statistics"
PROVIDERS_JSON: Final = "providers.json"
PROVIDERS_SCHEMA: Final = "providers.schema.json"
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


def capability_page(capability: ProviderCapability) -> str:
    """The page listing every provider that delivers ``capability``."""
    return f"providers/capability/{capability.value}.md"


def prose_file(slug: str) -> str:
    """Where the hand-written prose for ``slug`` lives, relative to the docs folder."""
    return f"{PROSE_DIR}/{slug}.md"


def page_url(page: str, *, directory_urls: bool = True) -> str:
    """The URL of ``page`` relative to the site root, as MkDocs serves it.

    With directory URLs (MkDocs' default, and Zensical's) ``providers/schwab.md`` is
    served at ``providers/schwab/`` and ``index.md`` files at their folder (``./`` for the
    root); without them at ``providers/schwab.html``. The MkDocs build passes MkDocs' own
    URL function instead; a test holds the two equal.
    """
    stem = page.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"
