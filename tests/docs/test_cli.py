"""``python -m dashtam.docs``: writes the site's pages, or says exactly why it cannot."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from dashtam.docs import generate_docs, page_url
from dashtam.docs.cli import main
from dashtam.docs.nav import nav_config
from dashtam.docs.zensical import absolute_paths, load_mkdocs_config, uses_directory_urls
from dashtam.domain.providers import PROVIDER_REGISTRY

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"
CONFIG = ["--config", str(REPO_ROOT / "mkdocs.yml")]


@pytest.fixture
def docs_copy(tmp_path: Path) -> Path:
    """A private copy of ``docs/`` a test may break, in a project the check passes."""
    copy = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, copy)
    shutil.copy(REPO_ROOT / ".env.example", tmp_path / ".env.example")
    return copy


def test_build_writes_generated_and_handwritten_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), *CONFIG]) == 0
    # The repo's config uses the offline plugin, so pages are linked as .html files.
    generated = generate_docs(
        DOCS_DIR, url_of=lambda page: page_url(page, directory_urls=False)
    ).pages
    for path, content in generated.items():
        assert (out / "docs" / path).read_text(encoding="utf-8") == content
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    handwritten = sorted(
        p.relative_to(DOCS_DIR).as_posix()
        for p in DOCS_DIR.rglob("*")
        if p.is_file() and "_prose" not in p.parts
    )
    pages = sorted(set(generated) | set(handwritten))
    assert written == sorted([*(f"docs/{page}" for page in pages), "zensical.toml"])
    assert f"Wrote {len(pages)} pages to {out / 'docs'} and {out / 'zensical.toml'}" in (
        capsys.readouterr().out
    )


def test_zensical_toml_holds_the_site_settings_of_mkdocs_yml_and_the_nav(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), *CONFIG]) == 0
    project = tomllib.loads((out / "zensical.toml").read_text(encoding="utf-8"))["project"]
    mkdocs = absolute_paths(load_mkdocs_config(REPO_ROOT / "mkdocs.yml"), REPO_ROOT)
    for key in ("site_name", "site_url", "theme", "markdown_extensions", "exclude_docs"):
        assert project[key] == mkdocs[key], key
    assert not {"hooks", "watch"} & set(project)
    assert project["docs_dir"] == "docs"
    assert [
        next(iter(plugin)) if isinstance(plugin, dict) else plugin for plugin in project["plugins"]
    ] == ["search", "mkdocstrings", "offline"]
    docs = generate_docs(DOCS_DIR)
    assert project["nav"] == nav_config(docs.nav)
    summary_links = re.findall(r"\]\(([^)]+)\)", docs.pages["SUMMARY.md"])
    assert re.findall(r"'([^']+\.md)'", repr(project["nav"])) == summary_links


def test_build_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), *CONFIG]) == 1
    assert "is not an empty folder" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_build_into_an_existing_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), *CONFIG]) == 0
    assert (out / "docs" / "providers" / "index.md").is_file()


def test_orphan_prose_fails_with_the_file_slug_and_registered_slugs(
    docs_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs_copy / "providers" / "_prose" / "unregistered_example.md").write_text(
        "## Hi\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["build", "--docs-dir", str(docs_copy), "--out", str(out), *CONFIG]) == 1
    error = capsys.readouterr().err
    assert "`python -m dashtam check` found problems" in error, "the check runs first"
    assert "providers/_prose/unregistered_example.md" in error
    assert "unregistered_example\n" in error, "the problem is grouped under the file's slug"
    assert f"({', '.join(str(entry.slug) for entry in PROVIDER_REGISTRY)})" in error
    assert not out.exists(), "nothing may be written when the build fails"
    assert main(["check", "--docs-dir", str(docs_copy)]) == 1
    assert "providers/_prose/unregistered_example.md" in capsys.readouterr().err


def test_every_problem_is_reported_together(
    docs_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ghost = docs_copy / "providers" / "_prose" / "ghost.md"
    ghost.write_text("x", encoding="utf-8")
    (docs_copy / "broken.md").write_bytes(b"caf\xe9\n")
    (docs_copy / "guides" / "marker.md").write_text("<!-- dashtam:nope -->\n", encoding="utf-8")
    assert main(["check", "--docs-dir", str(docs_copy)]) == 1
    error = capsys.readouterr().err
    assert "ghost.md is named after no registered provider" in error, "the check runs first"
    ghost.unlink()
    assert main(["check", "--docs-dir", str(docs_copy)]) == 1
    error = capsys.readouterr().err
    assert "broken.md (in the docs folder) is not valid UTF-8" in error
    assert "(1 problem(s))" in error, "a file that cannot be read stops before rendering"
    (docs_copy / "broken.md").unlink()
    assert main(["check", "--docs-dir", str(docs_copy)]) == 1
    error = capsys.readouterr().err
    assert "(1 problem(s))" in error
    assert "<!-- dashtam:nope -->" in error


def test_check_passes_on_the_repo_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--docs-dir", str(DOCS_DIR)]) == 0
    assert "Docs OK" in capsys.readouterr().out


def test_missing_docs_folder_and_bad_registry_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--docs-dir", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err
    for spec, message in (
        ("no_colon", "must have the form module:attribute"),
        ("no.such.module:thing", "cannot be imported"),
        ("dashtam.docs:no_such_attribute", "has no attribute 'no_such_attribute'"),
        ("dashtam.docs.paths:CATALOGUE", "not a sequence of ProviderMetadata"),
        ("dashtam.docs.nav:HANDWRITTEN_NAV", "not ProviderMetadata"),
    ):
        assert main(["check", "--docs-dir", str(DOCS_DIR), "--registry", spec]) == 1
        assert message in capsys.readouterr().err, spec


def test_synthetic_registry_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = tmp_path / "tiny_registry.py"
    module.write_text(
        "from dashtam.domain.providers import PROVIDER_REGISTRY\n"
        "def make():\n    return list(PROVIDER_REGISTRY)[:1]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("DASHTAM_DOCS_REGISTRY", "tiny_registry:make")
    out = tmp_path / "out"
    assert main(["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), *CONFIG]) == 0
    assert (out / "docs" / "providers" / "schwab.md").is_file()
    assert not (out / "docs" / "providers" / "alpaca.md").exists()
    capsys.readouterr()


def test_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashtam.docs", "check", "--docs-dir", str(DOCS_DIR)],
        env={k: v for k, v in os.environ.items() if k != "DASHTAM_DOCS_REGISTRY"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Docs OK")


def test_build_without_a_readable_mkdocs_yml_says_to_pass_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "nowhere.yml"
    arguments = ["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), "--config", str(missing)]
    assert main(arguments) == 1
    error = capsys.readouterr().err
    assert str(missing) in error
    assert "--config" in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("config", "directory_urls"),
    [
        ({}, True),
        ({"use_directory_urls": False}, False),
        ({"plugins": ["search", "offline"]}, False),
        ({"plugins": [{"offline": {"enabled": False}}]}, True),
        ({"plugins": [{"offline": {}}]}, False),
    ],
)
def test_the_url_scheme_follows_the_config(config: dict[str, Any], directory_urls: bool) -> None:
    assert uses_directory_urls(config) is directory_urls


def test_built_providers_json_links_pages_as_the_config_serves_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", "--docs-dir", str(DOCS_DIR), "--out", str(out), *CONFIG]) == 0
    document = json.loads((out / "docs" / "providers.json").read_text(encoding="utf-8"))
    # The repo's config enables the offline plugin: pages are .html files.
    assert [item["page"] for item in document["providers"]] == [
        f"providers/{entry.slug}.html" for entry in PROVIDER_REGISTRY
    ]
