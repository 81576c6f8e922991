"""``scripts/docs_render_hook.py``: the child process that renders the pages for MkDocs.

The hook is loaded from its file, as MkDocs loads it. Its processes here run real
commands: the real renderer, or small Python programs that fail in known ways.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from dashtam.docs import render_docs_dir
from dashtam.docs.handoff import HANDOFF_VERSION, render_handoff

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """A fresh copy of the hook module, registered in ``sys.modules`` as MkDocs does."""
    path = REPO_ROOT / "scripts" / "docs_render_hook.py"
    spec = importlib.util.spec_from_file_location("docs_render_hook_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    yield module
    module.cancel()


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_hook_reads_the_version_the_package_writes(hook: ModuleType) -> None:
    assert hook.HANDOFF_VERSION == HANDOFF_VERSION


def test_render_process_returns_the_renderers_pages(hook: ModuleType) -> None:
    rendered = hook.RenderProcess(str(DOCS_DIR)).result()
    expected = json.loads(render_handoff(DOCS_DIR))
    assert rendered.pages == render_docs_dir(DOCS_DIR)
    assert rendered.edit_paths == expected["edit_paths"]
    assert rendered.nav_file == "SUMMARY.md"


def test_a_failed_render_reports_the_childs_message(hook: ModuleType) -> None:
    process = hook.RenderProcess(
        "docs", python("import sys; sys.stderr.write('orphan prose: delete it'); sys.exit(3)")
    )
    with pytest.raises(PluginError) as raised:
        process.result()
    message = str(raised.value)
    assert "exited with 3" in message
    assert "orphan prose: delete it" in message


def test_real_problems_reach_the_build_error_whole(hook: ModuleType, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "providers" / "_prose").mkdir(parents=True)
    (docs / "providers" / "_prose" / "ghost.md").write_text("Boo\n", encoding="utf-8")
    (docs / "marker.md").write_text("<!-- dashtam:nope -->\n", encoding="utf-8")
    with pytest.raises(PluginError) as raised:
        hook.RenderProcess(str(docs)).result()
    message = str(raised.value)
    assert "(2 problem(s))" in message
    assert "providers/_prose/ghost.md" in message
    assert "<!-- dashtam:nope -->" in message


@pytest.mark.parametrize(
    ("printed", "problem"),
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "is not a JSON object"),
        ('{"version": 99}', "has version 99"),
        (
            json.dumps({"version": HANDOFF_VERSION, "pages": {}, "edit_paths": {}}),
            "has no nav_file",
        ),
        (
            json.dumps(
                {
                    "version": HANDOFF_VERSION,
                    "nav_file": "S.md",
                    "pages": {"a": 1},
                    "edit_paths": {},
                }
            ),
            "has no pages mapping",
        ),
        (
            json.dumps({"version": HANDOFF_VERSION, "nav_file": "S.md", "pages": {}}),
            "has no edit_paths mapping",
        ),
    ],
)
def test_a_document_of_another_shape_is_refused_with_the_fix(
    hook: ModuleType, printed: str, problem: str
) -> None:
    with pytest.raises(PluginError) as raised:
        hook.parse_document(printed.encode(), ["render"])
    assert problem in str(raised.value)
    assert "pip install -e ." in str(raised.value)


def test_what_the_child_says_on_success_is_logged_not_lost(
    hook: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    document = json.dumps({"version": 1, "nav_file": "S.md", "pages": {}, "edit_paths": {}})
    code = f"import sys; sys.stderr.write('a note'); sys.stdout.write({document!r})"
    with caplog.at_level("INFO"):
        rendered = hook.RenderProcess("docs", python(code)).result()
    assert rendered.pages == {}
    assert "a note" in caplog.text


def test_cancel_stops_a_running_render(hook: ModuleType) -> None:
    process = hook.RenderProcess("docs", python("import time; time.sleep(60)"))
    assert process.running
    process.cancel()
    assert not process.running


def test_on_config_starts_the_render_take_uses_it_and_errors_stop_it(
    hook: ModuleType, tmp_path: Path
) -> None:
    hook.start(str(DOCS_DIR))
    started = hook._pending
    assert started is not None
    assert started.docs_dir == str(DOCS_DIR)
    assert hook.take_rendered(str(DOCS_DIR)).pages == render_docs_dir(DOCS_DIR)
    assert hook._pending is None, "a render is taken once"

    hook.start(str(DOCS_DIR))
    pending = hook._pending
    hook.on_build_error(RuntimeError("another plugin failed"))
    assert hook._pending is None
    assert not pending.running


def test_take_for_another_docs_folder_renders_that_folder(hook: ModuleType) -> None:
    hook.start("/nonexistent/docs")
    stale = hook._pending
    assert hook.take_rendered(str(DOCS_DIR)).pages == render_docs_dir(DOCS_DIR)
    assert not stale.running
