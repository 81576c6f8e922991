"""The generated pages as a stream: how a MkDocs build receives them from a child process.

``python -m dashtam.docs pages`` writes this stream to stdout. In a MkDocs build the
hook ``scripts/docs_render_hook.py`` starts that command as the build starts; the
gen-files script ``scripts/gen_provider_pages.py`` registers every page as soon as the
header arrives, and the hook fills in each page's Markdown when MkDocs reads it.
Rendering in a child process keeps the registry, the renderer and pydantic out of the
MkDocs process and gives every ``mkdocs serve`` rebuild freshly imported source; the
stream lets MkDocs start on the first pages while later ones are still being rendered.

The stream (``version`` changes if its shape does):

1. One line of JSON, the header, written once every problem has been checked::

       {"version": 2, "nav_file": "SUMMARY.md",
        "pages": ["SUMMARY.md", "index.md", ..., "providers.json"],
        "edit_paths": {"index.md": "index.md",
                       "providers/index.md": "../src/dashtam/domain/providers/registry.py", ...}}

2. Then, for each path in ``pages`` and in that order, a frame: the length of the page's
   UTF-8 encoding in bytes as decimal digits and a newline, then those bytes.

``pages`` is in :func:`stream_order`: the nav file first (literate-nav reads it before
any page), then pages in the order MkDocs reads them, so each is sent before it is asked
for. ``edit_paths`` says which source file each page's "edit" link points at.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Final

from dashtam.docs.inputs import handwritten_files, plan_docs_dir
from dashtam.docs.paths import SUMMARY
from dashtam.docs.site import PageRenderer
from dashtam.domain.providers import REGISTRY_SOURCE

HANDOFF_VERSION: Final = 2
#: The registry source as an edit path. MkDocs joins edit paths onto ``repo_url`` +
#: ``edit_uri``, which points at the docs folder (``docs/`` at the repository root), so
#: the registry is one level up from there.
REGISTRY_EDIT_PATH: Final = f"../{REGISTRY_SOURCE}"
#: Lone surrogates cannot be encoded as UTF-8 otherwise; both ends use this handler.
ENCODING_ERRORS: Final = "surrogatepass"


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


def mkdocs_read_order(path: str) -> tuple[str, ...]:
    """Sort key for the order MkDocs reads the pages of a gen-files build in.

    gen-files hands MkDocs its files sorted by ``mkdocs_gen_files.editor.file_sort_key``,
    and MkDocs reads pages in that order: folder by folder, a folder's ``index`` first,
    then its other files, then its subfolders, each by name. Copied rather than imported
    because the renderer does not import MkDocs; if the two ever differ, pages arrive in a
    slower order, never a wrong one (the build tests compare them).
    """
    parts = PurePosixPath(path).parts
    last = len(parts) - 1
    return tuple(
        chr(2 if index < last else int(PurePosixPath(part).stem != "index")) + part
        for index, part in enumerate(parts)
    )


def stream_order(paths: Iterable[str], nav_file: str = SUMMARY) -> list[str]:
    """``paths`` as the stream sends them: the nav file, pages in MkDocs' order, the rest."""
    paths = list(paths)
    pages = sorted((path for path in paths if path.endswith(".md")), key=mkdocs_read_order)
    first = [nav_file] if nav_file in paths else []
    others = [path for path in paths if not path.endswith(".md")]
    return first + [page for page in pages if page != nav_file] + others


def write_handoff(docs_dir: Path, out: BinaryIO, *, registry_spec: str | None = None) -> int:
    """Write the stream for the site whose hand-written sources are in ``docs_dir``.

    Nothing is written unless every check passes; the number of pages sent is returned.

    Raises:
        DocsBuildError: Every problem :func:`~dashtam.docs.inputs.plan_docs_dir` finds.
    """
    plan = plan_docs_dir(docs_dir, registry_spec=registry_spec)
    handwritten = {path.relative_to(docs_dir).as_posix() for path in handwritten_files(docs_dir)}
    return write_pages(out, plan, handwritten)


def write_pages(
    out: BinaryIO, plan: Mapping[str, PageRenderer], handwritten: Collection[str]
) -> int:
    """Write the header for ``plan``, then render and send each page; the number sent.

    ``handwritten`` names the pages written by hand (they keep their own edit path).
    """
    order = stream_order(plan)
    header = {
        "version": HANDOFF_VERSION,
        "nav_file": SUMMARY,
        "pages": order,
        "edit_paths": edit_paths(order, handwritten),
    }
    out.write(json.dumps(header).encode("ascii") + b"\n")
    out.flush()
    for path in order:
        body = plan[path]().encode("utf-8", ENCODING_ERRORS)
        out.write(b"%d\n" % len(body))
        out.write(body)
    out.flush()
    return len(order)
