"""A real Zensical build of ``python -m dashtam.docs build --out DIR``: same pages, own nav.

Zensical runs neither gen-files nor literate-nav; the CLI writes the pages and a
``zensical.toml`` whose ``nav`` comes from the same nav model as ``SUMMARY.md``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docs_builds import (
    HOSTILE_MODULE,
    HOSTILE_NAMES,
    Build,
    article,
    base_env,
    cli_command,
    nav_links,
    provider_table,
    table_rows,
)

from dashtam.docs import visible_text
from dashtam.docs.badges import badge_texts
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderCapability, get_statistics

pytestmark = pytest.mark.build


def zensical_build(project: Path, *, env: dict[str, str]) -> Build:
    """The CLI writes ``project``; ``zensical build --strict`` builds it in its own folder."""
    cli = subprocess.run(cli_command(project), env=env, capture_output=True, text=True, check=False)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(project / "site", result.stdout + result.stderr, result.returncode)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = zensical_build(tmp_path_factory.mktemp("zensical") / "project", env=base_env())
    assert build.returncode == 0, build.output
    return build


def test_every_provider_page_is_built(site: Build) -> None:
    for entry in PROVIDER_REGISTRY:
        page = article(site, f"providers/{entry.slug}.html")
        h1 = page.find("h1")
        assert h1 is not None
        assert h1.get_text() == entry.display_name
        headings = [h2.get_text() for h2 in page.find_all("h2")]
        assert f"Setup: {entry.auth_type.label}" in headings
        for capability in entry.capabilities:
            assert capability.description in page.get_text()


def test_the_catalogue_has_one_row_per_provider(site: Build) -> None:
    rows = table_rows(provider_table(article(site, "providers/index.html")))
    assert [row["Provider"] for row in rows] == [
        " ".join([e.display_name, *badge_texts(e)]) for e in PROVIDER_REGISTRY
    ]
    assert [row["Category"] for row in rows] == [e.category.label for e in PROVIDER_REGISTRY]


def test_the_statistics_are_get_statistics(site: Build) -> None:
    stats = get_statistics()
    tables = article(site, "providers/statistics.html").find_all("table")
    totals = {row["Measure"]: int(row["Count"]) for row in table_rows(tables[0])}
    assert totals == {
        "Providers": stats["total_providers"],
        "OAuth providers": stats["oauth_providers"],
        "Disabled providers": stats["disabled_providers"],
        "Beta providers": stats["beta_providers"],
        "Providers requiring a newer Dashtam": stats["version_gated_providers"],
        "Providers with a health check": stats["health_checked_providers"],
    }
    matrix = table_rows(tables[-1])
    for row, entry in zip(matrix, PROVIDER_REGISTRY, strict=True):
        assert {c for c in ProviderCapability if row.get(c.label) == "✓"} == set(entry.capabilities)


def test_the_nav_is_the_one_summary_md_describes(site: Build) -> None:
    for entry in PROVIDER_REGISTRY:
        page = f"providers/{entry.slug}.html"
        assert nav_links(site, page)[page] == entry.display_name
    assert "providers/statistics.html" in nav_links(site, "index.html")
    assert not (site.site / "SUMMARY").exists()


def test_hostile_names_reach_the_zensical_nav_as_text(tmp_path: Path) -> None:
    (tmp_path / "hostile_registry.py").write_text(HOSTILE_MODULE, encoding="utf-8")
    env = base_env(
        {"PYTHONPATH": str(tmp_path), "DASHTAM_DOCS_REGISTRY": "hostile_registry:REGISTRY"}
    )
    build = zensical_build(tmp_path / "project", env=env)
    assert build.returncode == 0, build.output
    soup = BeautifulSoup(build.page("index.html"), "html.parser")
    assert soup.find("img") is None
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    for index, name in enumerate(HOSTILE_NAMES):
        page = f"providers/h{index}.html"
        assert nav_links(build, page)[page] == " ".join(visible_text(name).split())
