"""Real builds: the gen-files script hands MkDocs finished pages, in-process, on public API.

Each test builds the real registry's site from a copy of ``mkdocs.yml`` (see
``docs_builds.config_copy``), some with a probe hook that records what the build did.
"""

from __future__ import annotations

import ast
import io
import json
import shutil
import tokenize
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docs_builds import CONFIG, REPO_ROOT, base_env, config_copy, run_build

from dashtam.docs import generate_docs
from dashtam.docs.zensical import load_mkdocs_config
from dashtam.domain.providers import PROVIDER_REGISTRY

#: The registered slugs as orphan-prose errors list them.
REGISTERED = ", ".join(str(entry.slug) for entry in PROVIDER_REGISTRY)

pytestmark = pytest.mark.build

SCRIPT = REPO_ROOT / "scripts" / "gen_provider_pages.py"
#: The issue's bound on the code between MkDocs and the renderer.
MAX_ADAPTER_LINES = 60

PROBE_HOOK = """\
import json, sys, traceback

SPAWNED = []
SEEN = {{}}
PAGES = {pages!r}
# Only what the pages' own path starts counts: mkdocstrings' loader (griffe) asks git
# where the source lives for the API reference, which is not the generation's doing.
OURS = ("gen_provider_pages.py", "/src/dashtam/")


def _audit(event, args):
    if event in ("subprocess.Popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn",
                 "os.system", "os.exec"):
        if any(part in frame.filename for frame in traceback.extract_stack() for part in OURS):
            SPAWNED.append(event)


sys.addaudithook(_audit)


def _record(event, files):
    for path, shown in PAGES.items():
        file = files.get_file_from_path(path)
        SEEN.setdefault(event, {{}})[path] = file is not None and shown in file.content_string


def on_files(files, config):
    _record("on_files", files)


def on_nav(nav, config, files):
    _record("on_nav", files)


def on_post_build(config):
    with open({out!r}, "w", encoding="utf-8") as handle:
        in_process = "dashtam.docs" in sys.modules
        json.dump({{"spawned": SPAWNED, "seen": SEEN, "in_process": in_process}}, handle)
"""


@pytest.fixture(scope="module")
def probed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The real site, built with a hook that sees what other plugins see and every spawn."""
    folder = tmp_path_factory.mktemp("probed")
    out = folder / "probe.json"
    probe = folder / "probe_hook.py"
    # Each provider page shows its slug in a code span (its name may be escaped).
    pages = {f"providers/{entry.slug}.md": f"`{entry.slug}`" for entry in PROVIDER_REGISTRY}
    probe.write_text(PROBE_HOOK.format(pages=pages, out=str(out)), encoding="utf-8")
    config = config_copy(folder, extra_hooks=[probe])
    build = run_build(config, folder / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode == 0, build.output
    probed: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return probed


def test_the_build_starts_no_other_process(probed_build: dict[str, object]) -> None:
    assert probed_build["spawned"] == []
    assert probed_build["in_process"] is True


def test_other_plugins_see_each_pages_content_from_on_files(
    probed_build: dict[str, object],
) -> None:
    """A tags or macros plugin reads page content in on_files/on_nav; it must be there."""
    pages = {f"providers/{entry.slug}.md": True for entry in PROVIDER_REGISTRY}
    assert probed_build["seen"] == {"on_files": pages, "on_nav": pages}


def test_every_renderer_problem_fails_the_build_with_its_fix(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    shutil.copy(REPO_ROOT / ".env.example", tmp_path / ".env.example")
    (docs / "guides" / "marker.md").write_text("<!-- dashtam:nope -->\n", encoding="utf-8")
    (docs / "guides" / "other.md").write_text("<!-- dashtam:neither -->\n", encoding="utf-8")
    config = config_copy(tmp_path, docs_dir=str(docs))
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode != 0
    assert "The documentation site cannot be generated (2 problem(s))" in build.output
    assert "<!-- dashtam:nope -->" in build.output
    assert "<!-- dashtam:neither -->" in build.output
    assert "Traceback" not in build.output
    assert not list((tmp_path / "site").glob("**/*.html")), "a failed build writes no pages"


def test_a_problem_the_check_finds_stops_the_build_before_rendering(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    (tmp_path / ".env.example").write_text(
        (REPO_ROOT / ".env.example").read_text(encoding="utf-8") + "UNREAD_BY_DASHTAM=1\n",
        encoding="utf-8",
    )
    (docs / "providers" / "_prose" / "unregistered_example.md").write_text("x", encoding="utf-8")
    config = config_copy(tmp_path, docs_dir=str(docs))
    build = run_build(config, tmp_path / "site", cwd=REPO_ROOT, env=base_env())
    assert build.returncode != 0
    assert "`python -m dashtam check` found problems" in build.output
    assert "dashtam check: 2 errors" in build.output, build.output
    assert "providers/_prose/unregistered_example.md" in build.output
    assert "UNREAD_BY_DASHTAM" in build.output
    assert f"({REGISTERED})" in build.output
    assert "Traceback" not in build.output
    assert not list((tmp_path / "site").glob("**/*.html")), "a failed build writes no pages"


def test_edit_links_point_at_the_registry_or_the_handwritten_page(tmp_path: Path) -> None:
    """With the env vars the README names, every page's edit link goes to its source."""
    env = base_env(
        {
            "DASHTAM_REPO_URL": "https://git.example/dashtam/dashtam",
            "DASHTAM_EDIT_URI": "edit/main/docs/",
        }
    )
    build = run_build(CONFIG, tmp_path / "site", cwd=REPO_ROOT, env=env)
    assert build.returncode == 0, build.output
    base = "https://git.example/dashtam/dashtam/edit/main/"
    generated = [page for page in generate_docs(REPO_ROOT / "docs").pages if page.endswith(".md")]
    handwritten = sorted(
        path.relative_to(REPO_ROOT / "docs").as_posix()
        for path in (REPO_ROOT / "docs").rglob("*.md")
        if "_prose" not in path.parts and "vendor" not in path.parts
    )
    expected = {
        page: "src/dashtam/domain/providers/registry.py"
        for page in generated
        if page != "SUMMARY.md" and page not in handwritten
    } | {page: f"docs/{page}" for page in handwritten}
    assert len(expected) > len(PROVIDER_REGISTRY) + 4
    for page, source in expected.items():
        soup = BeautifulSoup(build.page(page.removesuffix(".md") + ".html"), "html.parser")
        edit = soup.find("a", attrs={"title": "Edit this page"})
        assert edit is not None, page
        assert edit.get("href") == base + source, page
        assert (REPO_ROOT / source).is_file()


def code_lines(path: Path) -> int:
    """Lines holding code: not blank, not only a comment, not part of a docstring."""
    source = path.read_text(encoding="utf-8")
    docstring_lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstring_lines.update(range(value.lineno, (value.end_lineno or 0) + 1))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENDMARKER,
        ):
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstring_lines)


def test_the_gen_files_script_is_short_and_uses_public_api_only() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    private = [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not (node.attr.startswith("__") and node.attr.endswith("__"))
    ]
    imported = {
        alias.name.partition(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert private == []
    assert not imported & {"subprocess", "multiprocessing", "threading"}
    assert code_lines(SCRIPT) <= MAX_ADAPTER_LINES


def test_the_config_has_no_hooks() -> None:
    config = load_mkdocs_config(CONFIG)
    assert "hooks" not in config
