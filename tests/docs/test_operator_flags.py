"""The site a deployment builds shows its operator overrides as Disabled / Beta badges."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashtam.docs import DocsBuildError, generate_docs, provider_page
from dashtam.docs.badges import badge_texts
from dashtam.domain.providers import PROVIDER_REGISTRY

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"


def _badge_row(page: str) -> str:
    return next(line for line in page.splitlines() if "**" in line)


def test_disabled_and_beta_providers_get_their_badges(monkeypatch: pytest.MonkeyPatch) -> None:
    disabled, beta = (str(entry.slug) for entry in PROVIDER_REGISTRY[:2])
    monkeypatch.setenv("DISABLED_PROVIDERS", disabled)
    monkeypatch.setenv("BETA_PROVIDERS", beta)
    pages = generate_docs(DOCS_DIR).pages
    assert "**Disabled**" in _badge_row(pages[provider_page(disabled)])
    assert "**Beta**" in _badge_row(pages[provider_page(beta)])
    catalogue_rows = [line for line in pages["providers/index.md"].splitlines() if "|" in line]
    assert any(f"({disabled}" in row and "**Disabled**" in row for row in catalogue_rows)


def test_without_overrides_the_pages_show_the_registrys_flags(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISABLED_PROVIDERS", raising=False)
    monkeypatch.delenv("BETA_PROVIDERS", raising=False)
    pages = generate_docs(DOCS_DIR).pages
    for entry in PROVIDER_REGISTRY:
        shown = pages[provider_page(str(entry.slug))]
        assert ("**Disabled**" in shown) is ("Disabled" in badge_texts(entry))


def test_a_hostile_override_fails_the_build_naming_every_bad_item(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISABLED_PROVIDERS", ",,nope,<script>")
    with pytest.raises(DocsBuildError) as caught:
        generate_docs(DOCS_DIR)
    message = str(caught.value)
    assert "DISABLED_PROVIDERS: item 1 is empty" in message
    assert "'nope', is not a registered slug" in message
    assert "<script>" not in message
    assert ", ".join(str(entry.slug) for entry in PROVIDER_REGISTRY) in message
