"""``python -m dashtam.docs``: the generated site as files, for tools that do not run gen-files.

``build --out DIR`` writes a Zensical project: the pages in ``DIR/docs`` and
``DIR/zensical.toml``. It renders everything first and writes into a temporary folder
renamed into place, so a failure never leaves half a site. ``check`` only renders.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dashtam.docs.errors import DocsBuildError
from dashtam.docs.gate import REGISTRY_ENV_VAR, publication_refusal, registry_spec_from_env


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashtam.docs",
        description="Generate Dashtam's documentation pages from the provider registry.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("build", "write the pages (DIR/docs) and a zensical.toml into a new or empty folder"),
        ("check", "render every page in memory and report problems; writes nothing"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--docs-dir",
            type=Path,
            default=Path("docs"),
            help="folder with the hand-written pages and prose (default: docs)",
        )
        command.add_argument(
            "--registry",
            metavar="MODULE:ATTRIBUTE",
            default=None,
            help=f"document this registry instead of PROVIDER_REGISTRY "
            f"(default: ${REGISTRY_ENV_VAR} if set)",
        )
        if name == "build":
            command.add_argument(
                "--out", type=Path, required=True, help="folder to create (or an empty one)"
            )
            command.add_argument(
                "--config",
                type=Path,
                default=Path("mkdocs.yml"),
                help="the MkDocs config whose site settings zensical.toml copies "
                "(default: mkdocs.yml)",
            )
    return parser


def build(docs_dir: Path, out: Path, config: Path, registry_spec: str | None) -> int:
    """Render everything, then write it into ``out``; the number of pages written."""
    from dashtam.docs.inputs import generate_docs, handwritten_files
    from dashtam.docs.paths import page_url
    from dashtam.docs.zensical import (
        CONFIG_FILE,
        DOCS_FOLDER,
        absolute_paths,
        load_mkdocs_config,
        render_zensical_toml,
        uses_directory_urls,
        zensical_config,
    )

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DocsBuildError(
            [
                f"{out} already exists and is not an empty folder; choose a new or empty folder "
                f"for --out (nothing was written)."
            ]
        )
    project = absolute_paths(load_mkdocs_config(config), config.resolve().parent)
    directory_urls = uses_directory_urls(project)
    generated = generate_docs(
        docs_dir,
        registry_spec=registry_spec,
        url_of=lambda page: page_url(page, directory_urls=directory_urls),
    )
    pages: dict[str, bytes] = {
        path.relative_to(docs_dir).as_posix(): path.read_bytes()
        for path in handwritten_files(docs_dir)
    }
    pages.update({path: text.encode("utf-8") for path, text in generated.pages.items()})
    files = {f"{DOCS_FOLDER}/{path}": content for path, content in pages.items()}
    toml = render_zensical_toml(zensical_config(project, generated.nav))
    files[CONFIG_FILE] = toml.encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if out.exists():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; 0 on success, 1 with every problem on stderr otherwise."""
    arguments = _parser().parse_args(argv)
    registry_spec = arguments.registry or registry_spec_from_env()
    try:
        if not arguments.docs_dir.is_dir():
            raise DocsBuildError(
                [f"The docs folder {arguments.docs_dir} does not exist; pass --docs-dir."]
            )
        refusal = publication_refusal(
            arguments.docs_dir.resolve().parent, strict=True, registry_spec=registry_spec
        )
        if refusal is not None:
            print(refusal, file=sys.stderr)
            return 1
        # Imported only now: they load the registry, which the check has just vetted.
        from dashtam.docs.inputs import generate_docs
        from dashtam.docs.zensical import CONFIG_FILE, DOCS_FOLDER

        if arguments.command == "build":
            out = arguments.out
            count = build(arguments.docs_dir, out, arguments.config, registry_spec)
            print(
                f"Wrote {count} pages to {out / DOCS_FOLDER} and {out / CONFIG_FILE}; "
                f"build the site with: cd {out} && zensical build"
            )
        else:
            pages = generate_docs(arguments.docs_dir, registry_spec=registry_spec).pages
            print(f"Docs OK: {len(pages)} generated pages render without problems.")
    except DocsBuildError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
