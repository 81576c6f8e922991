"""The JSON document a MkDocs build receives the generated pages in (``dashtam.docs.handoff``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashtam.docs import SUMMARY, render_docs_dir
from dashtam.docs.cli import main
from dashtam.docs.handoff import (
    HANDOFF_VERSION,
    REGISTRY_EDIT_PATH,
    edit_paths,
    handoff_document,
    render_handoff,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"


def test_document_carries_exactly_the_rendered_pages() -> None:
    document = json.loads(render_handoff(DOCS_DIR))
    assert document["version"] == HANDOFF_VERSION
    assert document["nav_file"] == SUMMARY
    expected = render_docs_dir(DOCS_DIR)
    assert document["pages"] == expected
    assert list(document["pages"]) == list(expected), "the renderer's order is kept"


def test_every_edit_path_leads_to_the_file_to_edit() -> None:
    """MkDocs joins edit paths onto the docs folder's edit URL; each must name a real file."""
    document = json.loads(render_handoff(DOCS_DIR))
    markdown_pages = {path for path in document["pages"] if path.endswith(".md")}
    assert set(document["edit_paths"]) == markdown_pages - {SUMMARY}
    for page, source in document["edit_paths"].items():
        assert (DOCS_DIR / source).resolve().is_file(), (page, source)
    assert document["edit_paths"]["providers/schwab.md"] == REGISTRY_EDIT_PATH
    assert (DOCS_DIR / REGISTRY_EDIT_PATH).resolve() == (
        REPO_ROOT / "src" / "dashtam" / "domain" / "providers" / "registry.py"
    )
    assert document["edit_paths"]["index.md"] == "index.md", "hand-written pages keep their own"


def test_pages_without_an_edit_link() -> None:
    paths = edit_paths(["SUMMARY.md", "providers.json", "a.md", "b.md"], handwritten={"b.md"})
    assert paths == {"a.md": REGISTRY_EDIT_PATH, "b.md": "b.md"}


@given(st.dictionaries(st.text(), st.text(), max_size=5))
def test_any_text_survives_the_document_ascii_only(pages: dict[str, str]) -> None:
    document = handoff_document(pages, handwritten=())
    assert document.isascii()
    assert json.loads(document)["pages"] == pages


def test_pages_command_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pages", "--docs-dir", str(DOCS_DIR)]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out) == json.loads(render_handoff(DOCS_DIR))
    assert printed.err == ""


def test_pages_command_prints_nothing_but_problems_on_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "providers" / "_prose").mkdir(parents=True)
    (docs / "providers" / "_prose" / "ghost.md").write_text("Boo\n", encoding="utf-8")
    assert main(["pages", "--docs-dir", str(docs)]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert "providers/_prose/ghost.md" in printed.err
