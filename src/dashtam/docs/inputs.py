"""Gathering what the renderer needs from disk: registry, prose files, hand-written pages.

Shared by every ``python -m dashtam.docs`` command (``pages`` is the one a MkDocs build
runs), so the MkDocs site and the written-out pages are the same site. Reading is
separate from :func:`~dashtam.docs.site.plan_site` to keep the renderer free of file
access.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from dashtam.core.settings import Settings
from dashtam.docs.errors import DocsBuildError
from dashtam.docs.paths import PROSE_DIR
from dashtam.docs.site import PageRenderer, plan_site, render_all
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderMetadata

#: ``module:attribute`` naming a registry (or a zero-argument callable returning one)
#: to document instead of ``PROVIDER_REGISTRY``; used by benchmarks and tests.
REGISTRY_ENV_VAR: Final = "DASHTAM_DOCS_REGISTRY"


def registry_spec_from_env() -> str | None:
    """The ``module:attribute`` in :data:`REGISTRY_ENV_VAR`, if it is set and not empty."""
    return os.environ.get(REGISTRY_ENV_VAR) or None


def load_registry(spec: str | None) -> tuple[ProviderMetadata, ...]:
    """The registry named by ``spec`` (``module:attribute``), or ``PROVIDER_REGISTRY``.

    The attribute may be a sequence of entries or a zero-argument callable returning one.
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
        found = found()
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


def settings_read_per_provider() -> dict[str, tuple[str, ...]]:
    """Slug -> every settings field its implementation reads: its config schema's fields."""
    from dashtam.domain.providers import PROVIDER_REGISTRY
    from dashtam.domain.providers.config import settings_read_by

    return {str(entry.slug): settings_read_by(entry) for entry in PROVIDER_REGISTRY}


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


def render_docs_dir(
    docs_dir: Path,
    *,
    registry_spec: str | None = None,
    provider_settings: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """The generated pages for the site whose hand-written sources are in ``docs_dir``.

    :func:`plan_docs_dir`, rendered.
    """
    return render_all(
        plan_docs_dir(docs_dir, registry_spec=registry_spec, provider_settings=provider_settings)
    )


def plan_docs_dir(
    docs_dir: Path,
    *,
    registry_spec: str | None = None,
    provider_settings: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, PageRenderer]:
    """Each generated page's path and renderer, for the site whose sources are in ``docs_dir``.

    For the real registry, each setup page lists every setting the implementation
    reads (its config schema's fields) unless ``provider_settings`` says
    otherwise. A registry named by ``registry_spec`` is synthetic: it has no
    implementations, its settings need not be fields of the settings model, and the
    prose files (written for the real providers) are not used. Every problem (a bad
    registry spec, a file that is not UTF-8, then everything
    :func:`~dashtam.docs.site.render_site` checks) is reported together.
    """
    problems: list[str] = []
    registry: tuple[ProviderMetadata, ...] = ()
    prose: dict[str, str] = {}
    handwritten: dict[str, str] = {}
    try:
        registry = load_registry(registry_spec)
    except DocsBuildError as error:
        problems.extend(error.problems)
    try:
        # Prose is written for the real providers; a synthetic registry has none.
        prose = load_prose(docs_dir) if registry_spec is None else {}
    except DocsBuildError as error:
        problems.extend(error.problems)
    try:
        handwritten = load_handwritten(docs_dir)
    except DocsBuildError as error:
        problems.extend(error.problems)
    if problems:
        raise DocsBuildError(problems)
    if provider_settings is None and registry_spec is None:
        provider_settings = settings_read_per_provider()
    return plan_site(
        registry,
        Settings,
        provider_settings=provider_settings,
        prose=prose,
        handwritten=handwritten,
        allow_unknown_settings=registry_spec is not None,
    )
