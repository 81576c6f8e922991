"""Real MkDocs builds, each run once per session and shared by the build tests.

See ``docs_builds.py`` for how a build is run; the gen-files script only ever runs
inside these builds.
"""

from __future__ import annotations

import secrets
import subprocess

import pytest
from docs_builds import (
    CLI_MKDOCS_YML,
    CONFIG,
    HOSTILE_MODULE,
    REPO_ROOT,
    Build,
    CliBuild,
    SecretBuild,
    base_env,
    cli_command,
    run_build,
)

from dashtam.core.settings import Settings
from dashtam.docs.settings_facts import describe_setting


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> SecretBuild:
    """The real registry's site; every settings field carries a planted value it must not show.

    Secret fields get unique random values both in the environment and in a ``.env``
    in the build's working directory; so do non-secret fields (the pages must show
    defaults, never what the environment says).
    """
    workdir = tmp_path_factory.mktemp("build-cwd")
    planted: list[str] = []
    env_values: dict[str, str] = {}
    dotenv_lines: list[str] = []
    for name in Settings.model_fields:
        info = describe_setting(Settings, name)
        assert info is not None
        from_env = f"planted-env-{secrets.token_hex(12)}"
        from_file = f"planted-dotenv-{secrets.token_hex(12)}"
        if info.secret:
            env_values[info.env_var] = from_env
            dotenv_lines.append(f"{info.env_var}={from_file}")
            planted += [from_env, from_file]
        elif name.endswith("_url"):
            env_values[info.env_var] = f"https://{from_env}.example"
            dotenv_lines.append(f"{info.env_var}=https://{from_file}.example")
            planted += [from_env, from_file]
    (workdir / ".env").write_text("\n".join(dotenv_lines) + "\n", encoding="utf-8")
    build = run_build(
        CONFIG, tmp_path_factory.mktemp("site"), cwd=workdir, env=base_env(env_values)
    )
    return SecretBuild(
        site=build.site, output=build.output, returncode=build.returncode, planted=tuple(planted)
    )


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The site for a registry whose names and setup texts are all hostile."""
    module_dir = tmp_path_factory.mktemp("hostile-module")
    (module_dir / "hostile_registry.py").write_text(HOSTILE_MODULE, encoding="utf-8")
    env = base_env(
        {"PYTHONPATH": str(module_dir), "DASHTAM_DOCS_REGISTRY": "hostile_registry:REGISTRY"}
    )
    return run_build(CONFIG, tmp_path_factory.mktemp("hostile-site"), cwd=REPO_ROOT, env=env)


@pytest.fixture(scope="session")
def cli_build(tmp_path_factory: pytest.TempPathFactory) -> CliBuild:
    """The CLI writes the pages; MkDocs without gen-files builds a site from them."""
    root = tmp_path_factory.mktemp("cli")
    out = root / "generated"
    result = subprocess.run(
        cli_command(out), cwd=root, env=base_env(), capture_output=True, text=True, check=False
    )
    config = root / "mkdocs.yml"
    config.write_text(
        CLI_MKDOCS_YML.format(
            config=CONFIG,
            docs_dir=out / "docs",
            custom_dir=REPO_ROOT / "overrides",
            src=REPO_ROOT / "src",
        ),
        encoding="utf-8",
    )
    build = run_build(config, root / "site", cwd=root, env=base_env())
    return CliBuild(
        out=out,
        cli_output=result.stdout + result.stderr,
        cli_returncode=result.returncode,
        build=build,
    )
