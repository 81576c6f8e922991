"""The generated pages as one JSON document: how a MkDocs build receives them.

``python -m dashtam.docs pages`` prints this document. In a MkDocs build the hook
``scripts/docs_render_hook.py`` starts that command as the build starts, and the gen-files
script ``scripts/gen_provider_pages.py`` adds the pages it printed. Rendering in a child
process keeps the registry, the renderer and pydantic out of the MkDocs process, lets the
rendering run on a second core while MkDocs loads its theme, and gives every
``mkdocs serve`` rebuild freshly imported source, so registry edits always show.

The document (``version`` changes if its shape does)::

    {
      "version": 1,
      "nav_file": "SUMMARY.md",
      "pages": {"providers/index.md": "# Providers ...", ...},
      "edit_paths": {"providers/index.md": "../src/dashtam/domain/providers/registry.py", ...}
    }

``pages`` holds every generated page in the renderer's stable order; ``edit_paths`` says
which source file each page's "edit" link points at.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Final

from dashtam.docs.inputs import handwritten_files, render_docs_dir
from dashtam.docs.paths import SUMMARY
from dashtam.domain.providers import REGISTRY_SOURCE

HANDOFF_VERSION: Final = 1
#: The registry source as an edit path. MkDocs joins edit paths onto ``repo_url`` +
#: ``edit_uri``, which points at the docs folder (``docs/`` at the repository root), so
#: the registry is one level up from there.
REGISTRY_EDIT_PATH: Final = f"../{REGISTRY_SOURCE}"


def edit_paths(pages: Collection[str], handwritten: Collection[str]) -> dict[str, str]:
    """Page -> the file a reader should edit to change it.

    A hand-written page that embeds generated fragments keeps its own source; every other
    generated Markdown page comes from the registry (:data:`REGISTRY_EDIT_PATH`).
    ``providers.json`` and the nav file are not pages with an edit link.
    """
    return {
        path: path if path in handwritten else REGISTRY_EDIT_PATH
        for path in pages
        if path.endswith(".md") and path != SUMMARY
    }


def handoff_document(pages: Mapping[str, str], handwritten: Collection[str]) -> str:
    """The JSON document for ``pages`` (ASCII-only, so any text survives any pipe)."""
    return json.dumps(
        {
            "version": HANDOFF_VERSION,
            "nav_file": SUMMARY,
            "pages": dict(pages),
            "edit_paths": edit_paths(pages, handwritten),
        }
    )


def render_handoff(docs_dir: Path, *, registry_spec: str | None = None) -> str:
    """Render the site whose hand-written sources are in ``docs_dir`` as the JSON document.

    Raises:
        DocsBuildError: Every problem :func:`~dashtam.docs.inputs.render_docs_dir` finds.
    """
    pages = render_docs_dir(docs_dir, registry_spec=registry_spec)
    handwritten = {path.relative_to(docs_dir).as_posix() for path in handwritten_files(docs_dir)}
    return handoff_document(pages, handwritten)
