"""Running real MkDocs builds for the docs tests (the fixtures are in ``conftest.py``).

Builds run as subprocesses of this interpreter (``python -m mkdocs``) against the
repo's ``mkdocs.yml`` (or, for the CLI output, a temporary config without gen-files),
into temporary folders. The gen-files script only ever runs inside these builds.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup, Tag

from dashtam.docs import generate_docs, page_url
from dashtam.docs.zensical import load_mkdocs_config

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG = REPO_ROOT / "mkdocs.yml"
# Env vars that would make a build document something other than the intended registry.
#: Left out of every build's environment: the registry to document, and the operator
#: overrides a developer's shell may hold for the service (builds show their badges).
_REGISTRY_ENV = (
    "DASHTAM_DOCS_REGISTRY",
    "DASHTAM_SYNTHETIC_PROVIDERS",
    "PYTHONPATH",
    "DISABLED_PROVIDERS",
    "BETA_PROVIDERS",
)

HOSTILE_NAMES = (
    "</title><script>alert('title')</script>",
    "Pipe | in <b>name</b>",
    "`code` *bold* _em_ [link](javascript:alert('link'))",
    "Line<br>break <img src=x onerror=alert('img')>",
    "{: onclick=alert('attr') } &amp; &lt; # 1. !!! note",
    "Ünïcødé 😀 and &#9;tab",
)

HOSTILE_MODULE = textwrap.dedent(
    '''
    """A registry whose every free-text field is hostile, for the hostile build.

    Hostile in markup, yet valid: what validation refuses (control characters,
    javascript: URLs) is tested on its own, and never reaches a build.
    """
    from enum import StrEnum

    from dashtam.domain.providers import (
        ApiKeySetup, FileImportSetup, ImportFormat, OAuthSetup, ProviderAuthType,
        ProviderCapability, ProviderCategory, ProviderMetadata, SampleFile,
    )

    NAMES = {names!r}
    Slug = StrEnum("HostileSlug", [(f"H{{i}}", f"h{{i}}") for i in range(len(NAMES))])
    AUTH = list(ProviderAuthType)


    def setup(auth_type, name):
        if auth_type is ProviderAuthType.OAUTH:
            return OAuthSetup(
                developer_portal_url="https://dev.example/a(b)*c*",
                authorization_url="https://dev.example/auth?a=1&b='2'",
                token_url="https://dev.example/token?t=alert('token');x=_y_",
                scopes=["<scope>", "a|b`c`*"],
                access_token_minutes=5,
                refresh_token_days=1,
            )
        if auth_type is ProviderAuthType.API_KEY:
            return ApiKeySetup(
                key_page_url="https://keys.example/new?k=*'keys'*",
                key_header="X-`Key`|*~",
                secret_header="Y|^'z'",
            )
        if auth_type is ProviderAuthType.FILE_IMPORT:
            return FileImportSetup(
                formats=[ImportFormat.CSV],
                export_steps=[name, "<b>bold</b> step"],
                max_file_bytes=100,
                samples=[
                    SampleFile(
                        name=name + ".csv",
                        format=ImportFormat.CSV,
                        content="a|b,<script>alert('csv')</script>\\n```,</code>\\n",
                    )
                ],
            )
        return None


    REGISTRY = [
        ProviderMetadata(
            slug=Slug(f"h{{i}}"),
            display_name=name,
            category=list(ProviderCategory)[i % 6],
            auth_type=AUTH[i % 5],
            capabilities=[list(ProviderCapability)[i % 4]],
            required_settings=["schwab_app_key"] if i % 2 else [f"h{{i}}_<token>"],
            homepage_url="https://home.example/?q=alert('home')&r=[x](y)",
            setup=setup(AUTH[i % 5], name),
        )
        for i, name in enumerate(NAMES)
    ]
    '''
).format(names=HOSTILE_NAMES)


@dataclass(frozen=True)
class Build:
    """A finished ``mkdocs build --strict``: its site folder and its output."""

    site: Path
    output: str
    returncode: int

    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line]

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def base_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _REGISTRY_ENV}
    env |= {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return env | dict(extra or {})


def config_copy(folder: Path, *, extra_hooks: Sequence[Path] = (), **changes: Any) -> Path:
    """A copy of the repo's ``mkdocs.yml`` in ``folder``, with ``changes`` applied.

    Paths in it (docs folder, gen-files scripts, watched folders) are made absolute so
    the copy builds the same site from anywhere; ``extra_hooks`` are test probes (the
    repo's config has no hooks); ``changes`` replace top-level keys (``None`` removes one).
    """
    config = load_mkdocs_config(CONFIG)
    config["docs_dir"] = str(REPO_ROOT / config["docs_dir"])
    config["theme"]["custom_dir"] = str(REPO_ROOT / config["theme"]["custom_dir"])
    if extra_hooks:
        config["hooks"] = [str(hook) for hook in extra_hooks]
    config["watch"] = [str(REPO_ROOT / path) for path in config["watch"]]
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "gen-files" in plugin:
            scripts = plugin["gen-files"]["scripts"]
            plugin["gen-files"]["scripts"] = [str(REPO_ROOT / script) for script in scripts]
        if isinstance(plugin, dict) and "mkdocstrings" in plugin:
            python = plugin["mkdocstrings"]["handlers"]["python"]
            python["paths"] = [str(REPO_ROOT / path) for path in python["paths"]]
    for key, value in changes.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    copy = folder / "mkdocs.yml"
    copy.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return copy


def run_build(config: Path, site: Path, *, cwd: Path, env: Mapping[str, str]) -> Build:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(site),
        ],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(site=site, output=result.stdout + result.stderr, returncode=result.returncode)


@dataclass(frozen=True)
class SecretBuild(Build):
    """The real site, built with unique secret values in the environment and a ``.env``."""

    planted: tuple[str, ...] = ()


@dataclass(frozen=True)
class CliBuild:
    """``python -m dashtam.docs build`` output, and a strict build that used it as docs_dir."""

    out: Path
    cli_output: str
    cli_returncode: int
    build: Build


#: MkDocs without gen-files over the CLI's pages: the repo's config, minus generation.
CLI_MKDOCS_YML = """\
INHERIT: {config}
docs_dir: {docs_dir}
theme:
  name: material
  custom_dir: {custom_dir}
watch: []
plugins:
  - search
  - literate-nav:
      nav_file: SUMMARY.md
  - mkdocstrings:
      handlers:
        python:
          paths: [{src}]
  - offline
"""


def cli_command(out: Path, *extra: str) -> list[str]:
    """``python -m dashtam.docs build`` of the repo's docs into ``out``."""
    return [
        sys.executable,
        "-m",
        "dashtam.docs",
        "build",
        "--out",
        str(out),
        "--docs-dir",
        str(REPO_ROOT / "docs"),
        "--config",
        str(CONFIG),
        *extra,
    ]


def article(build: Build, path: str) -> Tag:
    """The page's main content, without heading permalinks."""
    soup = BeautifulSoup(build.page(path), "html.parser")
    found = soup.find("article")
    assert isinstance(found, Tag), f"{path} has no article"
    for permalink in found.find_all("a", class_="headerlink"):
        permalink.decompose()
    return found


def table_rows(table: Tag) -> list[dict[str, str]]:
    headers = [th.get_text() for th in table.find_all("th")]
    return [
        dict(zip(headers, [td.get_text() for td in tr.find_all("td")], strict=True))
        for tr in table.find_all("tr")
        if tr.find("td")
    ]


def served_pages() -> dict[str, str]:
    """The real site's generated pages with pages linked as the repo's config serves them.

    ``mkdocs.yml`` enables the offline plugin, which turns directory URLs off, so
    ``providers.json`` links ``providers/<slug>.html``.
    """
    html_urls = partial(page_url, directory_urls=False)
    return generate_docs(REPO_ROOT / "docs", url_of=html_urls).pages


def nav_links(build: Build, page: str) -> dict[str, str]:
    """Site path -> link text of every link in ``page``'s primary navigation.

    Hrefs are resolved against ``page``'s folder. With ``navigation.prune`` a page's
    navigation holds its own branch, so a provider page's nav links to the page itself.
    """
    soup = BeautifulSoup(build.page(page), "html.parser")
    nav = soup.find("nav", class_="md-nav--primary")
    assert isinstance(nav, Tag)
    folder = posixpath.dirname(page)
    return {
        posixpath.normpath(posixpath.join(folder, str(a.get("href")))): " ".join(
            a.get_text().split()
        )
        for a in nav.find_all("a")
        if a.get("href") and "#" not in str(a.get("href"))
    }


def provider_table(page: Tag) -> Tag:
    """The table whose first column is "Provider" (the catalogue's, which comes first)."""
    for table in page.find_all("table"):
        first = table.find("th")
        if first is not None and first.get_text(strip=True) == "Provider":
            return table
    raise AssertionError("no table with a Provider column")


def last_table(tag: Tag) -> Tag:
    tables = tag.find_all("table")
    assert tables
    table = tables[-1]
    assert isinstance(table, Tag)
    return table
