"""The settings model: env var names, secrets, descriptions and the .env file.

``.env.example`` is compared with the model by ``python -m dashtam check``
(dashtam.core.check.env_example; tests/unit/test_check.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from dashtam.core.settings import Settings, env_var_name, get_settings
from dashtam.docs.settings_facts import is_secret_annotation
from dashtam.domain.providers import PROVIDER_REGISTRY

ROOT = Path(__file__).resolve().parents[2]
SECRET_WORDS = ("key", "secret", "token", "password")


def _is_secret_field(name: str) -> bool:
    return is_secret_annotation(Settings.model_fields[name].annotation)


pytestmark = pytest.mark.usefixtures("isolated_settings")


def test_every_required_setting_is_a_field() -> None:
    required = {name for entry in PROVIDER_REGISTRY for name in entry.required_settings}
    assert required <= set(Settings.model_fields)


def test_every_field_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"Settings.{name} needs a description: the docs print it"
        assert field.description.endswith(".")


def test_credential_fields_are_secret() -> None:
    for name in Settings.model_fields:
        if any(word in name.split("_") for word in SECRET_WORDS):
            assert _is_secret_field(name), f"Settings.{name} must be SecretStr"


def test_env_var_is_the_upper_case_field_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHWAB_APP_KEY", "key-from-env")
    settings = Settings()
    assert isinstance(settings.schwab_app_key, SecretStr)
    assert settings.schwab_app_key.get_secret_value() == "key-from-env"
    assert env_var_name("schwab_app_key") == "SCHWAB_APP_KEY"


def test_secrets_never_show_in_repr_or_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHWAB_APP_SECRET", "s3cr3t-value-123")
    settings = Settings()
    assert "s3cr3t-value-123" not in repr(settings)
    assert "s3cr3t-value-123" not in str(settings)
    assert "s3cr3t-value-123" not in str(settings.model_dump())


def test_provider_credentials_default_to_unset() -> None:
    settings = Settings()
    for entry in PROVIDER_REGISTRY:
        for name in entry.required_settings:
            assert getattr(settings, name) is None


def test_dotenv_file_is_read_when_present(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SCHWAB_APP_KEY=from-dotenv\n", encoding="utf-8")
    settings = get_settings()
    assert settings.schwab_app_key is not None
    assert settings.schwab_app_key.get_secret_value() == "from-dotenv"
    assert get_settings() is settings
