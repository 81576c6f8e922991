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
                "enabled": facts.entry.enabled,
                "beta": facts.entry.beta,
                "min_version": facts.entry.min_version,
                "health_check_url": facts.entry.health_check_url,
                "health_check_interval": facts.entry.health_check_interval,
                "page": page_url(facts.page),
            }
            for facts in site.providers
        ],
    }


def render_providers_json(site: SiteModel) -> str:
    """``providers.json`` text: keys sorted, one provider per line, ASCII only.

    Written one object per line rather than with ``indent``: the indenting encoder is
    pure Python and would dominate the time to generate thousands of providers.
    """
    document = providers_document(site)
    providers = document.pop("providers")
    lines = ",\n".join("    " + json.dumps(item, sort_keys=True) for item in providers)
    rest = json.dumps(document, sort_keys=True)[1:-1]
    body = f'{{"providers": [\n{lines}\n  ]' if providers else '{"providers": []'
    return f"{body}, {rest}}}\n"
