"""``scripts/docs_render_hook.py``: the child process that renders the pages for MkDocs.

The hook is loaded from its file, as MkDocs loads it. Its processes here run real
commands: the real renderer, or small Python programs that misbehave in known ways.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from dashtam.docs import render_docs_dir
from dashtam.docs.handoff import ENCODING_ERRORS, HANDOFF_VERSION

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


def sender(header: object, frames: list[bytes], *, tail: bytes = b"", exit_code: int = 0) -> str:
    """A Python program that writes ``header`` and ``frames`` as a stream, then exits."""
    data = json.dumps(header).encode() + b"\n" + b"".join(frames) + tail
    return (
        f"import sys; sys.stdout.buffer.write({data!r}); sys.stdout.flush(); sys.exit({exit_code})"
    )


def read_everything(render: object) -> dict[str, str]:
    render.read_header()  # type: ignore[attr-defined]
    pages: dict[str, str] = render.finish()  # type: ignore[attr-defined]
    return pages


def frame(text: str) -> bytes:
    body = text.encode("utf-8", ENCODING_ERRORS)
    return b"%d\n" % len(body) + body


HEADER = {
    "version": HANDOFF_VERSION,
    "nav_file": "SUMMARY.md",
    "pages": ["SUMMARY.md", "a.md", "b.md", "data.json"],
    "edit_paths": {"a.md": "../src/x.py", "b.md": "../src/x.py"},
}


def test_hook_reads_the_version_the_package_writes(hook: ModuleType) -> None:
    assert hook.HANDOFF_VERSION == HANDOFF_VERSION
    assert hook.ENCODING_ERRORS == ENCODING_ERRORS


def test_the_real_renderer_streams_every_page(hook: ModuleType) -> None:
    render = hook.RenderProcess(str(DOCS_DIR))
    render.read_header()
    expected = render_docs_dir(DOCS_DIR)
    assert sorted(render.pages) == sorted(expected)
    assert render.nav_file == "SUMMARY.md"
    assert render.placeholders == set(expected) - {"SUMMARY.md"}
    received = {"providers/schwab.md": render.content("providers/schwab.md")}
    received |= render.finish()
    assert received == expected
    assert not render.running


def test_pages_arrive_in_any_order_asked_and_once(hook: ModuleType) -> None:
    frames = [frame("nav"), frame("A é \ud800"), frame("B\n\nb"), frame("{}")]
    render = hook.RenderProcess("docs", python(sender(HEADER, frames)))
    render.read_header()
    assert render.content("b.md") == "B\n\nb"
    assert render.content("a.md") == "A é \ud800"
    with pytest.raises(PluginError, match="already handed it out"):
        render.content("a.md")
    with pytest.raises(PluginError, match="did not announce it"):
        render.content("nope.md")
    assert render.finish() == {"SUMMARY.md": "nav", "data.json": "{}"}


def test_a_failed_render_reports_the_childs_message(hook: ModuleType) -> None:
    code = "import sys; sys.stderr.write('orphan prose: delete it'); sys.exit(3)"
    render = hook.RenderProcess("docs", python(code))
    with pytest.raises(PluginError) as raised:
        render.read_header()
    message = str(raised.value)
    assert "exited with 3" in message
    assert "orphan prose: delete it" in message


def test_real_problems_reach_the_build_error_whole(hook: ModuleType, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "providers" / "_prose").mkdir(parents=True)
    (docs / "providers" / "_prose" / "ghost.md").write_text("Boo\n", encoding="utf-8")
    (docs / "marker.md").write_text("<!-- dashtam:nope -->\n", encoding="utf-8")
    with pytest.raises(PluginError) as raised:
        hook.RenderProcess(str(docs)).read_header()
    message = str(raised.value)
    assert "(2 problem(s))" in message
    assert "providers/_prose/ghost.md" in message
    assert "<!-- dashtam:nope -->" in message


def test_a_child_that_dies_mid_stream_fails_the_page_it_owed(hook: ModuleType) -> None:
    code = sender(HEADER, [frame("nav"), b"100\npartial"], exit_code=0).replace(
        "sys.exit(0)", "sys.stderr.write('Traceback: boom'); sys.exit(1)"
    )
    render = hook.RenderProcess("docs", python(code))
    render.read_header()
    assert render.content("SUMMARY.md") == "nav"
    with pytest.raises(PluginError) as raised:
        render.content("a.md")
    assert "exited with 1" in str(raised.value)
    assert "Traceback: boom" in str(raised.value)


@pytest.mark.parametrize(
    ("header", "frames", "tail", "problem"),
    [
        ("not json", [], b"", "sent a header that is not a JSON object"),
        ({**HEADER, "version": 99}, [], b"", "has version 99"),
        ({k: v for k, v in HEADER.items() if k != "nav_file"}, [], b"", "has no nav_file"),
        ({**HEADER, "pages": "a.md"}, [], b"", "has no list of pages"),
        ({**HEADER, "edit_paths": {"a.md": 1}}, [], b"", "has no edit_paths mapping"),
        (HEADER, [b"twelve\n"], b"", "where a page's length belongs"),
        (HEADER, [frame("n"), frame("a"), frame("b"), frame("d")], b"extra", "more than its"),
    ],
)
def test_a_stream_of_another_shape_is_refused_with_the_fix(
    hook: ModuleType, header: object, frames: list[bytes], tail: bytes, problem: str
) -> None:
    render = hook.RenderProcess("docs", python(sender(header, frames, tail=tail)))
    with pytest.raises(PluginError) as raised:
        read_everything(render)
    assert problem in str(raised.value)
    assert "pip install -e ." in str(raised.value)


def test_cancel_stops_a_running_render(hook: ModuleType) -> None:
    render = hook.RenderProcess("docs", python("import time; time.sleep(60)"))
    assert render.running
    render.cancel()
    assert not render.running


def test_on_config_starts_the_render_and_errors_stop_it(hook: ModuleType) -> None:
    hook.start(str(DOCS_DIR))
    started = hook._pending
    assert started is not None
    assert started.docs_dir == str(DOCS_DIR)
    render = hook.take_render(str(DOCS_DIR))
    assert render is started
    assert hook._pending is None, "a render is taken once"
    hook.on_build_error(RuntimeError("another plugin failed"))
    assert hook._active is None
    assert not render.running


def test_take_for_another_docs_folder_renders_that_folder(hook: ModuleType) -> None:
    hook.start("/nonexistent/docs")
    stale = hook._pending
    render = hook.take_render(str(DOCS_DIR))
    assert render is not stale
    assert not stale.running
    assert "providers/index.md" in render.pages


def test_the_child_may_write_far_ahead_of_mkdocs(hook: ModuleType) -> None:
    """A 64 KiB pipe would stop the child every few pages; it gets the system's maximum."""
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text(encoding="utf-8"))
    render = hook.RenderProcess("docs", python("import time; time.sleep(60)"))
    size = fcntl.fcntl(render._stdout.fileno(), fcntl.F_GETPIPE_SZ)
    render.cancel()
    assert size >= min(hook.PIPE_BYTES, limit)
    assert size > 64 * 1024
