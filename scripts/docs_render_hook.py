"""MkDocs hook: renders the generated pages in a child process that starts with the build.

``mkdocs.yml`` lists this file under ``hooks:``. On ``on_config`` (the start of every
build, and of every ``mkdocs serve`` rebuild) it starts ``python -m dashtam.docs pages``;
the gen-files script (``scripts/gen_provider_pages.py``) later calls :func:`take_rendered`
and adds the pages that command printed (:mod:`dashtam.docs.handoff` describes them).

Why a child process, started this early:

* Speed. Rendering costs a fixed few tenths of a second, most of it importing the
  registry, the renderer and pydantic (``scripts/benchmark_docs_build.py --profile``).
  Between ``on_config`` and gen-files' ``on_files`` MkDocs spends about as long loading the
  theme's files, so on a machine with a second core the pages are ready when gen-files
  asks for them, and a generated build costs what a build of the same static pages does.
* Live reload. Each build renders in a fresh interpreter, so ``mkdocs serve`` shows an
  edit to the registry after the rebuild; nothing of ``dashtam`` is ever cached in the
  MkDocs process (it never imports it).

The child inherits the environment and working directory (``DASHTAM_DOCS_REGISTRY`` and
``PYTHONPATH`` for synthetic registries). It reads no settings values: the renderer
describes the settings model without instantiating it.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

#: The document version this hook reads (``dashtam.docs.handoff.HANDOFF_VERSION``).
HANDOFF_VERSION: Final = 1


def render_command(docs_dir: str) -> list[str]:
    """The command that prints the generated pages for the docs folder ``docs_dir``."""
    return [sys.executable, "-m", "dashtam.docs", "pages", "--docs-dir", docs_dir]


@dataclass(frozen=True)
class Rendered:
    """What the child printed: the pages, their edit paths and the nav file's path."""

    pages: dict[str, str]
    edit_paths: dict[str, str]
    nav_file: str


class RenderProcess:
    """One running ``python -m dashtam.docs pages``; :meth:`result` waits for its pages."""

    def __init__(self, docs_dir: str, command: Sequence[str] | None = None) -> None:
        self.docs_dir = docs_dir
        self.command = list(command or render_command(docs_dir))
        self._process = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

    @property
    def running(self) -> bool:
        """Whether the child has not exited yet."""
        return self._process.poll() is None

    def result(self) -> Rendered:
        """The pages, once the child has finished.

        Raises:
            PluginError: The child failed (its own message, which lists every problem
                with its fix, is included) or printed something that is not the document.
        """
        output, errors = self._process.communicate()
        messages = errors.decode("utf-8", errors="replace").strip()
        if self._process.returncode != 0:
            raise PluginError(
                f"The generated pages could not be rendered (`{' '.join(self.command)}` "
                f"exited with {self._process.returncode}):\n{messages or '(no output)'}"
            )
        if messages:
            log.info("`%s` said: %s", " ".join(self.command), messages)
        return parse_document(output, self.command)

    def cancel(self) -> None:
        """Stop the child if it is still running, and release its pipes."""
        if self.running:
            self._process.kill()
        self._process.communicate()


def parse_document(output: bytes, command: Sequence[str]) -> Rendered:
    """The :class:`Rendered` in ``output``; a :class:`PluginError` naming what is wrong if not."""
    problem = "is not JSON"
    try:
        document: Any = json.loads(output)
    except ValueError:
        document = None
    else:
        problem = _shape_problem(document)
    if problem:
        raise PluginError(
            f"`{' '.join(command)}` printed a document that {problem}; this hook reads "
            f"version {HANDOFF_VERSION} of the one dashtam.docs.handoff describes. Reinstall "
            f"the package (`pip install -e .`) so the hook and dashtam.docs match."
        )
    return Rendered(
        pages=document["pages"], edit_paths=document["edit_paths"], nav_file=document["nav_file"]
    )


def _shape_problem(document: object) -> str:
    """What is wrong with ``document``'s shape, or "" if nothing is."""
    if not isinstance(document, dict):
        return "is not a JSON object"
    if document.get("version") != HANDOFF_VERSION:
        return f"has version {document.get('version')!r}"
    if not isinstance(document.get("nav_file"), str):
        return "has no nav_file"
    for key in ("pages", "edit_paths"):
        mapping = document.get(key)
        if not isinstance(mapping, dict) or not all(
            isinstance(value, str) for value in mapping.values()
        ):
            return f"has no {key} mapping of paths to text"
    return ""


_pending: RenderProcess | None = None


def start(docs_dir: str) -> None:
    """Start rendering for ``docs_dir``, stopping a render nobody took."""
    global _pending
    cancel()
    _pending = RenderProcess(docs_dir)


def cancel() -> None:
    """Stop the pending render, if any (the build failed or ended without taking it)."""
    global _pending
    if _pending is not None:
        pending, _pending = _pending, None
        pending.cancel()


def take_rendered(docs_dir: str) -> Rendered:
    """The pages for ``docs_dir``: from the render :func:`on_config` started, else a new one."""
    global _pending
    pending, _pending = _pending, None
    if pending is None or pending.docs_dir != docs_dir:
        if pending is not None:
            pending.cancel()
        pending = RenderProcess(docs_dir)
    return pending.result()


def on_config(config: MkDocsConfig) -> None:
    start(config.docs_dir)


def on_build_error(error: Exception) -> None:
    cancel()


def on_post_build(config: MkDocsConfig) -> None:
    cancel()


def on_shutdown() -> None:
    cancel()
