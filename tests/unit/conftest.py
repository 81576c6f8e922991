"""Fixtures shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashtam.core.settings import Settings, env_var_name, get_settings


@pytest.fixture
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer .env or exported variable leaks into a test that reads settings."""
    for name in Settings.model_fields:
        monkeypatch.delenv(env_var_name(name), raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
