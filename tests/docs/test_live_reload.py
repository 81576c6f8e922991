"""``mkdocs serve`` shows a registry edit after its rebuild: a real server and a real file change.

The registry is a small module in a temporary folder (``DASHTAM_DOCS_REGISTRY``) so the
test edits that instead of ``registry.py``; serve watches its folder (``--watch``) the
way ``mkdocs.yml`` watches ``src/``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from docs_builds import REPO_ROOT, base_env, config_copy

from dashtam.domain.providers import PROVIDER_REGISTRY

pytestmark = pytest.mark.build

REGISTRY_MODULE = """\
import dataclasses

from dashtam.domain.providers import PROVIDER_REGISTRY

REGISTRY = [dataclasses.replace(PROVIDER_REGISTRY[0], display_name={name!r})]
"""
#: Generous: the first build and each rebuild take a second or two on a busy machine.
WAIT_SECONDS = 90.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, shows: Callable[[str], bool]) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and shows(page):
            return True
        time.sleep(0.25)
    return False


def test_serve_shows_a_registry_edit_after_the_rebuild(tmp_path: Path) -> None:
    module_dir = tmp_path / "registry-module"
    module_dir.mkdir()
    module = module_dir / "live_registry.py"
    module.write_text(REGISTRY_MODULE.format(name="Before The Edit"), encoding="utf-8")
    port = free_port()
    env = base_env(
        {"PYTHONPATH": str(module_dir), "DASHTAM_DOCS_REGISTRY": "live_registry:REGISTRY"}
    )
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(config_copy(tmp_path)),
        "--dev-addr",
        f"127.0.0.1:{port}",
        "--watch",
        str(module_dir),
    ]
    server = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/providers/{PROVIDER_REGISTRY[0].slug}/"
    try:
        served_before = wait_for(url, lambda page: "Before The Edit" in page)
        if served_before:
            module.write_text(REGISTRY_MODULE.format(name="After The Edit"), encoding="utf-8")
        served_after = served_before and wait_for(
            url, lambda page: "After The Edit" in page and "Before The Edit" not in page
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode("utf-8", errors="replace")
    assert served_before, f"serve never showed the first build at {url}:\n{output}"
    assert served_after, f"serve did not show the edited registry after rebuilding:\n{output}"
    assert "Detected file changes" in output
