"""MkDocs hook: renders the generated pages in a child process that starts with the build.

``mkdocs.yml`` lists this file under ``hooks:``. On ``on_config`` (the start of every
build, and of every ``mkdocs serve`` rebuild) it starts ``python -m dashtam.docs pages``,
which streams the pages (:mod:`dashtam.docs.handoff` describes the stream). The gen-files
script (``scripts/gen_provider_pages.py``) calls :func:`take_render` and registers every
page as soon as the stream's header arrives; :func:`on_page_markdown` fills in each
page's Markdown when MkDocs reads it, and :func:`on_env` the rest (``providers.json``),
before anything is written to the site.

Why a child process, started this early, and a stream:

* Speed. Rendering costs a fixed few tenths of a second, most of it importing the
  registry, the renderer and pydantic (``scripts/benchmark_docs_build.py --profile``).
  The child does that while MkDocs starts up, and sends each page before MkDocs reads it,
  so rendering a thousand pages overlaps MkDocs converting them.
* Live reload. Each build renders in a fresh interpreter, so ``mkdocs serve`` shows an
  edit to the registry after the rebuild; nothing of ``dashtam`` is ever cached in the
  MkDocs process (it never imports it).

The child inherits the environment and working directory (``DASHTAM_DOCS_REGISTRY`` and
``PYTHONPATH`` for synthetic registries). It reads no settings values: the renderer
describes the settings model without instantiating it. Its stderr goes to a temporary
file, so a chatty child can never block on a full pipe.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import meta

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

#: The stream version this hook reads (``dashtam.docs.handoff.HANDOFF_VERSION``).
HANDOFF_VERSION: Final = 2
#: As ``dashtam.docs.handoff.ENCODING_ERRORS``: pages may hold lone surrogates.
ENCODING_ERRORS: Final = "surrogatepass"
#: How far the child may write ahead of MkDocs' reading (the default Linux maximum).
PIPE_BYTES: Final = 1 << 20


def render_command(docs_dir: str) -> list[str]:
    """The command that streams the generated pages for the docs folder ``docs_dir``."""
    return [sys.executable, "-m", "dashtam.docs", "pages", "--docs-dir", docs_dir]


class RenderProcess:
    """One running ``python -m dashtam.docs pages``, read as MkDocs needs its pages.

    :meth:`read_header` waits for the list of pages; :meth:`content` reads frames until
    the asked-for page has arrived; :meth:`finish` reads the rest and checks the exit.
    Every failure raises a :class:`PluginError` carrying the child's own message, which
    lists each problem with its fix.
    """

    def __init__(self, docs_dir: str, command: Sequence[str] | None = None) -> None:
        self.docs_dir = docs_dir
        self.command = list(command or render_command(docs_dir))
        self.pages: list[str] = []
        self.edit_paths: dict[str, str] = {}
        self.nav_file = ""
        #: The pages registered before their content arrives: all but the nav file.
        self.placeholders: frozenset[str] = frozenset()
        self._unsent: set[str] = set()
        self._received: dict[str, str] = {}
        self._next = 0
        # Kept open for the child's lifetime and closed by _close, not a with block.
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._errors
        )
        assert self._process.stdout is not None
        self._stdout: IO[bytes] = self._process.stdout
        _widen_pipe(self._stdout)

    @property
    def running(self) -> bool:
        """Whether the child has not exited yet."""
        return self._process.poll() is None

    def read_header(self) -> None:
        """Wait for the header; fills :attr:`pages`, :attr:`edit_paths` and :attr:`nav_file`."""
        line = self._stdout.readline()
        if not line.endswith(b"\n"):
            self._fail()
        try:
            header: Any = json.loads(line)
        except ValueError:
            header = None
        problem = _header_problem(header)
        if problem:
            self._mismatch(f"sent a header that {problem}")
        self.pages = header["pages"]
        self.edit_paths = header["edit_paths"]
        self.nav_file = header["nav_file"]
        self.placeholders = frozenset(self.pages) - {self.nav_file}
        self._unsent = set(self.pages)

    def content(self, path: str) -> str:
        """The page ``path``, reading frames until it has arrived; handed out once."""
        if path not in self._received and path not in self._unsent:
            raise PluginError(
                f"The page {path} was asked for, but `{self._command_text}` did not announce it "
                f"or has already handed it out; only pages in its header are streamed."
            )
        while path not in self._received:
            self._read_frame()
        return self._received.pop(path)

    def finish(self) -> dict[str, str]:
        """Every page not handed out yet, once the child has sent all and exited cleanly."""
        while self._next < len(self.pages):
            self._read_frame()
        if self._stdout.read(1):
            self._mismatch("sent more than its header announced")
        if self._process.wait() != 0:
            self._fail()
        self._close()
        remaining, self._received = self._received, {}
        return remaining

    def cancel(self) -> None:
        """Stop the child if it is still running, and release its pipe and files."""
        if self.running:
            self._process.kill()
        self._process.wait()
        self._close()

    @property
    def _command_text(self) -> str:
        return " ".join(self.command)

    def _read_frame(self) -> None:
        length = self._stdout.readline()
        if not length.endswith(b"\n"):
            self._fail()
        if not length.strip().isdigit():
            self._mismatch(f"sent {length[:40]!r} where a page's length belongs")
        body = self._stdout.read(int(length))
        if len(body) != int(length):
            self._fail()
        path = self.pages[self._next]
        self._next += 1
        self._unsent.discard(path)
        self._received[path] = body.decode("utf-8", ENCODING_ERRORS)

    def _fail(self) -> NoReturn:
        """Raise with the child's exit code and message (it ended early or failed)."""
        if self.running:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._errors.seek(0)
        messages = self._errors.read().decode("utf-8", errors="replace").strip()
        code = self._process.returncode
        self._close()
        raise PluginError(
            f"The generated pages could not be rendered (`{self._command_text}` "
            f"exited with {code}):\n{messages or '(no output)'}"
        )

    def _mismatch(self, what: str) -> NoReturn:
        self.cancel()
        raise PluginError(
            f"`{self._command_text}` {what}; this hook reads version {HANDOFF_VERSION} of the "
            f"stream dashtam.docs.handoff describes. Reinstall the package (`pip install -e .`) "
            f"so the hook and dashtam.docs match."
        )

    def _close(self) -> None:
        self._stdout.close()
        self._errors.close()


def _widen_pipe(pipe: IO[bytes]) -> None:
    """Let the child run up to 1 MiB ahead of MkDocs (Linux; elsewhere the default stays).

    With the default 64 KiB pipe the child stops every few pages until MkDocs reads one,
    and each of those thousands of wake-ups costs both processes time.
    """
    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_pipe_size is None:
        return
    with contextlib.suppress(OSError):  # above the system's limit: keep the default size
        fcntl.fcntl(pipe.fileno(), set_pipe_size, PIPE_BYTES)


def _header_problem(header: object) -> str:
    """What is wrong with the header's shape, or "" if nothing is."""
    if not isinstance(header, dict):
        return "is not a JSON object"
    if header.get("version") != HANDOFF_VERSION:
        return f"has version {header.get('version')!r}"
    if not isinstance(header.get("nav_file"), str):
        return "has no nav_file"
    pages = header.get("pages")
    if not isinstance(pages, list) or not all(isinstance(page, str) for page in pages):
        return "has no list of pages"
    edit_paths = header.get("edit_paths")
    if not isinstance(edit_paths, dict) or not all(
        isinstance(source, str) for source in edit_paths.values()
    ):
        return "has no edit_paths mapping"
    return ""


_pending: RenderProcess | None = None
_active: RenderProcess | None = None


def start(docs_dir: str) -> None:
    """Start rendering for ``docs_dir``, stopping any render of an earlier build."""
    global _pending
    cancel()
    _pending = RenderProcess(docs_dir)


def cancel() -> None:
    """Stop every render this hook started (the build failed, ended, or was never taken)."""
    global _pending, _active
    for render in (_pending, _active):
        if render is not None:
            render.cancel()
    _pending = _active = None


def take_render(docs_dir: str) -> RenderProcess:
    """The render :func:`on_config` started for ``docs_dir`` (or a new one), with its header."""
    global _pending, _active
    render, _pending = _pending, None
    if render is None or render.docs_dir != docs_dir:
        if render is not None:
            render.cancel()
        render = RenderProcess(docs_dir)
    _active = render
    render.read_header()
    return render


def on_config(config: MkDocsConfig) -> None:
    start(config.docs_dir)


@event_priority(100)  # before any other plugin sees the page's placeholder source
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page's Markdown, in place of the empty placeholder it was registered with."""
    path = page.file.src_uri
    if _active is None or path not in _active.placeholders:
        return markdown
    source = _active.content(path)
    page.file.content_string = source
    # What MkDocs' Page.read_source does with a file's content: front matter into meta.
    body, page.meta = meta.get_data(source)
    return body


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> None:
    """Fill in every file not read as a page (``providers.json``) before the site is written."""
    global _active
    if _active is None:
        return
    render, _active = _active, None
    for path, content in render.finish().items():
        file = files.get_file_from_path(path)
        if file is not None:
            file.content_string = content


def on_build_error(error: Exception) -> None:
    cancel()


def on_post_build(config: MkDocsConfig) -> None:
    cancel()


def on_shutdown() -> None:
    cancel()
