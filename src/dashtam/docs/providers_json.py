"""``providers.json`` and its JSON Schema: the catalogue for programs, published with the site.

The records come from :mod:`dashtam.core.discovery`, the serializer the discovery API
uses too; this module only lays them out. Keys sorted, no timestamps, so the file
changes only when the registry does.
"""

from __future__ import annotations

import json

from dashtam.core.discovery import (
    PROVIDERS_DOCUMENT_SCHEMA,
    PageUrl,
    provider_records,
    providers_document,
)
from dashtam.docs.model import SiteModel
from dashtam.docs.paths import provider_page


def render_providers_json(site: SiteModel, page_url: PageUrl) -> str:
    """``providers.json`` text: keys sorted, one provider per line, ASCII only.

    Written one object per line rather than with ``indent``: the indenting encoder is
    pure Python and would dominate the time to generate thousands of providers. Each
    provider lists the settings its setup page lists, and links the page at the URL
    ``page_url`` gives (the site generator's own URL scheme).
    """
    listed = {facts.slug: [info.name for info in facts.settings] for facts in site.providers}
    records = provider_records(
        site.entries, site.settings_model, page_url, provider_page, settings_read=listed
    )
    document = providers_document(records)
    providers = document.pop("providers")
    lines = ",\n".join("    " + json.dumps(item, sort_keys=True) for item in providers)
    rest = json.dumps(document, sort_keys=True)[1:-1]
    body = f'{{"providers": [\n{lines}\n  ]' if providers else '{"providers": []'
    return f"{body}, {rest}}}\n"


def render_providers_schema() -> str:
    """``providers.schema.json``: the JSON Schema ``providers.json`` is valid against."""
    return json.dumps(PROVIDERS_DOCUMENT_SCHEMA, indent=2, sort_keys=True) + "\n"
