"""Real builds: the pages are rendered in a child process, and MkDocs only adds them.

Each test builds the real registry's site from a copy of ``mkdocs.yml`` changed in one
way (see ``docs_builds.config_copy``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docs_builds import REPO_ROOT, base_env, config_copy, run_build

pytestmark = pytest.mark.build

PROBE_HOOK = """\
import json, sys

def on_post_build(config):
    loaded = sorted(name for name in sys.modules if name.partition(".")[0] in {roots!r})
    with open({out!r}, "w", encoding="utf-8") as handle:
        json.dump(loaded, handle)
"""


def test_mkdocs_process_never_imports_the_renderer(tmp_path: Path) -> None:
    """All of dashtam and pydantic stay in the child: nothing to reload, nothing to slow MkDocs."""
    out = tmp_path / "modules.json"
    probe = tmp_path / "probe_hook.py"
    probe.write_text(
        PROBE_HOOK.format(roots={"dashtam", "pydantic", "pydantic_settings"}, out=str(out)),
        encoding="utf-8",
    )
    config = config_copy(tmp_path)
    hooks = [*_hooks(config), str(probe)]
    config = config_copy(tmp_path, hooks=hooks)
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode == 0, build.output
    assert json.loads(out.read_text(encoding="utf-8")) == []
    assert (tmp_path / "site" / "providers" / "schwab" / "index.html").is_file()


def test_every_renderer_problem_fails_the_build_with_its_fix(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    (docs / "providers" / "_prose" / "fidelity.md").write_text("## Hi\n", encoding="utf-8")
    (docs / "guides" / "marker.md").write_text("<!-- dashtam:nope -->\n", encoding="utf-8")
    config = config_copy(tmp_path, docs_dir=str(docs))
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode != 0
    assert "The generated pages could not be rendered" in build.output
    assert "(2 problem(s))" in build.output
    assert "providers/_prose/fidelity.md" in build.output
    assert "Registered slugs: schwab, alpaca, chase_file" in build.output
    assert "<!-- dashtam:nope -->" in build.output


def test_without_the_render_hook_the_build_says_how_to_add_it(tmp_path: Path) -> None:
    config = config_copy(tmp_path, hooks=None)
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode != 0
    assert "hooks:\n  - scripts/docs_render_hook.py" in build.output


def test_edit_links_point_at_the_registry_or_the_handwritten_page(tmp_path: Path) -> None:
    config = config_copy(
        tmp_path,
        repo_url="https://git.example/dashtam/dashtam",
        edit_uri="edit/main/docs/",
        theme={"name": "material", "font": False, "features": ["content.action.edit"]},
    )
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode == 0, build.output
    base = "https://git.example/dashtam/dashtam/edit/main/"
    for page, source in (
        ("providers/schwab/index.html", "src/dashtam/domain/providers/registry.py"),
        ("providers/index.html", "src/dashtam/domain/providers/registry.py"),
        ("index.html", "docs/index.md"),
        ("guides/adding-providers/index.html", "docs/guides/adding-providers.md"),
    ):
        soup = BeautifulSoup(build.page(page), "html.parser")
        edit = soup.find("a", attrs={"title": "Edit this page"})
        assert edit is not None, page
        assert edit.get("href") == base + source, page
        assert (REPO_ROOT / source).is_file()


def _hooks(config: Path) -> list[str]:
    import yaml

    hooks: list[str] = yaml.safe_load(config.read_text(encoding="utf-8"))["hooks"]
    return hooks
