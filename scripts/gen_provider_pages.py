"""mkdocs-gen-files entry point: adds the pages generated from the provider registry.

MkDocs runs this through the gen-files plugin (``mkdocs.yml``: ``plugins: gen-files:
scripts:``) on every build and on every ``mkdocs serve`` rebuild. It is deliberately
thin: it reads the prose files and hand-written pages, calls
:func:`dashtam.docs.render_docs_dir` (the pure renderer), and writes each page with
``File.generated`` (see :func:`_add_page`), setting each generated page's edit link to the registry
source (``REGISTRY_SOURCE``).

It refuses to run outside a MkDocs build: there ``mkdocs_gen_files.open`` would write
real files into ``docs/``. To get the pages as files, run
``python -m dashtam.docs build --out DIR``.

Live reload: ``mkdocs serve`` keeps imported modules in ``sys.modules`` across
rebuilds, so an edit to ``registry.py`` would not show. Reloading only the registry
module is not enough either: the docs renderer and the package that re-exports the
registry would keep the old enum classes, and identity checks such as
``entry.auth_type is ProviderAuthType.OAUTH`` would fail. So every ``dashtam`` module
(and the synthetic registry module, if any) is dropped from ``sys.modules`` and
imported afresh, which reloads them all in dependency order. ``watch: [src, scripts]``
in ``mkdocs.yml`` makes serve rebuild when they change.

Synthetic registries (benchmarks, tests): set ``DASHTAM_DOCS_REGISTRY=module:attribute``
to document that registry instead of ``PROVIDER_REGISTRY``. The attribute is a
sequence of ``ProviderMetadata`` or a zero-argument callable returning one, and the
module must be importable (e.g. ``PYTHONPATH=scripts`` with
``DASHTAM_DOCS_REGISTRY=synthetic_registry:from_environment``). Settings such a
registry names that the settings model lacks are listed as "not a settings field"
instead of failing the build, and the prose files (written for the real providers)
are not used.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import mkdocs_gen_files
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs_gen_files.editor import FilesEditor

_OUTSIDE_BUILD = (
    "scripts/gen_provider_pages.py only runs inside a MkDocs build (the gen-files plugin "
    "runs it); run on its own it would write generated pages into docs/. Use `make docs` "
    "or `make serve`, or `python -m dashtam.docs build --out DIR` to get the pages as files."
)


def _active_editor() -> FilesEditor:
    """The gen-files editor of the running build; exits if there is none."""
    # FilesEditor.current() would silently create a default editor that writes real
    # files; the class attribute is set only while the plugin's on_files runs.
    editor = FilesEditor._current
    if editor is None:
        raise SystemExit(_OUTSIDE_BUILD)
    return editor


def _add_page(editor: FilesEditor, path: str, content: str) -> None:
    """Hand one page to the build in memory.

    ``mkdocs_gen_files.open`` would write each page to a temporary folder for MkDocs
    to read back; for a registry of thousands of providers that round trip was most
    of the gap between a generated and a static build (scripts/benchmark_docs_build.py).
    MkDocs 1.6's ``File.generated`` keeps the content in memory. gen-files 0.6.1 (pinned
    exactly in pyproject.toml) offers no public call for it, so this fills the editor's
    file table the way its own ``open`` does; the strict build tests catch any change.
    """
    editor._files[path] = File.generated(editor.config, path, content=content)
    editor.edit_paths.setdefault(path, None)


def _fresh_imports(registry_spec: str | None) -> None:
    """Drop cached ``dashtam`` modules (and the synthetic registry's) so imports reload them."""
    stale = {"dashtam"}
    if registry_spec:
        stale.add(registry_spec.partition(":")[0])
    for name in list(sys.modules):
        if name.partition(".")[0] in stale or name in stale:
            del sys.modules[name]
    importlib.invalidate_caches()


def main() -> None:
    """Render every generated page and hand it to gen-files."""
    editor = _active_editor()
    registry_spec = os.environ.get("DASHTAM_DOCS_REGISTRY") or None
    _fresh_imports(registry_spec)
    docs = importlib.import_module("dashtam.docs")
    providers = importlib.import_module("dashtam.domain.providers")

    docs_dir = Path(editor.config.docs_dir)
    try:
        pages: dict[str, str] = docs.render_docs_dir(docs_dir, registry_spec=registry_spec)
    except docs.DocsBuildError as error:
        raise PluginError(str(error)) from None

    for path, content in pages.items():
        _add_page(editor, path, content)
        if path.endswith(".md") and path != docs.SUMMARY:
            # A hand-written page with a marker keeps its own source as edit link.
            written_by_hand = (docs_dir / path).is_file()
            source = path if written_by_hand else providers.REGISTRY_SOURCE
            mkdocs_gen_files.set_edit_path(path, source)

    # literate-nav marks the nav file NOT_IN_NAV, after which `exclude_docs` no longer
    # applies to it; excluding it here keeps it from being rendered and searched.
    summary = editor.files.get_file_from_path(docs.SUMMARY)
    if summary is not None:
        summary.inclusion = InclusionLevel.EXCLUDED


main()
