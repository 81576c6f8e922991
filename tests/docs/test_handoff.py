"""The stream a MkDocs build receives the generated pages in (``dashtam.docs.handoff``).

The stream is read back here with a small reader written from the format's description,
independent of the hook's reader (``test_render_hook.py`` tests that one).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.structure.files import File
from mkdocs_gen_files.editor import file_sort_key

from dashtam.docs import PROVIDERS_JSON, SUMMARY, render_docs_dir
from dashtam.docs.cli import main
from dashtam.docs.handoff import (
    HANDOFF_VERSION,
    REGISTRY_EDIT_PATH,
    edit_paths,
    mkdocs_read_order,
    stream_order,
    write_handoff,
    write_pages,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"


def read_stream(data: bytes) -> tuple[dict[str, Any], dict[str, str]]:
    """The header and ``{path: page}`` of a stream, checking every frame's length."""
    header_line, _, rest = data.partition(b"\n")
    header = json.loads(header_line)
    pages: dict[str, str] = {}
    for path in header["pages"]:
        length, _, rest = rest.partition(b"\n")
        body, rest = rest[: int(length)], rest[int(length) :]
        assert len(body) == int(length)
        pages[path] = body.decode("utf-8", "surrogatepass")
    assert rest == b"", "nothing follows the last frame"
    return header, pages


def stream_of(docs_dir: Path) -> tuple[dict[str, Any], dict[str, str]]:
    out = io.BytesIO()
    count = write_handoff(docs_dir, out)
    header, pages = read_stream(out.getvalue())
    assert count == len(pages)
    return header, pages


def test_stream_carries_exactly_the_rendered_pages() -> None:
    header, pages = stream_of(DOCS_DIR)
    assert header["version"] == HANDOFF_VERSION
    assert header["nav_file"] == SUMMARY
    assert pages == render_docs_dir(DOCS_DIR)


def test_nav_file_first_pages_in_mkdocs_order_then_the_rest() -> None:
    header, _ = stream_of(DOCS_DIR)
    order = header["pages"]
    assert order[0] == SUMMARY
    assert order[-1] == PROVIDERS_JSON
    markdown = order[1:-1]
    assert markdown == sorted(markdown, key=mkdocs_read_order)
    assert markdown[:3] == ["index.md", "architecture/registry.md", "providers/index.md"]


@given(
    st.lists(
        st.lists(st.sampled_from(["index", "a", "b", "index2", "z_"]), min_size=1, max_size=3).map(
            lambda parts: "/".join(parts) + ".md"
        ),
        unique=True,
        max_size=8,
    )
)
def test_the_read_order_is_gen_files_order(paths: list[str]) -> None:
    """gen-files sorts the files it hands MkDocs with ``file_sort_key``; ours must agree."""
    files = [
        File(path, src_dir="/docs", dest_dir="/site", use_directory_urls=True) for path in paths
    ]
    expected = [file.src_uri for file in sorted(files, key=file_sort_key)]
    assert sorted(paths, key=mkdocs_read_order) == expected


def test_stream_order_without_a_nav_file() -> None:
    assert stream_order(["b.md", "data.json", "a.md"]) == ["a.md", "b.md", "data.json"]


def test_every_edit_path_leads_to_the_file_to_edit() -> None:
    """MkDocs joins edit paths onto the docs folder's edit URL; each must name a real file."""
    header, pages = stream_of(DOCS_DIR)
    markdown_pages = {path for path in pages if path.endswith(".md")}
    assert set(header["edit_paths"]) == markdown_pages - {SUMMARY}
    for page, source in header["edit_paths"].items():
        assert (DOCS_DIR / source).resolve().is_file(), (page, source)
    assert header["edit_paths"]["providers/schwab.md"] == REGISTRY_EDIT_PATH
    assert (DOCS_DIR / REGISTRY_EDIT_PATH).resolve() == (
        REPO_ROOT / "src" / "dashtam" / "domain" / "providers" / "registry.py"
    )
    assert header["edit_paths"]["index.md"] == "index.md", "hand-written pages keep their own"


def test_pages_without_an_edit_link() -> None:
    paths = edit_paths(["SUMMARY.md", "providers.json", "a.md", "b.md"], handwritten={"b.md"})
    assert paths == {"a.md": REGISTRY_EDIT_PATH, "b.md": "b.md"}


@given(st.dictionaries(st.text().map(lambda name: name + ".md"), st.text(), max_size=5))
def test_any_text_survives_the_stream(pages: dict[str, str]) -> None:
    """Lone surrogates and newlines included: frames are counted in bytes, not lines."""
    out = io.BytesIO()
    write_pages(out, {path: lambda text=text: text for path, text in pages.items()}, ())
    header, received = read_stream(out.getvalue())
    assert received == pages
    assert header["pages"] == stream_order(pages)


def test_pages_command_writes_the_stream(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["pages", "--docs-dir", str(DOCS_DIR)]) == 0
    printed = capsysbinary.readouterr()
    _, pages = read_stream(printed.out)
    assert pages == render_docs_dir(DOCS_DIR)
    assert printed.err == b""


def test_pages_command_writes_nothing_but_problems_on_failure(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    docs = tmp_path / "docs"
    (docs / "providers" / "_prose").mkdir(parents=True)
    (docs / "providers" / "_prose" / "ghost.md").write_text("Boo\n", encoding="utf-8")
    assert main(["pages", "--docs-dir", str(docs)]) == 1
    printed = capsysbinary.readouterr()
    assert printed.out == b"", "not even a header when a check fails"
    assert b"providers/_prose/ghost.md" in printed.err
