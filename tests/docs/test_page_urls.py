"""The renderer's page URLs follow MkDocs' own URL scheme, both ways it can be set.

The MkDocs build hands the renderer MkDocs' URL function; ``python -m dashtam.docs``
(Zensical) uses :func:`dashtam.docs.page_url`. Both must name the same URLs.
"""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from dashtam.core.settings import Settings
from dashtam.docs import page_url, render_site
from dashtam.domain.providers import PROVIDER_REGISTRY


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_url_matches_mkdocs_for_every_generated_page(directory_urls: bool) -> None:
    pages = [path for path in render_site(PROVIDER_REGISTRY, Settings) if path.endswith(".md")] + [
        "index.md",
        "guides/index.md",
    ]

    ours = [page_url(path, directory_urls=directory_urls) for path in pages]
    mkdocs = [File(path, "docs", "site", directory_urls).url for path in pages]

    assert ours == mkdocs
