"""Real builds: the pages are rendered in a child process, and MkDocs only adds them.

Each test builds the real registry's site from a copy of ``mkdocs.yml`` changed in one
way (see ``docs_builds.config_copy``).
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docs_builds import REPO_ROOT, base_env, config_copy, run_build

from dashtam.docs.handoff import write_handoff
from dashtam.domain.providers import PROVIDER_REGISTRY

pytestmark = pytest.mark.build

PROBE_HOOK = """\
import json, sys

READ = []

def on_page_markdown(markdown, page, config, files):
    READ.append(page.file.src_uri)

def on_post_build(config):
    loaded = sorted(name for name in sys.modules if name.partition(".")[0] in {roots!r})
    with open({out!r}, "w", encoding="utf-8") as handle:
        json.dump({{"modules": loaded, "read": READ}}, handle)
"""


@pytest.fixture(scope="module")
def probed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The real site, built with a hook recording what the MkDocs process imported and read."""
    folder = tmp_path_factory.mktemp("probed")
    out = folder / "probe.json"
    probe = folder / "probe_hook.py"
    probe.write_text(
        PROBE_HOOK.format(roots={"dashtam", "pydantic", "pydantic_settings"}, out=str(out)),
        encoding="utf-8",
    )
    build = run_build(
        config_copy(folder, extra_hooks=[probe]), folder / "site", cwd=REPO_ROOT, env=base_env()
    )
    assert build.returncode == 0, build.output
    assert (folder / "site" / "providers" / "schwab" / "index.html").is_file()
    probed: dict[str, list[str]] = json.loads(out.read_text(encoding="utf-8"))
    return probed


def test_mkdocs_process_never_imports_the_renderer(probed_build: dict[str, list[str]]) -> None:
    """All of dashtam and pydantic stay in the child: nothing to reload, nothing to slow MkDocs."""
    assert probed_build["modules"] == []


def test_pages_are_streamed_in_the_order_mkdocs_reads_them(
    probed_build: dict[str, list[str]],
) -> None:
    """Each page is sent before MkDocs asks for it (any other order is slower, not wrong)."""
    out = io.BytesIO()
    write_handoff(REPO_ROOT / "docs", out)
    streamed = json.loads(out.getvalue().partition(b"\n")[0])["pages"]
    read = probed_build["read"]
    assert [page for page in read if page in streamed] == [
        page for page in streamed if page in read
    ]
    assert len([page for page in read if page in streamed]) > 10


def test_every_renderer_problem_fails_the_build_with_its_fix(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    (docs / "providers" / "_prose" / "unregistered_example.md").write_text(
        "## Hi\n", encoding="utf-8"
    )
    (docs / "guides" / "marker.md").write_text("<!-- dashtam:nope -->\n", encoding="utf-8")
    config = config_copy(tmp_path, docs_dir=str(docs))
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode != 0
    assert "The generated pages could not be rendered" in build.output
    assert "(2 problem(s))" in build.output
    assert "providers/_prose/unregistered_example.md" in build.output
    registered = ", ".join(str(entry.slug) for entry in PROVIDER_REGISTRY)
    assert f"Registered slugs: {registered}" in build.output
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
