"""The documentation site, generated from the provider registry.

:func:`render_site` turns any registry plus the settings model into ``{page path:
Markdown}``: the provider catalogue, per-category and per-auth-type pages, statistics,
one setup page per provider, ``providers.json`` and the navigation (``SUMMARY.md``).
It is pure (no MkDocs import, no file or environment access) and deterministic.
A MkDocs build runs ``python -m dashtam.docs pages`` in a child process, which streams the
pages (:mod:`dashtam.docs.handoff`) to ``scripts/docs_render_hook.py`` and
``scripts/gen_provider_pages.py`` (mkdocs-gen-files); ``python -m dashtam.docs build
--out DIR`` writes the same pages to a folder.
"""

from dashtam.docs.errors import DocsBuildError
from dashtam.docs.escape import md_text, visible_text
from dashtam.docs.inputs import (
    REGISTRY_ENV_VAR,
    load_handwritten,
    load_prose,
    load_registry,
    render_docs_dir,
)
from dashtam.docs.model import ProviderFacts, SiteModel, build_site_model
from dashtam.docs.nav import NAV_PROVIDER_LIMIT
from dashtam.docs.paths import (
    CATALOGUE,
    PROSE_DIR,
    PROVIDERS_JSON,
    STATISTICS,
    SUMMARY,
    auth_type_page,
    category_page,
    provider_page,
)
from dashtam.docs.site import render_site

__all__ = [
    "CATALOGUE",
    "NAV_PROVIDER_LIMIT",
    "PROSE_DIR",
    "PROVIDERS_JSON",
    "REGISTRY_ENV_VAR",
    "STATISTICS",
    "SUMMARY",
    "DocsBuildError",
    "ProviderFacts",
    "SiteModel",
    "auth_type_page",
    "build_site_model",
    "category_page",
    "load_handwritten",
    "load_prose",
    "load_registry",
    "md_text",
    "provider_page",
    "render_docs_dir",
    "render_site",
    "visible_text",
]
