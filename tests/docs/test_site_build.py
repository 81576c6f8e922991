"""Real ``mkdocs build --strict`` runs: the published HTML says what the registry says.

Each build runs once per session (see ``conftest.py``): the real site built with
planted secrets in the environment and a ``.env``, a site for a hostile registry, and
a site built without gen-files from ``python -m dashtam.docs build`` output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from docs_builds import (
    HOSTILE_NAMES,
    REPO_ROOT,
    Build,
    CliBuild,
    SecretBuild,
    article,
    base_env,
    nav_links,
    provider_table,
    served_pages,
    table_rows,
)

from dashtam.core.container.providers import settings_read_by
from dashtam.core.settings import Settings
from dashtam.docs import visible_text
from dashtam.docs.badges import badge_texts
from dashtam.docs.settings_facts import describe_setting
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderCapability, get_statistics

pytestmark = pytest.mark.build


def assert_clean(build: Build) -> None:
    assert build.returncode == 0, build.output
    assert build.warnings() == [], build.output


def test_real_build_is_strict_and_warning_free(real_build: SecretBuild) -> None:
    assert_clean(real_build)


def test_every_provider_page_is_built_with_its_setup(real_build: SecretBuild) -> None:
    assert_clean(real_build)
    for entry in PROVIDER_REGISTRY:
        page = article(real_build, f"providers/{entry.slug}.html")
        h1 = page.find("h1")
        assert h1 is not None
        assert h1.get_text() == entry.display_name
        headings = [h2.get_text() for h2 in page.find_all("h2")]
        assert f"Setup: {entry.auth_type.label}" in headings
        assert "Capabilities" in headings
        text = page.get_text()
        for setting in entry.required_settings:
            assert setting.upper() in text
        for capability in entry.capabilities:
            assert capability.description in text


def test_setup_pages_list_every_setting_the_implementation_reads(real_build: SecretBuild) -> None:
    """The container declares what each implementation reads; the page shows all of it."""
    for entry in PROVIDER_REGISTRY:
        page = article(real_build, f"providers/{entry.slug}.html")
        tables = [t for t in page.find_all("table") if t.find("th", string="Env var")]
        shown = [row["Env var"] for rows in map(table_rows, tables) for row in rows]
        expected = list(dict.fromkeys([*entry.required_settings, *settings_read_by(entry.slug)]))
        assert shown == [name.upper() for name in expected]
        for row in (row for rows in map(table_rows, tables) for row in rows):
            field = Settings.model_fields[row["Env var"].lower()]
            assert row["Description"] == field.description
            assert row["Secret"] == ("yes" if "SecretStr" in str(field.annotation) else "no")


def test_prose_is_merged_and_not_published_on_its_own(real_build: SecretBuild) -> None:
    prose_dir = REPO_ROOT / "docs" / "providers" / "_prose"
    for prose in prose_dir.glob("*.md"):
        first_heading = next(
            line[3:] for line in prose.read_text(encoding="utf-8").splitlines() if line[:3] == "## "
        )
        headings = [
            h2.get_text()
            for h2 in article(real_build, f"providers/{prose.stem}.html").find_all("h2")
        ]
        assert first_heading in headings
    assert not (real_build.site / "providers" / "_prose").exists()


def test_catalogue_has_one_row_per_provider(real_build: SecretBuild) -> None:
    rows = table_rows(provider_table(article(real_build, "providers/index.html")))
    assert [row["Provider"] for row in rows] == [
        " ".join([e.display_name, *badge_texts(e)]) for e in PROVIDER_REGISTRY
    ]
    assert [row["Category"] for row in rows] == [e.category.label for e in PROVIDER_REGISTRY]
    assert [row["Auth type"] for row in rows] == [e.auth_type.label for e in PROVIDER_REGISTRY]


def test_statistics_page_shows_get_statistics(real_build: SecretBuild) -> None:
    stats = get_statistics()
    page = article(real_build, "providers/statistics.html")
    tables = page.find_all("table")
    totals = {row["Measure"]: int(row["Count"]) for row in table_rows(tables[0])}
    assert totals == {
        "Providers": stats["total_providers"],
        "OAuth providers": stats["oauth_providers"],
        "Disabled providers": stats["disabled_providers"],
        "Beta providers": stats["beta_providers"],
        "Providers requiring a newer Dashtam": stats["version_gated_providers"],
        "Providers with a health check": stats["health_checked_providers"],
    }
    for table, key in zip(tables[1:4], ("categories", "auth_types", "capabilities"), strict=True):
        assert {row["Value"]: int(row["Providers"]) for row in table_rows(table)} == stats[key]  # type: ignore[literal-required]
    matrix = table_rows(tables[-1])
    assert [row["Provider"] for row in matrix] == [e.display_name for e in PROVIDER_REGISTRY]
    for row, entry in zip(matrix, PROVIDER_REGISTRY, strict=True):
        assert {c for c in ProviderCapability if row.get(c.label) == "✓"} == set(entry.capabilities)


def test_published_providers_json_equals_the_registry(real_build: SecretBuild) -> None:
    published = json.loads(real_build.page("providers.json"))
    jsonschema.validate(published, json.loads(real_build.page("providers.schema.json")))
    assert [p["slug"] for p in published["providers"]] == [str(e.slug) for e in PROVIDER_REGISTRY]
    assert published == json.loads(served_pages()["providers.json"])
    for item, entry in zip(published["providers"], PROVIDER_REGISTRY, strict=True):
        assert item["display_name"] == entry.display_name
        assert item["capabilities"] == [c.value for c in entry.capabilities]
        assert (real_build.site / item["page"]).is_file()


def test_nav_file_and_prose_are_neither_pages_nor_searchable(real_build: SecretBuild) -> None:
    assert not (real_build.site / "SUMMARY").exists()
    index = json.loads(real_build.page("search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any("SUMMARY" in location or "_prose" in location for location in locations)
    assert {f"providers/{e.slug}.html" for e in PROVIDER_REGISTRY} <= locations


def test_every_provider_page_is_in_its_own_navigation(real_build: SecretBuild) -> None:
    for entry in PROVIDER_REGISTRY:
        page = f"providers/{entry.slug}.html"
        assert nav_links(real_build, page)[page] == entry.display_name


def test_site_fetches_no_fonts_from_the_internet(real_build: SecretBuild) -> None:
    for page in real_build.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text, page
        assert "fonts.gstatic.com" not in text, page


def test_no_planted_setting_value_appears_anywhere_in_the_site(real_build: SecretBuild) -> None:
    secret_fields = [
        name
        for name in Settings.model_fields
        if (info := describe_setting(Settings, name)) and info.secret
    ]
    assert secret_fields, "the settings model should have secrets to plant"
    assert len(real_build.planted) >= 2 * len(secret_fields)
    assert_clean(real_build)
    for path in real_build.site.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            leaked = [value for value in real_build.planted if value.encode() in content]
            assert leaked == [], f"{path} contains planted values {leaked}"


def test_hostile_registry_builds_without_injecting_markup(hostile_build: Build) -> None:
    assert_clean(hostile_build)
    for path in hostile_build.site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), path
        for tag in soup.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on")], (path, tag.name)
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), path
        assert soup.find("img") is None, path


def test_hostile_names_read_back_exactly(hostile_build: Build) -> None:
    assert_clean(hostile_build)
    for index, name in enumerate(HOSTILE_NAMES):
        path = f"providers/h{index}.html"
        h1 = article(hostile_build, path).find("h1")
        assert h1 is not None
        assert h1.get_text() == visible_text(name)
        title = BeautifulSoup(hostile_build.page(path), "html.parser").title
        assert title is not None
        assert title.get_text().startswith(visible_text(name) + " - ")
        assert nav_links(hostile_build, path)[path] == " ".join(name.split())
    rows = table_rows(provider_table(article(hostile_build, "providers/index.html")))
    assert [row["Provider"] for row in rows] == [visible_text(name) for name in HOSTILE_NAMES]


def test_cli_output_has_every_page_and_builds_strictly_without_gen_files(
    cli_build: CliBuild,
) -> None:
    assert cli_build.cli_returncode == 0, cli_build.cli_output
    expected = served_pages()
    docs = cli_build.out / "docs"
    for path, content in expected.items():
        assert (docs / path).read_text(encoding="utf-8") == content
    assert (docs / "guides" / "adding-providers.md").is_file()
    assert not (docs / "providers" / "_prose").exists()
    assert_clean(cli_build.build)
    for entry in PROVIDER_REGISTRY:
        h1 = article(cli_build.build, f"providers/{entry.slug}.html").find("h1")
        assert h1 is not None
        assert h1.get_text() == entry.display_name
    assert not (cli_build.build.site / "SUMMARY").exists()


@pytest.mark.parametrize(
    "launch",
    [
        ["{script}"],
        ["-c", "import runpy, sys; runpy.run_path(sys.argv[1])", "{script}"],
    ],
    ids=["as-main", "via-runpy-like-gen-files"],
)
def test_gen_script_refuses_to_run_outside_a_build(tmp_path: Path, launch: list[str]) -> None:
    """Run a copy in a scratch project, so even a broken guard could only write there."""
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "gen_provider_pages.py"
    shutil.copy(REPO_ROOT / "scripts" / "gen_provider_pages.py", script)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: scratch\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, *(arg.format(script=script) for arg in launch)],
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "only runs inside a MkDocs build" in result.stderr
    assert "python -m dashtam.docs build --out DIR" in result.stderr
    assert list((tmp_path / "docs").iterdir()) == []
