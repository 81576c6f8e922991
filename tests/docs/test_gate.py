"""The gate before a docs build: the check's report, or nothing for synthetic registries."""

from __future__ import annotations

from pathlib import Path

from dashtam.docs.gate import publication_refusal

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_real_project_passes_the_gate_strictly() -> None:
    assert publication_refusal(REPO_ROOT, strict=True, registry_spec=None) is None


def test_a_project_the_check_fails_is_refused_with_the_checks_report(tmp_path: Path) -> None:
    refusal = publication_refusal(tmp_path, strict=False, registry_spec=None)
    assert refusal is not None
    assert "dashtam check: 1 error" in refusal
    assert f"There is no .env.example in {tmp_path}" in refusal
    assert "fix: " in refusal


def test_a_synthetic_registry_documents_no_project_and_is_not_checked(tmp_path: Path) -> None:
    assert publication_refusal(tmp_path, strict=True, registry_spec="any.module:entries") is None
