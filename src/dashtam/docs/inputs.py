"""Reading what the renderer needs from disk and the environment: registry, prose, pages.

Both the MkDocs build (``scripts/gen_provider_pages.py``) and ``python -m dashtam.docs``
call :func:`generate_docs`, so they produce the same site.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from dashtam.core.discovery import PageUrl
from dashtam.core.flags import OperatorOverrides, ProviderFlagsError, with_operator_flags
from dashtam.core.settings import Settings
from dashtam.docs.errors import DocsBuildError
from dashtam.docs.gate import REGISTRY_ENV_VAR
from dashtam.docs.nav import NavItem, site_nav
from dashtam.docs.paths import PROSE_DIR, SUMMARY, page_url
from dashtam.docs.settings_facts import settings_read_per_provider
from dashtam.docs.site import check_site, site_pages
from dashtam.domain.providers import PROVIDER_REGISTRY, REGISTRY_SOURCE, ProviderMetadata

#: Where the edit link of a generated page points: the registry, as a path relative to
#: the docs folder (MkDocs joins edit paths onto ``repo_url`` + ``edit_uri``, which
#: points at ``docs/``).
REGISTRY_EDIT_PATH: Final = f"../{REGISTRY_SOURCE}"


def load_registry(spec: str | None) -> tuple[ProviderMetadata, ...]:
    """The registry named by ``spec`` (``module:attribute``), or ``PROVIDER_REGISTRY``.

    The attribute may be a sequence of entries or a zero-argument callable returning one.
    The module is imported afresh on every call, so ``mkdocs serve`` shows edits to it.
    """
    if spec is None:
        return tuple(PROVIDER_REGISTRY)
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise DocsBuildError(
            [
                f"{REGISTRY_ENV_VAR}={spec!r} must have the form module:attribute, e.g. "
                f"'benchmarks.synthetic:make_registry'."
            ]
        )
    sys.modules.pop(module_name, None)
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise DocsBuildError(
            [
                f"{REGISTRY_ENV_VAR}={spec!r}: module {module_name!r} cannot be imported "
                f"({error}). Check the module path and that it is importable (on sys.path)."
            ]
        ) from None
    if not hasattr(module, attribute):
        raise DocsBuildError(
            [
                f"{REGISTRY_ENV_VAR}={spec!r}: module {module_name!r} has no attribute "
                f"{attribute!r}. Name a registry sequence or a function returning one."
            ]
        )
    found: object = getattr(module, attribute)
    if callable(found) and not isinstance(found, Sequence):
        try:
            found = found()
        except ValueError as error:
            raise DocsBuildError([f"{REGISTRY_ENV_VAR}={spec!r}: {error}"]) from None
    if not isinstance(found, Iterable) or isinstance(found, str | bytes):
        raise DocsBuildError(
            [
                f"{REGISTRY_ENV_VAR}={spec!r} gave a {type(found).__name__}, not a sequence of "
                f"ProviderMetadata entries."
            ]
        )
    entries = tuple(found)
    wrong = [type(entry).__name__ for entry in entries if not isinstance(entry, ProviderMetadata)]
    if wrong:
        raise DocsBuildError(
            [
                f"{REGISTRY_ENV_VAR}={spec!r} holds {len(wrong)} item(s) that are not "
                f"ProviderMetadata (first: {wrong[0]}). Build entries with ProviderMetadata(...)."
            ]
        )
    return entries


def _read_all(paths: Iterable[Path], docs_dir: Path) -> dict[Path, str]:
    """Each file's text; every file that is not UTF-8 is reported, all in one error."""
    texts: dict[Path, str] = {}
    problems: list[str] = []
    for path in paths:
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                f"{path.relative_to(docs_dir).as_posix()} (in the docs folder) is not valid "
                f"UTF-8 (byte {error.start}); save it as UTF-8."
            )
    if problems:
        raise DocsBuildError(problems)
    return texts


def load_prose(docs_dir: Path) -> dict[str, str]:
    """Slug -> Markdown for every ``<slug>.md`` in the prose folder (empty if there is none)."""
    prose_dir = docs_dir / PROSE_DIR
    if not prose_dir.is_dir():
        return {}
    texts = _read_all(sorted(prose_dir.glob("*.md")), docs_dir)
    return {path.stem: text for path, text in texts.items()}


def handwritten_files(docs_dir: Path) -> list[Path]:
    """Every file under ``docs_dir`` that is part of the site as written (not prose)."""
    prose_dir = docs_dir / PROSE_DIR
    return sorted(
        path
        for path in docs_dir.rglob("*")
        if path.is_file()
        and prose_dir not in path.parents
        and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def load_handwritten(docs_dir: Path) -> dict[str, str]:
    """Path (relative, ``/``-separated) -> Markdown for every hand-written page."""
    pages = [path for path in handwritten_files(docs_dir) if path.suffix == ".md"]
    return {
        path.relative_to(docs_dir).as_posix(): text
        for path, text in _read_all(pages, docs_dir).items()
    }


@dataclass(frozen=True)
class GeneratedDocs:
    """The generated pages of one docs folder, where each page's edit link goes, the nav.

    Attributes:
        pages: Path (relative to the docs folder) -> content, in ``render_site``'s order.
        edit_paths: Markdown page -> its source, relative to the docs folder: the
            registry for generated pages, the page itself for expanded hand-written ones.
        nav: The navigation ``SUMMARY.md`` was written from (Zensical gets it as ``nav``).
    """

    pages: dict[str, str]
    edit_paths: dict[str, str]
    nav: tuple[NavItem, ...]


def generate_docs(
    docs_dir: Path | str,
    *,
    registry_spec: str | None = None,
    provider_settings: Mapping[str, Sequence[str]] | None = None,
    url_of: PageUrl = page_url,
) -> GeneratedDocs:
    """Everything generated for the site whose hand-written sources are in ``docs_dir``.

    For the real registry, each setup page lists every setting the implementation reads
    (its config schema's fields) unless ``provider_settings`` says otherwise. A
    registry named by ``registry_spec`` is synthetic: it has no implementations, its
    settings need not be fields of the settings model, and the prose files (written for
    the real providers) are not used. ``url_of`` gives a page's URL as the site
    generator serves it (MkDocs' own, from the gen-files script). Every problem is
    reported together.
    """
    docs_dir = Path(docs_dir)
    problems: list[str] = []
    registry: tuple[ProviderMetadata, ...] = ()
    prose: dict[str, str] = {}
    handwritten: dict[str, str] = {}
    try:
        registry = load_registry(registry_spec)
    except DocsBuildError as error:
        problems.extend(error.problems)
    try:
        prose = load_prose(docs_dir) if registry_spec is None else {}
    except DocsBuildError as error:
        problems.extend(error.problems)
    try:
        handwritten = load_handwritten(docs_dir)
    except DocsBuildError as error:
        problems.extend(error.problems)
    if registry_spec is None and not problems:
        try:
            registry = with_operator_flags(registry, OperatorOverrides())
        except ProviderFlagsError as error:
            problems.append(str(error))
    if problems:
        raise DocsBuildError(problems)
    if provider_settings is None and registry_spec is None:
        provider_settings = settings_read_per_provider()
    site = check_site(
        registry,
        Settings,
        provider_settings=provider_settings,
        prose=prose,
        handwritten=handwritten,
        allow_unknown_settings=registry_spec is not None,
    )
    nav = site_nav(site)
    pages = site_pages(site, handwritten, url_of=url_of, nav=nav)
    edit_paths = {
        path: path if path in handwritten else REGISTRY_EDIT_PATH
        for path in pages
        if path.endswith(".md") and path != SUMMARY
    }
    return GeneratedDocs(pages=pages, edit_paths=edit_paths, nav=nav)
