"""The registry-driven container: lookup, config validation, lazy construction, caching.

Mechanism tests run the container on the fictional registry of ``fixture_providers``;
the tests at the end check the real registry and derive every expectation from it.
"""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import Any

import pytest
from configured_settings import configured_settings
from fixture_providers import (
    FILES_ENTRY,
    FIXTURE_REGISTRY,
    KEYS_ENTRY,
    LEGACY_ENTRY,
    OAUTH_ENTRY,
    UNREGISTERED,
    FixtureFilesConfig,
    FixtureFilesProvider,
    FixtureKeysConfig,
    FixtureKeysProvider,
    FixtureLegacyProvider,
    FixtureOAuthConfig,
    FixtureOAuthProvider,
    FixtureSettings,
    fixture_implementation,
    fixture_settings,
)

from dashtam.core.container import (
    ProviderConfigError,
    ProviderNotConfiguredError,
    UnimplementedProviderError,
    build_provider,
    constructor_keywords,
    get_oauth_provider,
    get_provider,
    implementation_class,
    is_oauth_provider,
    provider_config,
    settings_read_by,
)
from dashtam.core.container import providers as container
from dashtam.core.oauth import oauth_callback_path
from dashtam.core.settings import Settings, env_var_name
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderAuthType, ProviderMetadata
from dashtam.domain.providers.config import required_fields
from dashtam.domain.providers.protocols import OAuthProviderProtocol, ProviderProtocol
from dashtam.infrastructure.providers.http import ProviderHttpClient

get_fixture = partial(
    get_provider, registry=FIXTURE_REGISTRY, implementations=fixture_implementation
)


@pytest.fixture(autouse=True)
def _isolated(isolated_settings: None) -> None:
    container.clear_provider_cache()


# Construction: config objects and the keywords every implementation receives -----------


def test_each_implementation_gets_its_config_and_the_parts_its_schema_includes() -> None:
    settings = fixture_settings(public_base_url="https://dashtam.example/")
    oauth = get_fixture(OAUTH_ENTRY.slug, settings)
    assert isinstance(oauth, FixtureOAuthProvider)
    assert oauth.config == FixtureOAuthConfig(
        fixture_oauth_client_id="fixture-client-id",  # type: ignore[arg-type]
        fixture_oauth_client_secret="fixture-client-secret",  # type: ignore[arg-type]
        public_base_url="https://dashtam.example",
    )
    assert oauth.setup is OAUTH_ENTRY.setup
    assert oauth.redirect_uri == "https://dashtam.example" + oauth_callback_path(OAUTH_ENTRY.slug)
    assert isinstance(oauth.http, ProviderHttpClient)

    keys = get_fixture(KEYS_ENTRY.slug, settings)
    assert isinstance(keys, FixtureKeysProvider)
    assert keys.config == FixtureKeysConfig()
    assert isinstance(keys.http, ProviderHttpClient)

    files = get_fixture(FILES_ENTRY.slug, settings)
    assert isinstance(files, FixtureFilesProvider)
    assert files.config == FixtureFilesConfig()


def test_the_http_client_follows_the_http_settings() -> None:
    settings = fixture_settings(
        provider_http_timeout_seconds=2.5,
        provider_http_max_retries=0,
        provider_http_max_backoff_seconds=4,
    )
    keys = get_fixture(KEYS_ENTRY.slug, settings)
    assert isinstance(keys, FixtureKeysProvider)
    policy = keys.http.policy
    assert (policy.timeout_seconds, policy.max_retries, policy.max_delay_seconds) == (2.5, 0, 4)


@pytest.mark.parametrize(
    ("entry", "keywords"),
    [
        (OAUTH_ENTRY, ("config", "setup", "http", "redirect_uri")),
        (KEYS_ENTRY, ("config", "setup", "http")),
        (FILES_ENTRY, ("config", "setup")),
        (LEGACY_ENTRY, ("settings",)),
    ],
    ids=lambda value: getattr(value, "slug", ""),
)
def test_constructor_keywords_follow_schema_and_setup(
    entry: ProviderMetadata, keywords: tuple[str, ...]
) -> None:
    assert constructor_keywords(entry) == keywords


def test_config_objects_are_frozen() -> None:
    config = provider_config(KEYS_ENTRY, fixture_settings())
    assert isinstance(config, FixtureKeysConfig)
    with pytest.raises(ValueError, match="frozen"):
        config.fixture_keys_base_url = "https://other.example"  # type: ignore[misc]


# Not configured, misconfigured --------------------------------------------------------


def test_every_unset_required_setting_is_named_at_once() -> None:
    bare = FixtureSettings(fixture_oauth_client_secret="   ")  # type: ignore[arg-type]
    with pytest.raises(ProviderNotConfiguredError) as caught:
        get_fixture(OAUTH_ENTRY.slug, bare)
    expected = tuple(env_var_name(name) for name in required_fields(FixtureOAuthConfig))
    assert caught.value.missing_env_vars == expected
    message = str(caught.value)
    assert message.startswith(
        f"Provider fixture_oauth is not configured: set {', '.join(expected)} in the "
        f"environment or in the .env file"
    )
    assert isinstance(caught.value, ValueError)


def test_an_invalid_value_names_the_env_var_and_the_problem_not_the_value() -> None:
    settings = FixtureSettings.model_construct(
        fixture_oauth_client_id="id",
        fixture_oauth_client_secret="VERY-SECRET-123",
        fixture_oauth_mode="production",
        provider_http_timeout_seconds=-1,
        provider_http_max_retries=3,
        provider_http_max_backoff_seconds=30,
        public_base_url="ftp://nowhere",
    )
    with pytest.raises(ProviderConfigError) as caught:
        provider_config(OAUTH_ENTRY, settings)
    error = caught.value
    assert not isinstance(error, ProviderNotConfiguredError)
    assert sorted(env_var for env_var, _ in error.invalid) == [
        "FIXTURE_OAUTH_MODE",
        "PROVIDER_HTTP_TIMEOUT_SECONDS",
        "PUBLIC_BASE_URL",
    ]
    message = str(error)
    assert message.startswith("Provider fixture_oauth is misconfigured: fix the value of ")
    assert "FIXTURE_OAUTH_MODE: Input should be 'sandbox' or 'live'" in message
    assert "PROVIDER_HTTP_TIMEOUT_SECONDS: Input should be greater than 0" in message
    assert "VERY-SECRET-123" not in message


def test_a_secret_a_validator_would_echo_is_masked() -> None:
    settings = FixtureSettings.model_construct(
        fixture_oauth_client_id="id",
        fixture_oauth_client_secret=12345,  # not a string: pydantic rejects it
        fixture_oauth_mode="sandbox",
        provider_http_timeout_seconds=1,
        provider_http_max_retries=0,
        provider_http_max_backoff_seconds=1,
        public_base_url="https://dashtam.example",
    )
    with pytest.raises(ProviderConfigError, match="FIXTURE_OAUTH_CLIENT_SECRET: Input should"):
        provider_config(OAUTH_ENTRY, settings)


def test_a_field_the_settings_model_lacks_is_named_with_the_fix() -> None:
    from pydantic_settings import BaseSettings

    class TooFewSettings(BaseSettings):
        fixture_oauth_client_id: str | None = "id"

    with pytest.raises(ProviderNotConfiguredError) as caught:
        provider_config(OAUTH_ENTRY, TooFewSettings())
    assert "fixture_oauth_client_secret" in caught.value.unknown_fields
    assert "public_base_url" in caught.value.unknown_fields
    assert "settings_field(" in str(caught.value)


def test_a_required_setting_the_schema_lacks_is_still_required() -> None:
    entry = replace(KEYS_ENTRY, required_settings=["fixture_legacy_token"])
    with pytest.raises(ProviderNotConfiguredError, match="set FIXTURE_LEGACY_TOKEN in"):
        provider_config(entry, FixtureSettings())
    entry = replace(KEYS_ENTRY, required_settings=["fixture_nowhere"])
    with pytest.raises(ProviderNotConfiguredError) as caught:
        provider_config(entry, FixtureSettings())
    assert caught.value.unknown_fields == ("fixture_nowhere",)


def test_an_entry_without_a_schema_still_works_from_required_settings() -> None:
    provider = get_fixture(LEGACY_ENTRY.slug, fixture_settings())
    assert isinstance(provider, FixtureLegacyProvider)
    assert provider_config(LEGACY_ENTRY, fixture_settings()) is None
    assert settings_read_by(LEGACY_ENTRY.slug, FIXTURE_REGISTRY) == ("fixture_legacy_token",)
    with pytest.raises(ProviderNotConfiguredError, match="set FIXTURE_LEGACY_TOKEN in"):
        get_fixture(LEGACY_ENTRY.slug, FixtureSettings())


def test_a_setup_record_of_the_wrong_type_is_a_clear_error() -> None:
    entry = replace(OAUTH_ENTRY, setup=KEYS_ENTRY.setup)
    with pytest.raises(ValueError, match=r"needs setup=OAuthSetup\(\.\.\.\)"):
        build_provider(entry, fixture_settings(), implementations=fixture_implementation)


def test_the_factory_alone_still_validates() -> None:
    with pytest.raises(ProviderNotConfiguredError, match="FIXTURE_OAUTH_CLIENT_ID"):
        build_provider(OAUTH_ENTRY, FixtureSettings(), implementations=fixture_implementation)


# Lookup -----------------------------------------------------------------------------


def test_an_unknown_slug_lists_the_registered_ones() -> None:
    with pytest.raises(ValueError, match=f"Unknown provider '{UNREGISTERED}'") as caught:
        get_fixture(UNREGISTERED, fixture_settings())
    for entry in FIXTURE_REGISTRY:
        assert str(entry.slug) in str(caught.value)


def test_registered_but_unimplemented_names_the_slug_and_the_fix() -> None:
    entry = replace(FILES_ENTRY, slug=UNREGISTERED)
    registry = [*FIXTURE_REGISTRY, entry]
    with pytest.raises(UnimplementedProviderError) as caught:
        get_provider(
            UNREGISTERED,
            fixture_settings(),
            registry=registry,
            implementations=fixture_implementation,
        )
    message = str(caught.value)
    assert f"Provider {UNREGISTERED} is in the provider registry but has no implementation" in (
        message
    )
    assert f"case Provider.{UNREGISTERED.upper()}:" in message
    assert "implementation_class()" in message


def test_is_oauth_provider_answers_from_the_registry() -> None:
    for entry in FIXTURE_REGISTRY:
        expected = entry.auth_type is ProviderAuthType.OAUTH
        assert is_oauth_provider(entry.slug, FIXTURE_REGISTRY) is expected
    assert is_oauth_provider(UNREGISTERED, FIXTURE_REGISTRY) is False


def test_get_oauth_provider() -> None:
    settings = fixture_settings()
    lookup = partial(
        get_oauth_provider, registry=FIXTURE_REGISTRY, implementations=fixture_implementation
    )
    provider = lookup(OAUTH_ENTRY.slug, settings)
    assert isinstance(provider, OAuthProviderProtocol)
    assert provider is get_fixture(OAUTH_ENTRY.slug, settings)
    with pytest.raises(ValueError, match="authenticates with API Key, not OAuth") as caught:
        lookup(KEYS_ENTRY.slug, settings)
    assert "OAuth providers: fixture_oauth" in str(caught.value)
    with pytest.raises(ValueError, match="Unknown provider"):
        lookup(UNREGISTERED, settings)


def test_an_oauth_entry_whose_class_lacks_the_flow_is_reported() -> None:
    class WithoutFlow(FixtureKeysProvider):
        def __init__(self, *, redirect_uri: str, **parts: Any) -> None:
            super().__init__(**parts)

    with pytest.raises(TypeError, match="WithoutFlow lacks authorization_url"):
        get_oauth_provider(
            OAUTH_ENTRY.slug,
            fixture_settings(),
            registry=FIXTURE_REGISTRY,
            implementations=lambda slug: WithoutFlow,
        )


# Caching ----------------------------------------------------------------------------


def test_one_instance_per_entry_per_settings_object() -> None:
    settings = fixture_settings()
    first = get_fixture(KEYS_ENTRY.slug, settings)
    assert get_fixture(str(KEYS_ENTRY.slug), settings) is first
    assert get_fixture(KEYS_ENTRY.slug, fixture_settings()) is not first
    assert get_fixture(FILES_ENTRY.slug, settings) is not first


def test_the_cache_is_safe_under_concurrent_requests() -> None:
    settings = fixture_settings()
    with ThreadPoolExecutor(max_workers=8) as pool:
        built = list(pool.map(lambda _: get_fixture(OAUTH_ENTRY.slug, settings), range(64)))
    assert len({id(provider) for provider in built}) == 1


def test_the_cache_does_not_keep_settings_alive() -> None:
    settings = fixture_settings()
    get_fixture(OAUTH_ENTRY.slug, settings)
    assert len(container._INSTANCES) == 1
    reference = weakref.ref(settings)
    del settings
    gc.collect()
    assert reference() is None
    assert len(container._INSTANCES) == 0


def test_secrets_never_show_in_built_providers_or_errors() -> None:
    settings = fixture_settings(fixture_oauth_client_secret="SECRET-xyz789")
    provider = get_fixture(OAUTH_ENTRY.slug, settings)
    assert isinstance(provider, FixtureOAuthProvider)
    assert "SECRET-xyz789" not in repr(provider.config)
    with pytest.raises(ProviderNotConfiguredError) as caught:
        get_fixture(OAUTH_ENTRY.slug, fixture_settings(fixture_oauth_client_id=""))
    assert "fixture-client-secret" not in str(caught.value)


# The real registry: expectations derived from it --------------------------------------


@pytest.mark.parametrize("entry", list(PROVIDER_REGISTRY), ids=lambda e: str(e.slug))
def test_every_real_provider_is_built_as_its_implementation(entry: ProviderMetadata) -> None:
    provider = get_provider(entry.slug, configured_settings())
    assert type(provider) is implementation_class(entry.slug), (
        f"get_provider({entry.slug!r}) built {type(provider).__name__}: the container must "
        f"construct the class implementation_class() returns"
    )
    assert isinstance(provider, ProviderProtocol)
    assert provider.slug == entry.slug, (
        f"{type(provider).__name__}.slug is {provider.slug!r}; set slug = Provider."
        f"{str(entry.slug).upper()} on the class"
    )


def test_default_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for entry in PROVIDER_REGISTRY:
        for name in entry.required_settings:
            monkeypatch.setenv(env_var_name(name), f"env-{name}")
    for entry in PROVIDER_REGISTRY:
        assert get_provider(entry.slug) is get_provider(entry.slug)


@pytest.mark.parametrize(
    "entry",
    [entry for entry in PROVIDER_REGISTRY if entry.required_settings],
    ids=lambda e: str(e.slug),
)
def test_real_providers_name_every_unset_setting(entry: ProviderMetadata) -> None:
    with pytest.raises(ProviderNotConfiguredError) as caught:
        get_provider(entry.slug, Settings(_env_file=None))  # type: ignore[call-arg]
    assert sorted(caught.value.missing_env_vars) == sorted(
        env_var_name(name) for name in entry.required_settings
    )


def test_real_providers_without_required_settings_need_none() -> None:
    bare = Settings(_env_file=None)  # type: ignore[call-arg]
    for entry in PROVIDER_REGISTRY:
        if not entry.required_settings:
            assert get_provider(entry.slug, bare).slug == entry.slug
