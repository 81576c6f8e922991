"""validate_registry reports every problem at once, each with provider, field and fix.

A mechanism test: it validates the fictional registry of ``fixture_providers`` with
its own declared slugs, never the real Provider enum.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixture_providers import (
    FILES_ENTRY,
    FIXTURE_SLUGS,
    KEYS_ENTRY,
    LEGACY_ENTRY,
    OAUTH_ENTRY,
    FixtureSettings,
)

from dashtam.domain.providers import (
    ApiKeySetup,
    ProviderAuthType,
    ProviderCapability,
    ProviderMetadata,
    RegistryProblem,
    RegistryValidationError,
    check_registry,
    validate_registry,
)

OAUTH, KEYS, FILES = OAUTH_ENTRY, KEYS_ENTRY, FILES_ENTRY
DECLARED = tuple(slug for slug in FIXTURE_SLUGS if slug != str(LEGACY_ENTRY.slug))
KNOWN_SETTINGS = frozenset(FixtureSettings.model_fields)


def _problems(*entries: ProviderMetadata) -> list[RegistryProblem]:
    return validate_registry(entries, known_settings=KNOWN_SETTINGS, declared_slugs=DECLARED)


def test_the_fixture_registry_has_no_problems() -> None:
    assert _problems(OAUTH, KEYS, FILES) == []
    check_registry([OAUTH, KEYS, FILES], known_settings=KNOWN_SETTINGS, declared_slugs=DECLARED)


def test_three_problems_reported_in_one_call_each_naming_provider_and_field() -> None:
    problems = _problems(
        OAUTH,
        replace(KEYS, capabilities=[]),
        replace(FILES, required_settings=["fixture_files_token"]),
        replace(OAUTH, display_name="Fixture OAuth again"),
    )
    located = sorted((p.provider, p.field) for p in problems)
    assert located == [
        ("fixture_files", "required_settings"),
        ("fixture_keys", "capabilities"),
        ("fixture_oauth", "slug"),
    ]
    for problem in problems:
        assert problem.problem
        assert problem.fix
        assert f"[{problem.provider}] {problem.field}:" in str(problem)


@pytest.mark.parametrize(
    ("entries", "provider", "field", "fragment"),
    [
        ((OAUTH, KEYS, FILES, OAUTH), "fixture_oauth", "slug", "registered 2 times"),
        ((OAUTH, KEYS), "fixture_files", "slug", "no registry entry"),
        (
            (replace(OAUTH, display_name="  "), KEYS, FILES),
            "fixture_oauth",
            "display_name",
            "empty",
        ),
        ((replace(OAUTH, display_name=""), KEYS, FILES), "fixture_oauth", "display_name", "empty"),
        (
            (OAUTH, replace(KEYS, capabilities=[]), FILES),
            "fixture_keys",
            "capabilities",
            "is empty",
        ),
        (
            (
                OAUTH,
                replace(
                    KEYS,
                    capabilities=[ProviderCapability.ACCOUNTS, ProviderCapability.ACCOUNTS],
                ),
                FILES,
            ),
            "fixture_keys",
            "capabilities",
            "ACCOUNTS 2 times",
        ),
        (
            (OAUTH, replace(KEYS, capabilities=["accounts"]), FILES),
            "fixture_keys",
            "capabilities",
            "not a ProviderCapability member",
        ),
        (
            (replace(OAUTH, required_settings=["FIXTURE_OAUTH_CLIENT_ID"]), KEYS, FILES),
            "fixture_oauth",
            "required_settings",
            "not a lower_snake_case",
        ),
        (
            (
                replace(
                    OAUTH, required_settings=["fixture_oauth_client_id", "fixture_oauth_client_id"]
                ),
                KEYS,
                FILES,
            ),
            "fixture_oauth",
            "required_settings",
            "2 times",
        ),
        (
            (replace(OAUTH, required_settings=["fixture_oauth_token"]), KEYS, FILES),
            "fixture_oauth",
            "required_settings",
            "not a field of the Settings model",
        ),
        ((replace(OAUTH, category="brokerage"), KEYS, FILES), "fixture_oauth", "category", "not a"),
        ((replace(OAUTH, auth_type="oauth"), KEYS, FILES), "fixture_oauth", "auth_type", "not a"),
        ((replace(OAUTH, setup=None), KEYS, FILES), "fixture_oauth", "setup", "is missing"),
        ((replace(OAUTH, setup=KEYS.setup), KEYS, FILES), "fixture_oauth", "setup", "ApiKeySetup"),
        (
            (replace(OAUTH, auth_type=ProviderAuthType.CERTIFICATE), KEYS, FILES),
            "fixture_oauth",
            "setup",
            "takes no setup record",
        ),
    ],
)
def test_each_rule_reports_its_problem(
    entries: tuple[ProviderMetadata, ...], provider: str, field: str, fragment: str
) -> None:
    problems = _problems(*entries)
    assert [(p.provider, p.field) for p in problems] == [(provider, field)], problems
    assert fragment in problems[0].problem
    assert problems[0].fix


def test_unregistered_slug_not_in_enum_is_reported_with_the_enum_fix() -> None:
    stray = replace(KEYS, slug="fixture_stray", display_name="Fixture Stray")
    problems = _problems(OAUTH, KEYS, FILES, stray)
    assert [(p.provider, p.field) for p in problems] == [("fixture_stray", "slug")]
    assert "FIXTURE_STRAY = 'fixture_stray'" in problems[0].fix


def test_unknown_setting_fix_names_env_var_and_settings_file() -> None:
    (problem,) = _problems(replace(OAUTH, required_settings=["fixture_oauth_token"]), KEYS, FILES)
    assert "FIXTURE_OAUTH_TOKEN" in problem.fix
    assert "src/dashtam/core/settings.py" in problem.fix


def test_setting_existence_is_only_checked_when_settings_are_known() -> None:
    entries = (replace(OAUTH, required_settings=["fixture_oauth_token"]), KEYS, FILES)
    assert validate_registry(entries, declared_slugs=DECLARED) == []
    assert len(_problems(*entries)) == 1


def test_synthetic_registries_declare_their_own_slugs() -> None:
    synthetic = [
        replace(KEYS, slug=f"synthetic_{n}", display_name=f"Synthetic {n}") for n in range(3)
    ]
    declared = [f"synthetic_{n}" for n in range(3)]
    assert validate_registry(synthetic, declared_slugs=declared) == []
    problems = validate_registry(synthetic, declared_slugs=DECLARED)
    assert len(problems) == len(DECLARED) + 3  # every declared slug missing, 3 undeclared


def test_check_registry_raises_with_every_problem_listed() -> None:
    broken = (
        replace(OAUTH, display_name="", capabilities=[]),
        replace(KEYS, setup=None),
    )
    with pytest.raises(RegistryValidationError) as raised:
        check_registry(broken, declared_slugs=DECLARED)
    error = raised.value
    assert len(error.problems) == 4  # display_name, capabilities, setup, fixture_files missing
    message = str(error)
    assert message.startswith("The provider registry has 4 problem(s):")
    for problem in error.problems:
        assert str(problem) in message


def test_api_key_setup_for_oauth_provider_is_reported() -> None:
    setup = ApiKeySetup(key_page_url="https://x", key_header="K", secret_header="S")
    problems = _problems(replace(OAUTH, setup=setup), KEYS, FILES)
    assert "needs OAuthSetup(...)" in problems[0].problem
