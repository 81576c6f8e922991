"""The documentation site, generated from the provider registry.

:func:`render_site` turns any registry into ``{page path: Markdown}``, purely;
:func:`generate_docs` reads its inputs from a docs folder. Names load on first use, so
:mod:`dashtam.docs.gate` can run the check before anything imports the registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from dashtam.lazy import lazy_exports

if TYPE_CHECKING:
    from dashtam.docs.errors import DocsBuildError
    from dashtam.docs.escape import md_text, visible_text
    from dashtam.docs.gate import REGISTRY_ENV_VAR, publication_refusal, registry_spec_from_env
    from dashtam.docs.inputs import (
        GeneratedDocs,
        generate_docs,
        load_handwritten,
        load_prose,
        load_registry,
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

#: Exported name -> the submodule defining it.
_EXPORTS: Final = {
    "DocsBuildError": "errors",
    "md_text": "escape",
    "visible_text": "escape",
    "REGISTRY_ENV_VAR": "gate",
    "publication_refusal": "gate",
    "registry_spec_from_env": "gate",
    "GeneratedDocs": "inputs",
    "generate_docs": "inputs",
    "load_handwritten": "inputs",
    "load_prose": "inputs",
    "load_registry": "inputs",
    "ProviderFacts": "model",
    "SiteModel": "model",
    "build_site_model": "model",
    "NAV_PROVIDER_LIMIT": "nav",
    "CATALOGUE": "paths",
    "PROSE_DIR": "paths",
    "PROVIDERS_JSON": "paths",
    "PROVIDERS_SCHEMA": "paths",
    "STATISTICS": "paths",
    "SUMMARY": "paths",
    "auth_type_page": "paths",
    "category_page": "paths",
    "page_url": "paths",
    "provider_page": "paths",
    "render_site": "site",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


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
    "publication_refusal",
    "registry_spec_from_env",
    "render_site",
    "visible_text",
]
