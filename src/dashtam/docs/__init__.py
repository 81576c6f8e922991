"""The documentation site, generated from the provider registry.

:func:`render_site` turns any registry plus the settings model into ``{page path:
Markdown}``: the provider catalogue, per-category and per-auth-type pages, statistics,
one setup page per provider, ``providers.json`` and the navigation (``SUMMARY.md``).
It is pure and deterministic; :func:`generate_docs` reads its inputs from a docs folder.
``docs/architecture/registry.md`` tells how the pages reach MkDocs and Zensical.
"""

from dashtam.docs.errors import DocsBuildError
from dashtam.docs.escape import md_text, visible_text
from dashtam.docs.inputs import (
    REGISTRY_ENV_VAR,
    GeneratedDocs,
    generate_docs,
    load_handwritten,
    load_prose,
    load_registry,
    registry_spec_from_env,
)
from dashtam.docs.model import ProviderFacts, SiteModel, build_site_model
from dashtam.docs.nav import NAV_PROVIDER_LIMIT
from dashtam.docs.paths import (
    CATALOGUE,
    PROSE_DIR,
    PROVIDERS_JSON,
    PROVIDERS_SCHEMA,
    STATISTICS,
    SUMMARY,
    auth_type_page,
    category_page,
    page_url,
    provider_page,
)
from dashtam.docs.site import render_site

__all__ = [
    "CATALOGUE",
    "NAV_PROVIDER_LIMIT",
    "PROSE_DIR",
    "PROVIDERS_JSON",
    "PROVIDERS_SCHEMA",
    "REGISTRY_ENV_VAR",
    "STATISTICS",
    "SUMMARY",
    "DocsBuildError",
    "GeneratedDocs",
    "ProviderFacts",
    "SiteModel",
    "auth_type_page",
    "build_site_model",
    "category_page",
    "generate_docs",
    "load_handwritten",
    "load_prose",
    "load_registry",
    "md_text",
    "page_url",
    "provider_page",
    "registry_spec_from_env",
    "render_site",
    "visible_text",
]
