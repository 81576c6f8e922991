"""The registry-driven container: lookup, settings validation, lazy construction, caching."""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from enum import StrEnum

import pytest
from configured_settings import configured_settings
from pydantic import ValidationError

from dashtam.core.container import (
    ProviderNotConfiguredError,
    UnimplementedProviderError,
    build_provider,
    check_configured,
    get_oauth_provider,
    get_provider,
    is_oauth_provider,
    settings_read_by,
)
from dashtam.core.container import providers as container
from dashtam.core.oauth import oauth_callback_paths
from dashtam.core.settings import Settings
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    Provider,
    ProviderAuthType,
    get_provider_metadata,
)
from dashtam.domain.providers.protocols import OAuthProviderProtocol, ProviderProtocol
from dashtam.infrastructure.providers.alpaca import AlpacaProvider
from dashtam.infrastructure.providers.chase import ChaseFileProvider
from dashtam.infrastructure.providers.schwab import SchwabProvider

EXPECTED_CLASSES = {
    Provider.SCHWAB: SchwabProvider,
    Provider.ALPACA: AlpacaProvider,
    Provider.CHASE_FILE: ChaseFileProvider,
}


class Synthetic(StrEnum):
    """A slug that is registered (in a synthetic registry) but has no implementation."""

    FIDELITY = "fidelity"


@pytest.fixture(autouse=True)
def _isolated(isolated_settings: None) -> None:
    container.clear_provider_cache()


@pytest.mark.parametrize("slug", list(Provider))
def test_every_provider_is_built_as_its_implementation(slug: Provider) -> None:
    provider = get_provider(slug, configured_settings())
    assert type(provider) is EXPECTED_CLASSES[slug]
    assert isinstance(provider, ProviderProtocol)
    assert provider.slug == slug


def test_one_instance_per_slug_per_settings_object() -> None:
    settings = configured_settings()
    first = get_provider(Provider.ALPACA, settings)
    assert get_provider("alpaca", settings) is first
    assert get_provider(Provider.ALPACA, configured_settings()) is not first
    assert get_provider(Provider.SCHWAB, settings) is not first


def test_the_cache_is_safe_under_concurrent_requests() -> None:
    settings = configured_settings()
    with ThreadPoolExecutor(max_workers=8) as pool:
        built = list(pool.map(lambda _: get_provider("schwab", settings), range(64)))
    assert len({id(provider) for provider in built}) == 1


def test_the_cache_does_not_keep_settings_alive() -> None:
    settings = configured_settings()
    get_provider("schwab", settings)
    assert len(container._INSTANCES) == 1
    reference = weakref.ref(settings)
    del settings
    gc.collect()
    assert reference() is None
    assert len(container._INSTANCES) == 0


def test_default_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHWAB_APP_KEY", "env-key")
    monkeypatch.setenv("SCHWAB_APP_SECRET", "env-secret")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://dashtam.example")
    provider = get_provider("schwab")
    assert isinstance(provider, SchwabProvider)
    assert provider.redirect_uri == "https://dashtam.example/oauth/schwab/callback"
    assert get_provider("schwab") is provider


def test_every_missing_setting_is_named_at_once() -> None:
    with pytest.raises(ProviderNotConfiguredError) as caught:
        get_provider(Provider.SCHWAB, Settings(_env_file=None))  # type: ignore[call-arg]
    message = str(caught.value)
    assert message.startswith(
        "Provider schwab is not configured: set SCHWAB_APP_KEY, SCHWAB_APP_SECRET"
    )
    assert ".env" in message
    assert "environment" in message
    assert isinstance(caught.value, ValueError)
    assert caught.value.missing_env_vars == ("SCHWAB_APP_KEY", "SCHWAB_APP_SECRET")


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_secrets_count_as_missing(blank: str) -> None:
    with pytest.raises(ProviderNotConfiguredError, match=r"set SCHWAB_APP_SECRET in") as caught:
        get_provider("schwab", configured_settings(schwab_app_secret=blank))
    assert "SCHWAB_APP_KEY" not in str(caught.value)
    assert "test-app-key" not in str(caught.value)


def test_providers_without_required_settings_need_none() -> None:
    bare = Settings(_env_file=None)  # type: ignore[call-arg]
    for entry in PROVIDER_REGISTRY:
        if not entry.required_settings:
            assert get_provider(entry.slug, bare).slug == entry.slug


def test_a_required_setting_missing_from_the_model_is_named() -> None:
    entry = replace(
        get_provider_metadata(Provider.SCHWAB),
        required_settings=["schwab_app_key", "schwab_redirect_uri"],
    )
    with pytest.raises(ProviderNotConfiguredError) as caught:
        check_configured(entry, configured_settings())
    assert "schwab_redirect_uri" in str(caught.value)
    assert "src/dashtam/core/settings.py" in str(caught.value)
    assert caught.value.unknown_fields == ("schwab_redirect_uri",)


def test_unknown_slug_lists_the_registered_ones() -> None:
    with pytest.raises(ValueError, match="Unknown provider 'fidelity'") as caught:
        get_provider("fidelity", configured_settings())
    for entry in PROVIDER_REGISTRY:
        assert str(entry.slug) in str(caught.value)


def test_registered_but_unimplemented_names_the_slug_and_the_fix() -> None:
    entry = replace(get_provider_metadata(Provider.CHASE_FILE), slug=Synthetic.FIDELITY)
    with pytest.raises(UnimplementedProviderError) as caught:
        build_provider(entry, configured_settings())
    message = str(caught.value)
    assert "Provider fidelity is in the provider registry but has no implementation" in message
    assert "case Provider.FIDELITY:" in message
    assert "SETTINGS_READ" in message
    with pytest.raises(UnimplementedProviderError, match="fidelity"):
        settings_read_by(Synthetic.FIDELITY, [*PROVIDER_REGISTRY, entry])


def test_a_setup_record_of_the_wrong_type_is_a_clear_error() -> None:
    entry = replace(get_provider_metadata(Provider.SCHWAB), setup=None)
    with pytest.raises(ValueError, match=r"needs setup=OAuthSetup\(\.\.\.\)"):
        build_provider(entry, configured_settings())


def test_schwab_redirect_uri_is_base_url_plus_registry_callback_path() -> None:
    provider = get_provider(
        "schwab", configured_settings(public_base_url="https://dashtam.example/")
    )
    assert isinstance(provider, SchwabProvider)
    path = oauth_callback_paths()[Provider.SCHWAB]
    assert provider.redirect_uri == f"https://dashtam.example{path}"


def test_schwab_builds_with_the_default_base_url() -> None:
    provider = get_provider("schwab", configured_settings())
    assert isinstance(provider, SchwabProvider)
    assert provider.redirect_uri == "http://localhost:8000/oauth/schwab/callback"


def test_alpaca_base_url_defaults_to_paper_and_can_be_live() -> None:
    paper = get_provider("alpaca", configured_settings())
    live = get_provider("alpaca", configured_settings(alpaca_base_url="https://api.alpaca.markets"))
    assert isinstance(paper, AlpacaProvider)
    assert isinstance(live, AlpacaProvider)
    assert paper.base_url == "https://paper-api.alpaca.markets"
    assert live.base_url == "https://api.alpaca.markets"


@pytest.mark.parametrize("url", ["ftp://example.com", "localhost:8000", "https://", ""])
def test_base_urls_must_be_http(url: str) -> None:
    with pytest.raises(ValidationError, match="http:// or https:// URL"):
        configured_settings(public_base_url=url)


def test_is_oauth_provider_answers_from_the_registry() -> None:
    for entry in PROVIDER_REGISTRY:
        expected = entry.auth_type is ProviderAuthType.OAUTH
        assert is_oauth_provider(entry.slug) is expected
        assert is_oauth_provider(str(entry.slug)) is expected
    assert is_oauth_provider("fidelity") is False


def test_get_oauth_provider() -> None:
    settings = configured_settings()
    provider = get_oauth_provider("schwab", settings)
    assert isinstance(provider, OAuthProviderProtocol)
    assert provider is get_provider("schwab", settings)
    with pytest.raises(ValueError, match="authenticates with API Key, not OAuth") as caught:
        get_oauth_provider("alpaca", configured_settings())
    assert "OAuth providers: schwab" in str(caught.value)
    with pytest.raises(ValueError, match="Unknown provider"):
        get_oauth_provider("fidelity", configured_settings())


def test_secrets_never_show_in_built_providers_or_errors() -> None:
    settings = configured_settings(schwab_app_key="KEY-abc123", schwab_app_secret="SECRET-xyz789")
    shown = " ".join(repr(get_provider(slug, settings)) for slug in Provider)
    assert "KEY-abc123" not in shown
    assert "SECRET-xyz789" not in shown
    with pytest.raises(ProviderNotConfiguredError) as caught:
        get_provider(
            "schwab", configured_settings(schwab_app_key="KEY-abc123", schwab_app_secret="")
        )
    assert "KEY-abc123" not in str(caught.value)


def test_the_factory_alone_still_refuses_missing_credentials() -> None:
    with pytest.raises(ProviderNotConfiguredError, match="set SCHWAB_APP_KEY in"):
        build_provider(get_provider_metadata("schwab"), Settings(_env_file=None))  # type: ignore[call-arg]


def test_an_oauth_entry_whose_class_lacks_the_flow_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(container, "get_provider", lambda slug, settings=None: ChaseFileProvider())
    with pytest.raises(TypeError, match="ChaseFileProvider lacks authorization_url"):
        get_oauth_provider("schwab", configured_settings())
