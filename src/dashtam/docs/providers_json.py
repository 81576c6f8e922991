"""``providers.json``: the catalogue for programs, published with the site.

One object per provider in registry order, keys sorted, no timestamps, so the file
changes only when the registry does.
"""

from __future__ import annotations

import json
from typing import Any

from dashtam.docs.model import SiteModel
from dashtam.docs.paths import page_url

#: Bumped when a field is renamed or removed, so consumers can tell.
SCHEMA_VERSION = 1


def providers_document(site: SiteModel) -> dict[str, Any]:
    """The JSON document as Python data (what ``providers.json`` holds)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "providers": [
            {
                "slug": facts.slug,
                "display_name": facts.entry.display_name,
                "category": facts.entry.category.value,
                "auth_type": facts.entry.auth_type.value,
                "capabilities": [capability.value for capability in facts.capabilities],
                "required_settings": list(facts.entry.required_settings),
                "homepage_url": facts.entry.homepage_url,
                "page": page_url(facts.page),
            }
            for facts in site.providers
        ],
    }


def render_providers_json(site: SiteModel) -> str:
    """``providers.json`` text: sorted keys, ASCII only (``\\u`` escapes), trailing newline."""
    return json.dumps(providers_document(site), indent=2, sort_keys=True) + "\n"
