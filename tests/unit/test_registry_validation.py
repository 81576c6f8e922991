"""validate_registry reports every problem at once, each with provider, field and fix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashtam.core.registry_check import main, validate_registry_against_settings
from dashtam.core.settings import Settings
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    ApiKeySetup,
    Provider,
    ProviderAuthType,
    ProviderCapability,
    ProviderMetadata,
    RegistryProblem,
    RegistryValidationError,
    check_registry,
    get_provider_metadata,
    validate_registry,
)

SCHWAB = get_provider_metadata(Provider.SCHWAB)
ALPACA = get_provider_metadata(Provider.ALPACA)
CHASE = get_provider_metadata(Provider.CHASE_FILE)
KNOWN_SETTINGS = frozenset(Settings.model_fields)


def _problems(*entries: ProviderMetadata) -> list[RegistryProblem]:
    return validate_registry(entries, known_settings=KNOWN_SETTINGS)


def test_shipped_registry_has_no_problems() -> None:
    assert validate_registry(known_settings=KNOWN_SETTINGS) == []
    assert validate_registry_against_settings() == []
    check_registry(known_settings=KNOWN_SETTINGS)


def test_three_problems_reported_in_one_call_each_naming_provider_and_field() -> None:
    problems = _problems(
        SCHWAB,
        replace(ALPACA, capabilities=[]),
        replace(CHASE, required_settings=["chase_api_token"]),
        replace(SCHWAB, display_name="Schwab again"),
    )
    located = sorted((p.provider, p.field) for p in problems)
    assert located == [
        ("alpaca", "capabilities"),
        ("chase_file", "required_settings"),
        ("schwab", "slug"),
    ]
    for problem in problems:
        assert problem.problem
        assert problem.fix
        assert f"[{problem.provider}] {problem.field}:" in str(problem)


@pytest.mark.parametrize(
    ("entries", "provider", "field", "fragment"),
    [
        ((SCHWAB, ALPACA, CHASE, SCHWAB), "schwab", "slug", "registered 2 times"),
        ((SCHWAB, ALPACA), "chase_file", "slug", "no registry entry"),
        ((replace(SCHWAB, display_name="  "), ALPACA, CHASE), "schwab", "display_name", "empty"),
        ((replace(SCHWAB, display_name=""), ALPACA, CHASE), "schwab", "display_name", "empty"),
        ((SCHWAB, replace(ALPACA, capabilities=[]), CHASE), "alpaca", "capabilities", "is empty"),
        (
            (
                SCHWAB,
                replace(
                    ALPACA,
                    capabilities=[ProviderCapability.ACCOUNTS, ProviderCapability.ACCOUNTS],
                ),
                CHASE,
            ),
            "alpaca",
            "capabilities",
            "ACCOUNTS 2 times",
        ),
        (
            (SCHWAB, replace(ALPACA, capabilities=["accounts"]), CHASE),
            "alpaca",
            "capabilities",
            "not a ProviderCapability member",
        ),
        (
            (replace(SCHWAB, required_settings=["SCHWAB_APP_KEY"]), ALPACA, CHASE),
            "schwab",
            "required_settings",
            "not a lower_snake_case",
        ),
        (
            (
                replace(SCHWAB, required_settings=["schwab_app_key", "schwab_app_key"]),
                ALPACA,
                CHASE,
            ),
            "schwab",
            "required_settings",
            "2 times",
        ),
        (
            (replace(SCHWAB, required_settings=["schwab_token"]), ALPACA, CHASE),
            "schwab",
            "required_settings",
            "not a field of the Settings model",
        ),
        ((replace(SCHWAB, category="brokerage"), ALPACA, CHASE), "schwab", "category", "not a"),
        ((replace(SCHWAB, auth_type="oauth"), ALPACA, CHASE), "schwab", "auth_type", "not a"),
        ((replace(SCHWAB, setup=None), ALPACA, CHASE), "schwab", "setup", "is missing"),
        ((replace(SCHWAB, setup=ALPACA.setup), ALPACA, CHASE), "schwab", "setup", "ApiKeySetup"),
        (
            (replace(SCHWAB, auth_type=ProviderAuthType.CERTIFICATE), ALPACA, CHASE),
            "schwab",
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
    stray = replace(ALPACA, slug="robinhood", display_name="Robinhood")
    problems = _problems(SCHWAB, ALPACA, CHASE, stray)
    assert [(p.provider, p.field) for p in problems] == [("robinhood", "slug")]
    assert "ROBINHOOD = 'robinhood'" in problems[0].fix


def test_unknown_setting_fix_names_env_var_and_settings_file() -> None:
    (problem,) = _problems(replace(SCHWAB, required_settings=["schwab_token"]), ALPACA, CHASE)
    assert "SCHWAB_TOKEN" in problem.fix
    assert "src/dashtam/core/settings.py" in problem.fix


def test_setting_existence_is_only_checked_when_settings_are_known() -> None:
    entries = (replace(SCHWAB, required_settings=["schwab_token"]), ALPACA, CHASE)
    assert validate_registry(entries) == []
    assert len(validate_registry(entries, known_settings=KNOWN_SETTINGS)) == 1


def test_synthetic_registries_declare_their_own_slugs() -> None:
    synthetic = [
        replace(ALPACA, slug=f"synthetic_{n}", display_name=f"Synthetic {n}") for n in range(3)
    ]
    declared = [f"synthetic_{n}" for n in range(3)]
    assert validate_registry(synthetic, declared_slugs=declared) == []
    assert len(validate_registry(synthetic)) == 3 + 3  # 3 missing members, 3 undeclared


def test_check_registry_raises_with_every_problem_listed() -> None:
    broken = (
        replace(SCHWAB, display_name="", capabilities=[]),
        replace(ALPACA, setup=None),
    )
    with pytest.raises(RegistryValidationError) as raised:
        check_registry(broken)
    error = raised.value
    assert len(error.problems) == 4  # display_name, capabilities, setup, chase_file missing
    message = str(error)
    assert message.startswith("The provider registry has 4 problem(s):")
    for problem in error.problems:
        assert str(problem) in message


def test_api_key_setup_for_oauth_provider_is_reported() -> None:
    setup = ApiKeySetup(key_page_url="https://x", key_header="K", secret_header="S")
    problems = _problems(replace(SCHWAB, setup=setup), ALPACA, CHASE)
    assert "needs OAuthSetup(...)" in problems[0].problem


def test_registry_check_command_reports_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main() == 0
    assert capsys.readouterr().out.strip() == (
        f"Provider registry OK: {len(PROVIDER_REGISTRY)} providers, no problems."
    )


def test_registry_check_command_lists_problems_and_fails(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dashtam.core.registry_check as registry_check

    broken = [RegistryProblem("schwab", "capabilities", "is empty;", "List them.")]
    monkeypatch.setattr(registry_check, "validate_registry_against_settings", lambda: broken)
    assert main() == 1
    err = capsys.readouterr().err
    assert "The provider registry has 1 problem(s):" in err
    assert "[schwab] capabilities: is empty; Fix: List them." in err
