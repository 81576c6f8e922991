"""Feature flags: the registry's enabled/beta/min_version with operator overrides.

Mechanism tests use the fixture registry; the hostile-override test reads the real
``Settings`` from the environment, as start-up does.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest
from fixture_providers import (
    FILES_ENTRY,
    FIXTURE_REGISTRY,
    KEYS_ENTRY,
    OAUTH_ENTRY,
    FixtureSettings,
    fixture_implementation,
    fixture_settings,
)
from hypothesis import given
from hypothesis import strategies as st

from dashtam.core.container import (
    ProviderDisabledError,
    ProviderFlagsError,
    clear_provider_cache,
    get_provider,
)
from dashtam.core.flags import (
    installed_version,
    parse_provider_list,
    provider_flags,
    quoted,
)
from dashtam.core.settings import Settings
from dashtam.domain.providers import PROVIDER_REGISTRY, ProviderRegistry, as_registry
from dashtam.domain.providers.validation import validate_registry


class FlagSettings(FixtureSettings):
    """The fixture settings plus the two override variables."""

    disabled_providers: str = ""
    beta_providers: str = ""


def flag_settings(**values: object) -> FlagSettings:
    return FlagSettings.model_validate(fixture_settings().model_dump() | values)


get_fixture = partial(
    get_provider, registry=FIXTURE_REGISTRY, implementations=fixture_implementation
)


@pytest.fixture(autouse=True)
def _isolated(isolated_settings: None) -> None:
    clear_provider_cache()


class TestDefaults:
    def test_defaults_break_nothing(self) -> None:
        flags = provider_flags(fixture_settings(), FIXTURE_REGISTRY)
        assert all(f.enabled and not f.beta and f.disabled_by is None for f in flags.values())
        assert list(flags) == [str(entry.slug) for entry in FIXTURE_REGISTRY]

    def test_the_real_entries_keep_the_design_defaults_unless_they_say_otherwise(self) -> None:
        for entry in PROVIDER_REGISTRY:
            assert isinstance(entry.enabled, bool)
            assert isinstance(entry.beta, bool)
            assert entry.health_check_interval >= 10
        assert validate_registry(PROVIDER_REGISTRY) == []


class TestOverrides:
    def test_disabled_by_variable_is_refused_naming_the_variable(self) -> None:
        settings = flag_settings(disabled_providers=f" {KEYS_ENTRY.slug} ")
        with pytest.raises(ProviderDisabledError) as caught:
            get_fixture(KEYS_ENTRY.slug, settings)
        assert str(caught.value) == (
            f"Provider {KEYS_ENTRY.slug} is unavailable: disabled by DISABLED_PROVIDERS. "
            f"Remove {KEYS_ENTRY.slug} from DISABLED_PROVIDERS to enable it."
        )
        assert get_fixture(FILES_ENTRY.slug, settings).slug == FILES_ENTRY.slug

    def test_a_cached_provider_is_refused_once_disabled(self) -> None:
        settings = flag_settings()
        get_fixture(KEYS_ENTRY.slug, settings)
        settings.disabled_providers = str(KEYS_ENTRY.slug)
        with pytest.raises(ProviderDisabledError):
            get_fixture(KEYS_ENTRY.slug, settings)

    def test_disabled_in_the_registry_names_the_field(self) -> None:
        registry = as_registry([replace(KEYS_ENTRY, enabled=False), FILES_ENTRY])
        with pytest.raises(ProviderDisabledError, match=r"enabled=False in src/dashtam/domain"):
            get_provider(
                KEYS_ENTRY.slug,
                fixture_settings(),
                registry=registry,
                implementations=fixture_implementation,
            )

    def test_beta_comes_from_the_registry_or_the_variable(self) -> None:
        registry = as_registry([replace(KEYS_ENTRY, beta=True), FILES_ENTRY, OAUTH_ENTRY])
        flags = provider_flags(flag_settings(beta_providers=str(FILES_ENTRY.slug)), registry)
        assert [slug for slug, f in flags.items() if f.beta] == [
            str(KEYS_ENTRY.slug),
            str(FILES_ENTRY.slug),
        ]
        assert all(f.enabled for f in flags.values()), "beta providers stay usable"

    def test_hostile_value_names_every_bad_item_escaped(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("DISABLED_PROVIDERS", ",,schwab, SCHWAB ,<script>")
        monkeypatch.setenv("BETA_PROVIDERS", "robinhood")
        with pytest.raises(ProviderFlagsError) as caught:
            provider_flags(Settings())
        message = str(caught.value)
        registered = ", ".join(str(entry.slug) for entry in PROVIDER_REGISTRY)
        assert message == (
            "BETA_PROVIDERS and DISABLED_PROVIDERS must list registered provider slugs, "
            "comma-separated (e.g. BETA_PROVIDERS=schwab,alpaca), or be empty:\n"
            "  - DISABLED_PROVIDERS: item 1 is empty (a doubled or stray comma)\n"
            "  - DISABLED_PROVIDERS: item 2 is empty (a doubled or stray comma)\n"
            "  - DISABLED_PROVIDERS: item 4, 'SCHWAB', is not a registered slug "
            "(slugs are lower case: did you mean 'schwab'?)\n"
            "  - DISABLED_PROVIDERS: item 5, '\\x3cscript\\x3e', is not a registered slug\n"
            "  - BETA_PROVIDERS: item 1, 'robinhood', is not a registered slug\n"
            f"Registered providers: {registered}."
        )
        assert "<" not in message

    def test_the_container_reports_a_bad_override(self) -> None:
        with pytest.raises(ProviderFlagsError, match="fixture_nope"):
            get_fixture(KEYS_ENTRY.slug, flag_settings(disabled_providers="fixture_nope"))

    def test_settings_without_the_variables_override_nothing(self) -> None:
        assert get_fixture(KEYS_ENTRY.slug, fixture_settings()).slug == KEYS_ENTRY.slug

    @given(st.text(max_size=60))
    def test_any_value_parses_or_is_named_never_raises(self, raw: str) -> None:
        registry = ProviderRegistry(FIXTURE_REGISTRY)
        slugs, problems = parse_provider_list("DISABLED_PROVIDERS", raw, registry)
        assert slugs <= {str(entry.slug) for entry in registry}
        if not raw.strip():
            assert (slugs, problems) == (frozenset(), [])
        for _, problem in problems:
            assert "<" not in problem
            assert ">" not in problem

    def test_quoted_shortens_and_escapes(self) -> None:
        assert quoted("a" * 50) == "'" + "a" * 40 + "...'"
        assert quoted("é\n") == "'\\xe9\\x0a'"


class TestMinVersion:
    def test_too_new_is_refused_naming_both_versions(self) -> None:
        registry = as_registry([replace(KEYS_ENTRY, min_version="99.0")])
        with pytest.raises(ProviderDisabledError) as caught:
            get_provider(
                KEYS_ENTRY.slug,
                fixture_settings(),
                registry=registry,
                implementations=fixture_implementation,
            )
        assert "requires Dashtam >= 99.0 (min_version in " in str(caught.value)
        assert f"but {installed_version()} is installed" in str(caught.value)
        assert "Upgrade Dashtam to 99.0 or later." in str(caught.value)

    def test_compared_as_versions_not_strings(self) -> None:
        registry = as_registry([replace(KEYS_ENTRY, min_version="0.10")])
        flags = provider_flags(fixture_settings(), registry, dashtam_version="0.9.1")
        assert not flags[str(KEYS_ENTRY.slug)].enabled
        flags = provider_flags(fixture_settings(), registry, dashtam_version="0.10.0")
        assert flags[str(KEYS_ENTRY.slug)].enabled


class TestValidation:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"enabled": "yes"}, "enabled"),
            ({"beta": 1}, "beta"),
            ({"min_version": "next week"}, "min_version"),
            ({"min_version": 2}, "min_version"),
            ({"health_check_url": "status.example.com"}, "health_check_url"),
            ({"health_check_url": "https://exa mple.com"}, "health_check_url"),
            ({"health_check_interval": 5}, "health_check_interval"),
            ({"health_check_interval": True}, "health_check_interval"),
        ],
    )
    def test_each_bad_field_is_a_named_problem(
        self, changes: dict[str, object], field: str
    ) -> None:
        entry = replace(KEYS_ENTRY, **changes)  # type: ignore[arg-type]
        problems = validate_registry([entry], declared_slugs=[str(KEYS_ENTRY.slug)])
        assert [(p.provider, p.field) for p in problems] == [(str(KEYS_ENTRY.slug), field)]
        assert problems[0].fix

    def test_good_values_pass(self) -> None:
        entry = replace(
            KEYS_ENTRY,
            enabled=False,
            beta=True,
            min_version="1.2.0rc1",
            health_check_url="https://status.fixture.example/api/v2/status.json",
            health_check_interval=60,
        )
        assert validate_registry([entry], declared_slugs=[str(KEYS_ENTRY.slug)]) == []
