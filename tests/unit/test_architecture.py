"""The layering the design promises, checked on the source rather than trusted."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "dashtam"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(SRC.parent)} imports {module}"
        for path in sorted((SRC / package).rglob("*.py"))
        for module in sorted(_imports(path))
        if module.startswith(forbidden)
    ]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("domain", ("dashtam.core", "dashtam.infrastructure", "dashtam.docs", "httpx", "mkdocs")),
        ("docs", ("mkdocs", "mkdocs_gen_files", "material")),
        ("infrastructure", ("dashtam.core", "dashtam.docs", "dashtam.presentation")),
        # Routes call core, never infrastructure directly.
        ("presentation", ("dashtam.infrastructure",)),
        (
            "core",
            ("dashtam.docs", "dashtam.presentation", "mkdocs", "mkdocs_gen_files", "material"),
        ),
    ],
)
def test_layer_imports_nothing_it_must_not(package: str, forbidden: tuple[str, ...]) -> None:
    assert _violations(package, forbidden) == []


def test_the_check_sees_imports() -> None:
    assert "dashtam.domain.providers.registry" in _imports(
        SRC / "domain" / "providers" / "validation.py"
    )


def test_the_docs_build_loads_no_database_layer() -> None:
    """Every docs build runs the check and renders the app's OpenAPI document; neither
    needs SQLAlchemy or alembic, which load when the service starts (0.2-0.3 s a build)."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from dashtam.docs.gate import publication_refusal\n"
        "publication_refusal(Path('.'), strict=True, registry_spec=None)\n"
        "from dashtam.docs.api_reference import service_openapi\n"
        "service_openapi()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=SRC.parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout
