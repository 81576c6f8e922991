"""A real site in a real browser: strict MkDocs build, served on 127.0.0.1, Debian's chromium.

The site is built once per session from the repo's ``mkdocs.yml`` (the real registry,
never a synthetic one) and served by ``http.server`` on an ephemeral port. Every
request to another host is aborted and recorded, because the published site must
work offline: a font or script fetched from the internet is a defect, not a
flake. A missing chromium fails the run with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_site import SiteSession
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

REPO_ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"
CHROMIUM_MISSING = (
    "Chromium not found: install Debian's chromium (apt-get install chromium); .ci/run does this"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Env vars that would make the build document something other than the real registry.
_FOREIGN_REGISTRY_ENV = ("DASHTAM_DOCS_REGISTRY", "DASHTAM_SYNTHETIC_PROVIDERS")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site as a static host does: a missing file gets ``404.html``.

    Prints no line per request into pytest's output.
    """

    def log_message(self, format: str, *args: Any) -> None:
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site from ``mkdocs build --strict`` of the repo's config, in a temp folder."""
    config = REPO_ROOT / "mkdocs.yml"
    if not config.is_file():
        pytest.fail(f"{config} does not exist: the docs site (issue 3) has no MkDocs config yet.")
    site_dir = tmp_path_factory.mktemp("site")
    env = {key: value for key, value in os.environ.items() if key not in _FOREIGN_REGISTRY_ENV}
    env |= {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    result = subprocess.run(
        [*command, "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`mkdocs build --strict` exited with {result.returncode}; fix the build first.\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
    return site_dir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The base URL of the built site, served on 127.0.0.1 for the whole session."""
    handler = partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium_executable() -> str:
    """Debian's chromium, from ``PATH`` or its install location; fails the run if absent."""
    found = shutil.which("chromium")
    if found is None and Path("/usr/bin/chromium").is_file():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.fail(CHROMIUM_MISSING)
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium launched headless through Playwright, shared by the session."""
    executable = chromium_executable()
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            pytest.fail(f"Chromium at {executable} did not start under Playwright: {error}")
        try:
            yield launched
        finally:
            launched.close()


#: The widths the issue names: a desktop window and a phone.
DESKTOP = 1400
PHONE = 390

#: Opens a page session: ``open_site(width=..., base=...)``; ``base`` defaults to the
#: served site (pass ``file://...`` to read the site from disk).
OpenSite = Callable[..., SiteSession]


@pytest.fixture
def open_site(browser: Browser, site_url: str) -> Iterator[OpenSite]:
    """Fresh pages on the site; every request off 127.0.0.1 or the disk is aborted and recorded."""
    contexts: list[BrowserContext] = []

    def open_one(width: int = DESKTOP, base: str = site_url, **options: Any) -> SiteSession:
        context: BrowserContext = browser.new_context(
            viewport={"width": width, "height": 900}, service_workers="block", **options
        )
        contexts.append(context)
        page = context.new_page()
        session = SiteSession(base_url=base, page=page)

        def guard(route: Route) -> None:
            parts = urlsplit(route.request.url)
            if parts.scheme == "file" or parts.hostname == LOOPBACK:
                route.continue_()
            else:
                session.blocked_requests.append(route.request.url)
                route.abort()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                session.console_errors.append(f"{message.text} ({message.location.get('url')})")

        context.route("**/*", guard)
        page.on("console", on_console)
        page.on("pageerror", lambda error: session.console_errors.append(f"uncaught: {error}"))
        return session

    try:
        yield open_one
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def site(open_site: OpenSite) -> SiteSession:
    """A fresh page on the served site at desktop width."""
    return open_site()
