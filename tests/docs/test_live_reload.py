"""``mkdocs serve`` shows a registry edit after its rebuild: a real server and a real file change.

One test edits a registry module of its own (``DASHTAM_DOCS_REGISTRY``); the other edits
the real ``registry.py`` in a temporary copy of the repository, whose ``src/`` comes first
on ``PYTHONPATH``, so the repository's own file is never touched.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from docs_builds import REPO_ROOT, base_env, config_copy

from dashtam.docs.escape import html_attribute_text
from dashtam.domain.providers import PROVIDER_REGISTRY, REGISTRY_SOURCE

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


def serve_shows_the_edit(
    config: Path,
    *,
    cwd: Path,
    env: Mapping[str, str],
    watch: Path | None,
    page: str,
    before: str,
    after: str,
    edit: Callable[[], None],
) -> None:
    """Serve ``config``; once ``page`` shows ``before``, ``edit``; then it must show ``after``."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(config),
        "--dev-addr",
        f"127.0.0.1:{port}",
        *(["--watch", str(watch)] if watch else []),
    ]
    server = subprocess.Popen(
        command, cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/{page}"
    try:
        served_before = wait_for(url, lambda text: before in text)
        if served_before:
            edit()
        served_after = served_before and wait_for(
            url, lambda text: after in text and before not in text
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode("utf-8", errors="replace")
    assert served_before, f"serve never showed the first build at {url}:\n{output}"
    assert served_after, f"serve did not show the edit after rebuilding:\n{output}"
    assert "Detected file changes" in output


def test_serve_shows_an_edit_of_a_registry_module_after_the_rebuild(tmp_path: Path) -> None:
    module_dir = tmp_path / "registry-module"
    module_dir.mkdir()
    module = module_dir / "live_registry.py"
    module.write_text(REGISTRY_MODULE.format(name="Before The Edit"), encoding="utf-8")
    env = base_env(
        {"PYTHONPATH": str(module_dir), "DASHTAM_DOCS_REGISTRY": "live_registry:REGISTRY"}
    )
    serve_shows_the_edit(
        config_copy(tmp_path),
        cwd=REPO_ROOT,
        env=env,
        watch=module_dir,
        page=f"providers/{PROVIDER_REGISTRY[0].slug}.html",
        before="Before The Edit",
        after="After The Edit!",
        edit=lambda: module.write_text(
            REGISTRY_MODULE.format(name="After The Edit!"), encoding="utf-8"
        ),
    )


def test_serve_shows_an_edit_of_the_real_registry_py(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for part in ("src", "scripts", "docs", "overrides"):
        shutil.copytree(REPO_ROOT / part, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", ".env.example"):
        shutil.copy(REPO_ROOT / name, repo / name)
    registry_py = repo / REGISTRY_SOURCE
    entry = PROVIDER_REGISTRY[0]
    source = registry_py.read_text(encoding="utf-8")
    spelled = f"display_name={entry.display_name!r}".replace("'", '"')
    assert source.count(spelled) == 1, f"{REGISTRY_SOURCE} should spell {spelled} once"
    renamed = f"{entry.display_name} Edited Live"
    # The edited file differs in length, so no cached bytecode can pass for it.
    edited = source.replace(spelled, f"display_name={renamed!r}".replace("'", '"'))
    serve_shows_the_edit(
        repo / "mkdocs.yml",
        cwd=repo,
        env=base_env({"PYTHONPATH": str(repo / "src")}),
        watch=None,  # mkdocs.yml watches src/ (here: the copy's)
        page=f"providers/{entry.slug}.html",
        before=f"<title>{html_attribute_text(entry.display_name)} - ",
        after=f"<title>{html_attribute_text(renamed)} - ",
        edit=lambda: registry_py.write_text(edited, encoding="utf-8"),
    )
    assert (REPO_ROOT / REGISTRY_SOURCE).read_text(encoding="utf-8") == source
