"""docs/guides/adding-providers.md, followed to the letter on a copy of the repository.

Every edit the guide shows is applied in order; every ``check`` output it shows must be
the real output of ``python -m dashtam check`` at that point; every mistake it lists
must be reported as shown. Then the copy's unit and infrastructure tests run: the only
failures allowed are the snapshot class ``TestProviderRegistryStatistics``, and the new
provider packages must reach the coverage bar. So the guide cannot drift from the code.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Final

import pytest
from guide_edits import Directive, apply_edit, apply_try, edited_python_files, read_guide

ROOT: Final = Path(__file__).resolve().parents[2]
GUIDE: Final = ROOT / "docs" / "guides" / "adding-providers.md"
COPIED: Final = (
    "src",
    "tests",
    "docs",
    "scripts",
    ".env.example",
    "pyproject.toml",
    "mkdocs.yml",
    "overrides",  # the theme's custom_dir (mkdocs.yml)
)
SNAPSHOT_CLASS: Final = (
    "tests.unit.test_provider_registry_compliance.TestProviderRegistryStatistics"
)
_LINE_NUMBER: Final = re.compile(r"(\.py):\d+")


def run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def check_output(copy: Path) -> str:
    result = run(copy, "-m", "dashtam", "check")
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def docs_build(copy: Path) -> subprocess.CompletedProcess[str]:
    """The strict ``make docs`` build of the copy, into a folder beside it."""
    return run(copy, "-m", "mkdocs", "build", "--strict", "--site-dir", str(copy.parent / "site"))


def assert_build_refuses(copy: Path, directive: Directive) -> None:
    """Where the check finds a problem, the strict docs build fails and names it."""
    checked = run(copy, "-m", "dashtam", "check", "--strict", "--format", "json")
    if checked.returncode == 0:
        return
    first = json.loads(checked.stdout)["groups"][0]["problems"][0]["problem"]
    built = docs_build(copy)
    output = built.stdout + built.stderr
    assert built.returncode != 0, f"the strict docs build passed where the check fails:\n{output}"
    assert first in output, (
        f"{GUIDE.relative_to(ROOT)}:{directive.line}: `python -m dashtam check` reports "
        f"{first!r} here, but the strict docs build did not fail with it:\n{output[-3000:]}"
    )


def normalized(text: str) -> list[str]:
    """Lines without trailing space; line numbers masked (they move as the registry grows)."""
    return [_LINE_NUMBER.sub(r"\1:<line>", line.rstrip()) for line in text.strip().splitlines()]


def assert_shown(directive: Directive, actual: str) -> None:
    if normalized(directive.block) != normalized(actual):
        diff = "\n".join(
            difflib.unified_diff(
                normalized(directive.block), normalized(actual), "guide", "check", lineterm=""
            )
        )
        pytest.fail(
            f"{GUIDE.relative_to(ROOT)}:{directive.line}: the check output shown is not what "
            f"`python -m dashtam check` prints at this step. Paste the real output into the "
            f"block:\n{actual}\n{diff}",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("guide") / "project"
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.egg-info")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / name)
    return target


@pytest.fixture(scope="module")
def followed(copy: Path) -> Path:
    """The copy after the whole guide, every check output and mistake verified."""
    directives = read_guide(GUIDE)
    assert any(d.kind == "check" for d in directives), "the guide shows no check output"
    for directive in directives:
        if directive.kind == "edit":
            apply_edit(copy, directive.arguments, directive.block)
        elif directive.kind == "check":
            assert_shown(directive, check_output(copy))
            assert_build_refuses(copy, directive)
        else:
            snapshot = _snapshot(copy)
            apply_try(copy, directive.arguments)
            try:
                assert_shown(directive, check_output(copy))
                assert_build_refuses(copy, directive)
            finally:
                _restore(copy, snapshot)
    return copy


def _snapshot(copy: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for folder in ("src", "docs")
        for path in (copy / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    } | {copy / ".env.example": (copy / ".env.example").read_bytes()}


def _restore(copy: Path, snapshot: dict[Path, bytes]) -> None:
    for folder in ("src", "docs"):
        for path in (copy / folder).rglob("*"):
            if path.is_file() and path not in snapshot and "__pycache__" not in path.parts:
                path.unlink()
    for path, content in snapshot.items():
        path.write_bytes(content)


def test_every_step_and_mistake_shows_the_real_check_output(followed: Path) -> None:
    result = run(followed, "-m", "dashtam", "check", "--strict")
    assert result.returncode == 0, result.stdout


def test_after_the_guide_the_strict_docs_build_publishes_both_providers(followed: Path) -> None:
    result = docs_build(followed)
    assert result.returncode == 0, result.stdout + result.stderr
    for slug in ("acme", "initech"):
        # The offline plugin turns directory URLs off: pages are providers/<slug>.html.
        assert (followed.parent / "site" / "providers" / f"{slug}.html").is_file()


def test_the_code_the_guide_adds_is_lint_clean(followed: Path) -> None:
    files = edited_python_files(read_guide(GUIDE))
    in_tree = [path for path in files if (ROOT / path).is_file()]
    for command in (("check",), ("format", "--check", "--diff")):
        own = run(ROOT, "-m", "ruff", *command, *in_tree)
        assert own.returncode == 0, (
            f"ruff {' '.join(command)} fails on the project's own files (not the guide's "
            f"blocks); run `ruff format src tests` or `make lint`:\n{own.stdout}{own.stderr}"
        )
        result = run(followed, "-m", "ruff", *command, *files)
        assert result.returncode == 0, (
            f"ruff {' '.join(command)} fails on the code docs/guides/adding-providers.md "
            f"adds; fix the guide's blocks:\n{result.stdout}{result.stderr}"
        )


def test_after_the_guide_only_the_snapshot_class_fails_and_coverage_holds(
    followed: Path,
) -> None:
    report = followed / "report.xml"
    result = run(
        followed,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/unit",
        "tests/infrastructure",
        "--cov=dashtam",
        "--cov-report=",
        f"--junitxml={report}",
    )
    cases = ElementTree.parse(report).getroot().iter("testcase")
    failed = sorted(
        f"{case.get('classname')}::{case.get('name')}"
        for case in cases
        if case.find("failure") is not None or case.find("error") is not None
    )
    unexpected = [name for name in failed if not name.startswith(SNAPSHOT_CLASS + "::")]
    assert unexpected == [], (
        "Only TestProviderRegistryStatistics may fail after adding a provider; these tests "
        "depend on the real registry's members and must derive their expectations from it "
        "or use the fixture registry (tests/unit/fixture_providers.py):\n"
        + "\n".join(unexpected)
        + "\n"
        + result.stdout[-3000:]
    )
    assert failed, "TestProviderRegistryStatistics must fail until its snapshot is updated"
    added = sorted(
        {
            path.split("/")[4]
            for path in edited_python_files(read_guide(GUIDE))
            if path.startswith("src/dashtam/infrastructure/providers/")
        }
    )
    assert added, "the guide adds no provider package"
    coverage = run(followed, "scripts/check_provider_coverage.py", "--minimum", "90", *added)
    assert coverage.returncode == 0, coverage.stdout + coverage.stderr
    for package in added:
        assert f"src/dashtam/infrastructure/providers/{package}:" in coverage.stdout
