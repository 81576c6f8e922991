"""mkdocs-gen-files entry point: adds the pages generated from the provider registry.

MkDocs runs this through the gen-files plugin (``mkdocs.yml``: ``plugins: gen-files:
scripts:``) on every build and on every ``mkdocs serve`` rebuild. It is deliberately
thin: the pages are rendered by ``python -m dashtam.docs pages`` in a child process that
the hook ``scripts/docs_render_hook.py`` (``mkdocs.yml``: ``hooks:``) started when the
build began. This script waits for that process's list of pages, adds each page with
``File.generated`` (see :func:`_add_page`), points each page's edit link at its source
(the registry, or the hand-written page), and keeps the nav file from becoming a page.
Pages are added with an empty placeholder; the hook fills in each one's Markdown when
MkDocs reads it. The hook's docstring says why rendering runs in its own process.

It refuses to run outside a MkDocs build: there ``mkdocs_gen_files.open`` would write
real files into ``docs/``. To get the pages as files, run
``python -m dashtam.docs build --out DIR``.

Synthetic registries (benchmarks, tests): set ``DASHTAM_DOCS_REGISTRY=module:attribute``
to document that registry instead of ``PROVIDER_REGISTRY`` (the child process inherits
the environment). The attribute is a sequence of ``ProviderMetadata`` or a zero-argument
callable returning one, and the module must be importable (e.g.
``DASHTAM_DOCS_REGISTRY=dashtam.docs.synthetic:from_environment``). Settings such a
registry names that the settings model lacks are listed as "not a settings field"
instead of failing the build, and the prose files (written for the real providers)
are not used.
"""

from __future__ import annotations

from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs_gen_files.editor import FilesEditor

_OUTSIDE_BUILD = (
    "scripts/gen_provider_pages.py only runs inside a MkDocs build (the gen-files plugin "
    "runs it); run on its own it would write generated pages into docs/. Use `make docs` "
    "or `make serve`, or `python -m dashtam.docs build --out DIR` to get the pages as files."
)
_NO_RENDER_HOOK = (
    "scripts/gen_provider_pages.py adds the pages that the hook scripts/docs_render_hook.py "
    "renders, but no hook in this MkDocs config provides them. Add it to mkdocs.yml:\n"
    "hooks:\n  - scripts/docs_render_hook.py"
)


def _active_editor() -> FilesEditor:
    """The gen-files editor of the running build; exits if there is none."""
    # FilesEditor.current() would silently create a default editor that writes real
    # files; the class attribute is set only while the plugin's on_files runs.
    editor = FilesEditor._current
    if editor is None:
        raise SystemExit(_OUTSIDE_BUILD)
    return editor


def _render_hook(config: MkDocsConfig) -> ModuleType:
    """The loaded ``docs_render_hook`` module (hooks are modules, listed in ``config.hooks``)."""
    for hook in config.hooks.values():
        if callable(getattr(hook, "take_render", None)):
            return hook
    raise PluginError(_NO_RENDER_HOOK)


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


def main() -> None:
    """Add every page the render process announced to the build."""
    editor = _active_editor()
    render = _render_hook(editor.config).take_render(editor.config.docs_dir)
    for path in render.pages:
        # literate-nav reads the nav file before any page, so it gets its content now.
        _add_page(editor, path, "" if path in render.placeholders else render.content(path))
    for path, source in render.edit_paths.items():
        editor.set_edit_path(path, source)
    # literate-nav marks the nav file NOT_IN_NAV, after which `exclude_docs` no longer
    # applies to it; excluding it here keeps it from being rendered and searched.
    nav_file = editor.files.get_file_from_path(render.nav_file)
    if nav_file is not None:
        nav_file.inclusion = InclusionLevel.EXCLUDED


main()
