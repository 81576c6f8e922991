"""mkdocs-gen-files script: adds the pages rendered from the provider registry to the build.

The gen-files plugin runs it on every build and ``mkdocs serve`` rebuild; how the pages
get here is told once, in docs/architecture/registry.md ("How pages reach MkDocs").
"""

import os
import sys
from pathlib import Path

import mkdocs_gen_files
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

OUTSIDE_BUILD = (
    "scripts/gen_provider_pages.py only runs inside a MkDocs build (the gen-files plugin "
    "runs it); run on its own it would write generated pages into docs/. Use `make docs` "
    "or `make serve`, or `python -m dashtam.docs build --out DIR` to get the pages as files."
)

# Inside a build gen-files writes to a temporary folder; outside one, into docs_dir itself.
if os.path.realpath(mkdocs_gen_files.directory) == os.path.realpath(
    mkdocs_gen_files.config.docs_dir
):
    raise SystemExit(OUTSIDE_BUILD)

# `mkdocs serve` reruns this script in the same process: import dashtam afresh each time.
for name in [name for name in sys.modules if name.partition(".")[0] == "dashtam"]:
    del sys.modules[name]

from dashtam.docs.gate import publication_refusal, registry_spec_from_env  # noqa: E402

# `python -m dashtam check` first, on the project that holds docs/: a provider that
# cannot be built is never published.
config = mkdocs_gen_files.config
spec = registry_spec_from_env()
root = Path(config.docs_dir).resolve().parent
refusal = publication_refusal(root, strict=config.strict, registry_spec=spec)
if refusal is not None:
    raise PluginError(refusal)

from dashtam.docs import SUMMARY, DocsBuildError, generate_docs  # noqa: E402


def url_of(page: str) -> str:
    """The page's URL by MkDocs' own rule (``use_directory_urls``), for providers.json."""
    return File(page, config.docs_dir, config.site_dir, config.use_directory_urls).url


try:
    docs = generate_docs(config.docs_dir, registry_spec=spec, url_of=url_of)
except DocsBuildError as error:
    raise PluginError(str(error)) from None
for path, content in docs.pages.items():
    with mkdocs_gen_files.open(path, "w") as page:
        page.write(content)
for path, source in docs.edit_paths.items():
    mkdocs_gen_files.set_edit_path(path, source)
# literate-nav reads the nav file; excluding it keeps it from also becoming a page.
mkdocs_gen_files.files.get_file_from_path(SUMMARY).inclusion = InclusionLevel.EXCLUDED
