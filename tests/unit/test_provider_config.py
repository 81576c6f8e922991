"""Provider configuration schemas: fields, required fields, and their Settings view."""

from __future__ import annotations

import pytest
from fixture_providers import (
    FILES_ENTRY,
    LEGACY_ENTRY,
    OAUTH_ENTRY,
    FixtureFilesConfig,
    FixtureKeysConfig,
    FixtureOAuthConfig,
    FixtureSettings,
)
from pydantic import SecretStr, ValidationError
from pydantic_core import PydanticUndefined

from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderMetadata
from dashtam.domain.providers.config import (
    HttpClientConfig,
    OAuthRedirectConfig,
    ProviderConfig,
    config_fields,
    required_fields,
    settings_field,
    settings_read_by,
)

#: The shared HTTP client's fields, in declaration order, whichever they are.
HTTP_FIELDS = tuple(HttpClientConfig.model_fields)


def test_fields_list_the_schema_s_own_then_each_part_s() -> None:
    assert config_fields(FixtureOAuthConfig) == (
        "fixture_oauth_client_id",
        "fixture_oauth_client_secret",
        "fixture_oauth_mode",
        "public_base_url",
        *HTTP_FIELDS,
    )
    assert config_fields(FixtureKeysConfig) == ("fixture_keys_base_url", *HTTP_FIELDS)
    assert config_fields(FixtureFilesConfig) == ()


def test_required_fields_are_those_without_a_default() -> None:
    assert required_fields(FixtureOAuthConfig) == (
        "fixture_oauth_client_id",
        "fixture_oauth_client_secret",
    )
    assert required_fields(FixtureKeysConfig) == ()


def test_schemas_are_frozen_and_refuse_unknown_fields() -> None:
    config = FixtureKeysConfig()
    with pytest.raises(ValidationError, match="frozen"):
        config.fixture_keys_base_url = "https://other.example"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        FixtureKeysConfig(fixture_keys_api_token="x")  # type: ignore[call-arg]


def test_secrets_never_show_in_a_config_repr() -> None:
    config = FixtureOAuthConfig(
        fixture_oauth_client_id=SecretStr("ID-123"), fixture_oauth_client_secret=SecretStr("S-456")
    )
    assert "ID-123" not in repr(config)
    assert "S-456" not in str(config)


def test_settings_field_copies_description_and_default() -> None:
    for name in config_fields(FixtureOAuthConfig):
        schema_field = FixtureOAuthConfig.model_fields[name]
        settings = FixtureSettings.model_fields[name]
        assert settings.description == schema_field.description
        expected = None if schema_field.is_required() else schema_field.default
        assert settings.default == expected
        assert settings.default is not PydanticUndefined


def test_settings_field_names_an_unknown_field_and_the_fix() -> None:
    with pytest.raises(
        ValueError, match="FixtureKeysConfig has no field 'fixture_keys_url'"
    ) as caught:
        settings_field(FixtureKeysConfig, "fixture_keys_url")
    assert "fixture_keys_base_url" in str(caught.value)
    assert "src/dashtam/domain/providers/config.py" in str(caught.value)


@pytest.mark.parametrize(
    "url", ["ftp://example.com", "localhost:8000", "https://", "", "nothing at all"]
)
def test_base_urls_must_be_http(url: str) -> None:
    with pytest.raises(ValidationError, match="http:// or https:// URL"):
        OAuthRedirectConfig(public_base_url=url)


def test_base_urls_lose_their_trailing_slash() -> None:
    assert OAuthRedirectConfig(public_base_url=" https://x.example/ ").public_base_url == (
        "https://x.example"
    )


def test_http_settings_are_bounded() -> None:
    with pytest.raises(ValidationError, match="greater than 0"):
        HttpClientConfig(provider_http_timeout_seconds=0)
    with pytest.raises(ValidationError, match="less than or equal to 10"):
        HttpClientConfig(provider_http_max_retries=11)


def test_settings_read_by_is_the_schema_or_else_required_settings() -> None:
    assert settings_read_by(OAUTH_ENTRY) == config_fields(FixtureOAuthConfig)
    assert settings_read_by(FILES_ENTRY) == ()
    assert settings_read_by(LEGACY_ENTRY) == ("fixture_legacy_token",)


@pytest.mark.parametrize("entry", list(PROVIDER_REGISTRY), ids=lambda e: str(e.slug))
def test_every_real_entry_has_a_schema_whose_required_fields_it_lists(
    entry: ProviderMetadata,
) -> None:
    schema = entry.config_schema
    assert schema is not None, (
        f"{entry.slug}: give the entry config_schema=<its ProviderConfig subclass> "
        f"(src/dashtam/domain/providers/config.py)"
    )
    assert issubclass(schema, ProviderConfig), (
        f"{entry.slug}: give the entry config_schema=<its ProviderConfig subclass> "
        f"(src/dashtam/domain/providers/config.py)"
    )
    assert set(required_fields(schema)) == set(entry.required_settings), (
        f"{entry.slug}: required_settings must be exactly {schema.__name__}'s fields without "
        f"a default; run python -m dashtam check for the fix"
    )
