"""``python -m dashtam check``: each validator on the fixture registry, the report, the CLI.

Mechanism tests build :class:`CheckInputs` from the fictional registry of
``fixture_providers`` (its own slugs, settings model, implementations and files), so
they never depend on the real providers. The real project is checked once, at the end,
and must have no problem at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest
from fixture_providers import (
    FILES_ENTRY,
    FIXTURE_REGISTRY,
    KEYS_ENTRY,
    LEGACY_ENTRY,
    OAUTH_ENTRY,
    UNREGISTERED,
    FixtureFilesProvider,
    FixtureKeysConfig,
    FixtureKeysProvider,
    FixtureOAuthConfig,
    FixtureSettings,
    fixture_implementation,
)
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashtam.__main__ import main
from dashtam.core.check import (
    VALIDATORS,
    CheckInputs,
    Problem,
    Report,
    Severity,
    load_inputs,
    run_checks,
)
from dashtam.core.check.config_schemas import type_text
from dashtam.core.check.inputs import missing_member_references
from dashtam.domain.providers import ProviderCapability, ProviderRegistry
from dashtam.domain.providers.config import (
    HttpClientConfig,
    OAuthRedirectConfig,
    settings_field,
)
from dashtam.domain.providers.models import Holding
from dashtam.domain.providers.protocols import ReportsCapabilities

ROOT: Final = Path(__file__).resolve().parents[2]
ENV_LINES: Final = [
    # The shared HTTP client's settings, whichever they are.
    *(
        line
        for name, field in HttpClientConfig.model_fields.items()
        for line in ("# Shared.", f"{name.upper()}={field.default}")
    ),
    "# Base URL.",
    "PUBLIC_BASE_URL=http://localhost:8000",
    "# Client ID.",
    "FIXTURE_OAUTH_CLIENT_ID=",
    "# Client secret.",
    "FIXTURE_OAUTH_CLIENT_SECRET=",
    "# Mode.",
    "FIXTURE_OAUTH_MODE=sandbox",
    "# Keys API.",
    "FIXTURE_KEYS_BASE_URL=https://keys.fixture.example",
    "# Legacy token.",
    "FIXTURE_LEGACY_TOKEN=",
]
#: The fixture registry without its schema-less entry: a clean project.
CLEAN: Final = ProviderRegistry([OAUTH_ENTRY, KEYS_ENTRY, FILES_ENTRY])
CLEAN_SLUGS: Final = [str(entry.slug) for entry in CLEAN]


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., CheckInputs]:
    """Builds fixture inputs; keyword arguments replace parts of a clean project."""

    def make(
        *,
        registry: Any = CLEAN,
        declared: Any = None,
        env_lines: list[str] | None = None,
        prose: tuple[str, ...] = ("fixture_oauth",),
        **changes: Any,
    ) -> CheckInputs:
        prose_dir = tmp_path / "docs" / "providers" / "_prose"
        prose_dir.mkdir(parents=True, exist_ok=True)
        for path in prose_dir.glob("*.md"):
            path.unlink()
        for name in prose:
            (prose_dir / f"{name}.md").write_text("## Notes\n", encoding="utf-8")
        env = tmp_path / ".env.example"
        env.write_text("\n".join(env_lines if env_lines is not None else ENV_LINES) + "\n")
        inputs = CheckInputs(
            registry=registry,
            declared_slugs=declared if declared is not None else [str(e.slug) for e in registry],
            settings_model=FixtureSettings,
            implementations=fixture_implementation,
            prose_dir=prose_dir,
            env_example=env,
            root=tmp_path,
        )
        return replace(inputs, **changes)

    return make


def located(report: Report) -> list[tuple[str | None, str, str]]:
    return [(p.provider, p.check, p.field) for p in report.problems]


def only(report: Report) -> Problem:
    assert len(report.problems) == 1, report.render_text()
    return report.problems[0]


# The clean fixture project, and what every report holds ---------------------------------


def test_a_consistent_project_has_no_problems(project: Callable[..., CheckInputs]) -> None:
    report = run_checks(project())
    assert report.problems == (), report.render_text()
    assert not report.failed(strict=True)
    assert report.render_text() == "dashtam check: no problems (6 checks).\n"
    assert report.providers == ("fixture_oauth", "fixture_keys", "fixture_files")
    assert report.checks == tuple(validator.NAME for validator in VALIDATORS)


def test_every_problem_names_where_and_how_to_fix(project: Callable[..., CheckInputs]) -> None:
    broken = replace(KEYS_ENTRY, capabilities=[ProviderCapability.HOLDINGS])
    report = run_checks(project(registry=[OAUTH_ENTRY, broken], env_lines=ENV_LINES[:-2]))
    assert len(report.problems) >= 4
    for problem in report.problems:
        assert problem.problem.endswith((".", "?)", ")")), problem
        assert problem.fix, problem
        assert problem.check in report.checks


# registry: enum <-> registry, entry fields, setup <-> auth type ------------------------


def test_an_enum_member_without_an_entry(project: Callable[..., CheckInputs]) -> None:
    problem = only(run_checks(project(declared=[*CLEAN_SLUGS, "fixture_new"])))
    assert (problem.provider, problem.check, problem.field) == ("fixture_new", "registry", "slug")
    assert "declared in the Provider enum but has no registry entry" in problem.problem
    assert "Add ProviderMetadata(slug=Provider.FIXTURE_NEW, ...)" in problem.fix


def test_an_entry_whose_slug_is_no_enum_member(project: Callable[..., CheckInputs]) -> None:
    problem = only(run_checks(project(declared=CLEAN_SLUGS[:2])))
    assert (problem.provider, problem.field) == ("fixture_files", "slug")
    assert "FIXTURE_FILES = 'fixture_files'" in problem.fix


def test_a_setup_record_that_does_not_match_the_auth_type(
    project: Callable[..., CheckInputs],
) -> None:
    entry = replace(OAUTH_ENTRY, setup=KEYS_ENTRY.setup)
    problem = only(run_checks(project(registry=[entry, KEYS_ENTRY, FILES_ENTRY])))
    assert (problem.provider, problem.check, problem.field) == (
        "fixture_oauth",
        "registry",
        "setup",
    )
    assert "needs OAuthSetup(...)" in problem.problem


def test_missing_member_references_are_read_from_the_source(tmp_path: Path) -> None:
    from fixture_providers import FixtureSlug

    source = tmp_path / "registry.py"
    source.write_text(
        "entries = [\n    FixtureSlug.OAUTH,\n    FixtureSlug.NEW_ONE,\n"
        "    FixtureSlug.ALSO_NEW,\n]\n",
        encoding="utf-8",
    )
    assert missing_member_references(source, FixtureSlug) == [("NEW_ONE", 3), ("ALSO_NEW", 4)]


# config: schema, required_settings and Settings agree ---------------------------------


def test_a_required_setting_the_schema_lacks(project: Callable[..., CheckInputs]) -> None:
    entry = replace(
        OAUTH_ENTRY, required_settings=[*OAUTH_ENTRY.required_settings, "fixture_oauth_pin"]
    )
    problem = only(run_checks(project(registry=[entry, KEYS_ENTRY, FILES_ENTRY])))
    assert (problem.provider, problem.check, problem.field) == (
        "fixture_oauth",
        "config",
        "required_settings",
    )
    assert "names 'fixture_oauth_pin', which FixtureOAuthConfig does not declare" in (
        problem.problem
    )
    assert "to FixtureOAuthConfig in src/dashtam/domain/providers/config.py" in problem.fix


def test_a_required_schema_field_missing_from_required_settings(
    project: Callable[..., CheckInputs],
) -> None:
    entry = replace(OAUTH_ENTRY, required_settings=["fixture_oauth_client_id"])
    problem = only(run_checks(project(registry=[entry, KEYS_ENTRY, FILES_ENTRY])))
    assert "does not list 'fixture_oauth_client_secret'" in problem.problem
    assert "Add 'fixture_oauth_client_secret' to required_settings" in problem.fix


def test_a_required_setting_with_a_default(project: Callable[..., CheckInputs]) -> None:
    entry = replace(KEYS_ENTRY, required_settings=["fixture_keys_base_url"])
    problem = only(run_checks(project(registry=[OAUTH_ENTRY, entry, FILES_ENTRY])))
    assert "gives it a default ('https://keys.fixture.example')" in problem.problem


def test_an_entry_without_a_schema_is_a_warning(project: Callable[..., CheckInputs]) -> None:
    report = run_checks(project(registry=FIXTURE_REGISTRY))
    problem = only(report)
    assert problem.severity is Severity.WARNING
    assert (problem.provider, problem.field) == ("fixture_legacy", "config_schema")
    assert "class FixtureLegacyConfig(ProviderConfig)" in problem.fix
    assert not report.failed()
    assert report.failed(strict=True)


def test_without_a_schema_required_settings_must_still_be_settings(
    project: Callable[..., CheckInputs],
) -> None:
    entry = replace(LEGACY_ENTRY, required_settings=["fixture_legacy_pin"])
    report = run_checks(project(registry=[*CLEAN, entry]))
    assert located(report) == [
        ("fixture_legacy", "config", "config_schema"),
        ("fixture_legacy", "config", "required_settings"),
    ]
    assert "not a field of FixtureSettings" in report.problems[1].problem


def test_an_oauth_schema_without_the_redirect_part(project: Callable[..., CheckInputs]) -> None:
    entry = replace(OAUTH_ENTRY, config_schema=FixtureKeysConfig, required_settings=[])
    report = run_checks(project(registry=[entry, KEYS_ENTRY, FILES_ENTRY]))
    assert ("fixture_oauth", "config", "config_schema") in located(report)
    (problem,) = [p for p in report.problems if p.field == "config_schema"]
    assert "does not include OAuthRedirectConfig" in problem.problem


class DriftedSettings(BaseSettings, OAuthRedirectConfig, HttpClientConfig):
    """Settings that disagree with FixtureOAuthConfig in every way the check knows."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=False)

    fixture_oauth_client_id: str | None = Field(
        default=None, description="Client ID of the fixture app."
    )
    fixture_oauth_client_secret: SecretStr | None = Field(default="x", description="Other words.")  # type: ignore[assignment]
    fixture_keys_base_url: str = settings_field(FixtureKeysConfig, "fixture_keys_base_url")
    fixture_legacy_token: SecretStr | None = None


def test_schema_and_settings_disagreements(project: Callable[..., CheckInputs]) -> None:
    report = run_checks(project(settings_model=DriftedSettings))
    config = [p for p in report.problems if p.check == "config"]
    by_field = {(p.field, p.problem.split(",")[0]) for p in config}
    assert (
        "fixture_oauth_client_id",
        "DriftedSettings declares it as `str | None`",
    ) in by_field
    assert any("default is 'x'" in p.problem for p in config)
    assert any("description differs" in p.problem for p in config)
    mode = [p for p in config if p.field == "fixture_oauth_mode"]
    assert mode[0].problem.startswith("FixtureOAuthConfig reads fixture_oauth_mode, which")
    assert mode[0].fix == (
        "Declare it in DriftedSettings (src/dashtam/core/settings.py) as `fixture_oauth_mode: "
        'FixtureMode = settings_field(FixtureOAuthConfig, "fixture_oauth_mode")`.'
    )
    keys = [p for p in config if p.field == "fixture_keys_base_url"]
    assert "declares it as `str`, FixtureKeysConfig as `HttpBaseUrl`" in keys[0].problem
    secret = [p for p in config if p.field == "fixture_oauth_client_secret"]
    assert "`SecretStr | None` = settings_field" not in secret[0].fix
    assert "fixture_oauth_client_secret: SecretStr | None = settings_field(" in secret[0].fix


def test_type_text_reads_like_the_source() -> None:
    assert type_text(SecretStr | None) == "SecretStr | None"
    assert type_text(FixtureOAuthConfig.model_fields["fixture_oauth_mode"].annotation) == (
        "Literal['sandbox', 'live']"
    )
    assert type_text(None) == "None"
    assert type_text(list[int]) == "list[int]"


def test_a_schema_that_is_not_a_provider_config(project: Callable[..., CheckInputs]) -> None:
    entry = replace(FILES_ENTRY, config_schema=dict)  # type: ignore[arg-type]
    problem = only(run_checks(project(registry=[OAUTH_ENTRY, KEYS_ENTRY, entry])))
    assert "not a ProviderConfig subclass" in problem.problem


# container: implementation, slug, constructor contract, OAuth flow ---------------------


def test_an_entry_without_a_container_case(project: Callable[..., CheckInputs]) -> None:
    entry = replace(FILES_ENTRY, slug=UNREGISTERED)
    problem = only(
        run_checks(project(registry=[OAUTH_ENTRY, KEYS_ENTRY, entry], prose=("fixture_oauth",)))
    )
    assert (problem.provider, problem.check, problem.field) == (
        UNREGISTERED,
        "container",
        "implementation",
    )
    assert "implementation_class() has no case for it" in problem.problem
    assert f"Add `case Provider.{UNREGISTERED.upper()}:` to implementation_class()" in problem.fix


def lookup(**classes: type) -> Callable[[str], type]:
    def implementations(slug: str) -> type:
        return classes[slug] if slug in classes else fixture_implementation(slug)

    return implementations


def test_an_implementation_s_slug_and_constructor(project: Callable[..., CheckInputs]) -> None:
    class WrongSlug(FixtureFilesProvider):
        slug = "fixture_keys"  # type: ignore[assignment]

    class TakesTooLittle(ReportsCapabilities):
        slug = "fixture_keys"

        def __init__(self, *, config: FixtureOAuthConfig, account_pin: str) -> None:
            pass

        def fetch_accounts(self) -> list[object]:
            return []

        def fetch_transactions(self, account_id: str, start: date, end: date) -> list[object]:
            return []

    report = run_checks(
        project(implementations=lookup(fixture_files=WrongSlug, fixture_keys=TakesTooLittle))
    )
    messages = [p.problem for p in report.problems]
    assert located(report) == [
        ("fixture_keys", "container", "constructor"),
        ("fixture_keys", "container", "constructor"),
        ("fixture_keys", "container", "constructor"),
        ("fixture_keys", "container", "constructor"),
        ("fixture_files", "container", "slug"),
    ]
    assert any("does not take the keyword `setup`" in m for m in messages)
    assert any("does not take the keyword `http`" in m for m in messages)
    assert any("requires `account_pin`, which the container never passes" in m for m in messages)
    assert any(
        "annotates `config` as FixtureOAuthConfig, but the container passes a FixtureKeysConfig"
        in m
        for m in messages
    )
    assert "WrongSlug.slug is 'fixture_keys'" in messages[-1]


def test_an_oauth_entry_whose_class_has_no_flow(project: Callable[..., CheckInputs]) -> None:
    class NoFlow(ReportsCapabilities):
        slug = "fixture_oauth"

        def __init__(self, **parts: object) -> None:
            pass

        def fetch_accounts(self) -> list[object]:
            return []

    problem = only(run_checks(project(implementations=lookup(fixture_oauth=NoFlow))))
    assert (problem.field, problem.check) == ("oauth", "container")
    assert "lacks authorization_url, exchange_code, refresh_tokens" in problem.problem


def test_a_lookup_that_crashes_is_a_problem(project: Callable[..., CheckInputs]) -> None:
    def broken(slug: str) -> type:
        raise ImportError(f"No module named 'dashtam.infrastructure.providers.{slug}'")

    report = run_checks(project(implementations=broken))
    assert {p.field for p in report.problems} == {"implementation"}
    assert "raised ImportError: No module named" in report.problems[0].problem


def test_a_case_naming_a_missing_enum_member_is_a_problem(
    project: Callable[..., CheckInputs],
) -> None:
    from dashtam.domain.providers import Provider

    def lookup_with_missing_member(slug: str) -> type:
        raise AttributeError("FIXTURE_NEW", name="FIXTURE_NEW", obj=Provider)

    report = run_checks(project(implementations=lookup_with_missing_member))
    assert len(report.problems) == 1, report.render_text()
    problem = report.problems[0]
    assert (problem.provider, problem.check, problem.field) == ("fixture_new", "container", "slug")
    assert "names Provider.FIXTURE_NEW, which the Provider enum does not declare" in (
        problem.problem
    )
    assert 'Add FIXTURE_NEW = "fixture_new" to Provider' in problem.fix


# capabilities: declared vs implemented, both ways ---------------------------------------


def test_a_declared_capability_that_is_not_implemented(
    project: Callable[..., CheckInputs],
) -> None:
    entry = replace(
        KEYS_ENTRY, capabilities=[*KEYS_ENTRY.capabilities, ProviderCapability.HOLDINGS]
    )
    problem = only(run_checks(project(registry=[OAUTH_ENTRY, entry, FILES_ENTRY])))
    assert (problem.provider, problem.check, problem.field) == (
        "fixture_keys",
        "capabilities",
        "capabilities",
    )
    assert "declares HOLDINGS, but FixtureKeysProvider has no fetch_holdings()" in problem.problem
    assert "Implement `fetch_holdings(self, account_id)` on FixtureKeysProvider" in problem.fix


def test_an_implemented_method_the_entry_does_not_declare(
    project: Callable[..., CheckInputs],
) -> None:
    class WithHoldings(FixtureKeysProvider):
        def fetch_holdings(self, account: str) -> list[Holding]:
            return []

    report = run_checks(project(implementations=lookup(fixture_keys=WithHoldings)))
    problem = only(report)
    assert "WithHoldings implements fetch_holdings(), but the entry does not declare HOLDINGS" in (
        problem.problem
    )
    entry = replace(
        KEYS_ENTRY, capabilities=[*KEYS_ENTRY.capabilities, ProviderCapability.HOLDINGS]
    )
    problem = only(
        run_checks(
            project(
                registry=[OAUTH_ENTRY, entry, FILES_ENTRY],
                implementations=lookup(fixture_keys=WithHoldings),
            )
        )
    )
    assert problem.field == "fetch_holdings"
    assert "does not take the parameters of SupportsHoldings.fetch_holdings(account_id)" in (
        problem.problem
    )


def test_a_class_that_does_not_report_its_capabilities(
    project: Callable[..., CheckInputs],
) -> None:
    class Silent:
        slug = "fixture_files"

        def __init__(self, **parts: object) -> None:
            pass

        def fetch_transactions(self, account_id: str, start: date, end: date) -> list[object]:
            return []

    problem = only(run_checks(project(implementations=lookup(fixture_files=Silent))))
    assert (problem.provider, problem.check, problem.field) == (
        "fixture_files",
        "capabilities",
        "get_capabilities",
    )
    assert "Silent does not report its capabilities" in problem.problem
    assert "`class Silent(ReportsCapabilities):`" in problem.fix


def test_a_report_written_by_hand_is_compared_with_methods_and_registry(
    project: Callable[..., CheckInputs],
) -> None:
    class Boastful(FixtureFilesProvider):
        @classmethod
        def get_capabilities(cls) -> frozenset[ProviderCapability]:
            return frozenset({ProviderCapability.HOLDINGS})

    report = run_checks(project(implementations=lookup(fixture_files=Boastful)))
    assert [p.problem for p in report.problems] == [
        "Boastful.get_capabilities() reports {HOLDINGS}, but its methods implement {TRANSACTIONS}.",
        "Boastful.get_capabilities() reports HOLDINGS, which the registry does not declare.",
        "Boastful.get_capabilities() does not report TRANSACTIONS, which the registry declares.",
    ]
    assert {p.field for p in report.problems} == {"get_capabilities"}


# prose and .env.example -----------------------------------------------------------------


def test_a_misspelt_prose_file_gets_a_did_you_mean(project: Callable[..., CheckInputs]) -> None:
    problem = only(run_checks(project(prose=("fixture_kyes",))))
    assert (problem.provider, problem.check) == ("fixture_keys", "prose")
    assert "(did you mean 'fixture_keys'?)" in problem.problem
    assert problem.fix == "Rename it to docs/providers/_prose/fixture_keys.md."


def test_an_orphan_prose_file_lists_the_slugs(project: Callable[..., CheckInputs]) -> None:
    problem = only(run_checks(project(prose=("zebra",))))
    assert (problem.provider, problem.field) == ("zebra", "docs/providers/_prose/zebra.md")
    assert "fixture_oauth, fixture_keys, fixture_files" in problem.fix


def test_a_variable_missing_from_env_example_is_named(project: Callable[..., CheckInputs]) -> None:
    lines = [line for line in ENV_LINES if "FIXTURE_OAUTH_CLIENT_SECRET" not in line]
    problem = only(run_checks(project(env_lines=lines)))
    assert (problem.provider, problem.check, problem.field) == (
        "fixture_oauth",
        "env_example",
        "FIXTURE_OAUTH_CLIENT_SECRET",
    )
    assert problem.problem.startswith(".env.example lacks FIXTURE_OAUTH_CLIENT_SECRET")
    assert "`FIXTURE_OAUTH_CLIENT_SECRET=`" in problem.fix
    assert "`# Secret of the fixture app.`" in problem.fix


def test_env_example_extra_repeated_uncommented_and_secret_values(
    project: Callable[..., CheckInputs],
) -> None:
    lines = [
        *ENV_LINES,
        "FIXTURE_OAUTH_CLIENT_IDS=",
        "# again",
        "PUBLIC_BASE_URL=http://localhost:8000",
    ]
    lines[lines.index("FIXTURE_OAUTH_CLIENT_ID=")] = "FIXTURE_OAUTH_CLIENT_ID=real-value"
    lines.remove("# Mode.")
    report = run_checks(project(env_lines=lines))
    problems = {p.field: p for p in report.problems}
    assert "did you mean FIXTURE_OAUTH_CLIENT_ID?" in problems["FIXTURE_OAUTH_CLIENT_IDS"].problem
    assert problems["FIXTURE_OAUTH_CLIENT_IDS"].provider is None
    first = lines.index("PUBLIC_BASE_URL=http://localhost:8000") + 1
    assert f"sets PUBLIC_BASE_URL twice (lines {first} and {len(lines)})" in (
        problems["PUBLIC_BASE_URL"].problem
    )
    assert "has no comment above it" in problems["FIXTURE_OAUTH_MODE"].problem
    assert "gives the secret FIXTURE_OAUTH_CLIENT_ID a value" in (
        problems["FIXTURE_OAUTH_CLIENT_ID"].problem
    )
    assert "real-value" not in report.render_text()


# The report --------------------------------------------------------------------------


def test_problems_are_grouped_by_provider_in_registry_order_project_last(
    project: Callable[..., CheckInputs],
) -> None:
    files = replace(FILES_ENTRY, capabilities=[ProviderCapability.ACCOUNTS])
    report = run_checks(
        project(
            registry=[OAUTH_ENTRY, KEYS_ENTRY, files],
            declared=[*CLEAN_SLUGS, "fixture_new"],
            env_lines=[*ENV_LINES, "# x", "UNKNOWN_VAR=1"],
            prose=("fixture_oauth", "fixture_oath"),
        )
    )
    assert list(report.groups()) == ["fixture_oauth", "fixture_files", "fixture_new", None]
    text = report.render_text()
    assert text.startswith(
        "dashtam check: 5 errors, 0 warnings (6 checks)."
        "\n\nfixture_oauth\n  error: [prose] docs/providers/_prose/fixture_oath.md\n"
    )
    assert "\nproject\n  error: [env_example] UNKNOWN_VAR\n" in text
    assert (
        run_checks(
            project(
                registry=[OAUTH_ENTRY, KEYS_ENTRY, files],
                declared=[*CLEAN_SLUGS, "fixture_new"],
                env_lines=[*ENV_LINES, "# x", "UNKNOWN_VAR=1"],
                prose=("fixture_oauth", "fixture_oath"),
            )
        ).render_text()
        == text
    )
    data = json.loads(report.to_json())
    assert data["ok"] is False
    assert data["errors"] == 5
    assert [group["provider"] for group in data["groups"]] == [
        "fixture_oauth",
        "fixture_files",
        "fixture_new",
        None,
    ]
    assert set(data["groups"][0]["problems"][0]) == {
        "provider",
        "check",
        "severity",
        "field",
        "problem",
        "fix",
    }
    assert report.for_provider("fixture_files")[0].field == "capabilities"


def test_a_crashing_validator_is_reported_and_the_others_still_run(
    project: Callable[..., CheckInputs],
) -> None:
    class Broken:
        NAME = "broken"

        @staticmethod
        def validate(inputs: CheckInputs) -> list[Problem]:
            raise RuntimeError("boom")

    report = run_checks(
        project(prose=("zebra",)),
        validators=[Broken, *VALIDATORS],  # type: ignore[list-item]
    )
    assert located(report) == [
        ("zebra", "prose", "docs/providers/_prose/zebra.md"),
        (None, "broken", "check"),
    ]
    assert report.problems[1].problem == "The broken check crashed: RuntimeError: boom"


# The real project ------------------------------------------------------------------------


def test_the_real_project_passes_the_check_strictly() -> None:
    report = run_checks(root=ROOT)
    assert report.problems == (), "python -m dashtam check reports:\n" + report.render_text()
    assert report.providers == tuple(str(entry.slug) for entry in load_inputs(ROOT).registry or ())


def test_the_cli_exit_codes_and_formats(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert main(["check", "--root", str(ROOT)]) == 0
    assert capsys.readouterr().out.startswith("dashtam check: no problems (")
    assert main(["check", "--root", str(ROOT), "--format", "json", "--strict"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "There is no .env.example in" in out
    with pytest.raises(SystemExit) as usage:
        main([])
    assert usage.value.code == 2


def test_a_registry_naming_a_missing_member_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    """A real run of ``python -m dashtam check`` on a copy whose registry is broken."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copy(ROOT / ".env.example", copy / ".env.example")
    registry = copy / "src" / "dashtam" / "domain" / "providers" / "registry.py"
    text = registry.read_text(encoding="utf-8")
    first = str(load_inputs(ROOT).registry[0].slug).upper()  # type: ignore[index]
    registry.write_text(
        text.replace(f"slug=Provider.{first},", "slug=Provider.FIXTURE_MISSING,", 1),
        encoding="utf-8",
    )
    line = next(
        n for n, row in enumerate(registry.read_text().splitlines(), 1) if "FIXTURE_MISSING" in row
    )
    result = subprocess.run(
        [sys.executable, "-m", "dashtam", "check"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        f"src/dashtam/domain/providers/registry.py:{line} names Provider.FIXTURE_MISSING, which "
        f"the Provider enum does not declare" in result.stdout
    )
    assert 'Add FIXTURE_MISSING = "fixture_missing" to Provider in ' in result.stdout
