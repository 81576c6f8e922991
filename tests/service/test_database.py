"""The database: migrations, the models-vs-migrations check, the seed, start-up errors."""

from __future__ import annotations

import dataclasses

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashtam.__main__ import main
from dashtam.core.database import (
    DatabaseUnavailableError,
    database_engine,
    ensure_ready,
    upgrade_database,
)
from dashtam.core.settings import Settings
from dashtam.domain.providers import PROVIDER_REGISTRY, get_all_provider_slugs
from dashtam.infrastructure.db.engine import make_engine
from dashtam.infrastructure.db.migrate import head_revision
from dashtam.infrastructure.db.models import Base, ProviderRow


def _providers(engine: Engine) -> dict[str, tuple[str, bool]]:
    with Session(engine) as session:
        return {
            row.slug: (row.display_name, row.is_active)
            for row in session.scalars(select(ProviderRow))
        }


def test_models_and_migrations_agree(engine: Engine) -> None:
    upgrade_database(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], (
        "The models differ from the migrations; add a migration under "
        "src/dashtam/infrastructure/db/migrations/versions for: " + repr(differences)
    )


def test_upgrade_seeds_the_registry_and_a_rerun_is_a_no_op(engine: Engine) -> None:
    first = upgrade_database(engine)
    assert first.revision_before is None
    assert first.revision_after == head_revision(engine)
    assert first.seed.added == [str(slug) for slug in get_all_provider_slugs()]
    assert _providers(engine) == {
        str(entry.slug): (entry.display_name, True) for entry in PROVIDER_REGISTRY
    }
    second = upgrade_database(engine)
    assert second.revision_before == second.revision_after == first.revision_after
    assert not second.seed.changed
    assert second.seed.unchanged == first.seed.added


def test_seed_updates_changed_entries_and_deactivates_removed_ones(engine: Engine) -> None:
    upgrade_database(engine)
    first, *rest = PROVIDER_REGISTRY
    renamed = dataclasses.replace(rest[0], display_name="Renamed For The Test")
    report = upgrade_database(engine, [renamed, *rest[1:]])
    assert report.seed.updated == [str(renamed.slug)]
    assert report.seed.deactivated == [str(first.slug)]
    rows = _providers(engine)
    assert rows[str(first.slug)] == (first.display_name, False), "never deleted, only inactive"
    assert rows[str(renamed.slug)] == ("Renamed For The Test", True)
    restored = upgrade_database(engine)
    assert restored.seed.updated == [str(first.slug), str(renamed.slug)]
    assert all(active for _, active in _providers(engine).values())


def test_ensure_ready_asks_for_db_upgrade_on_an_empty_database(engine: Engine) -> None:
    with pytest.raises(DatabaseUnavailableError, match=r"python -m dashtam db upgrade"):
        ensure_ready(engine)
    upgrade_database(engine)
    ensure_ready(engine)


def test_a_database_that_is_down_names_database_url_without_its_password() -> None:
    settings = Settings(database_url="postgresql://dashtam:hunter2@127.0.0.1:1/dashtam")
    engine = database_engine(settings)
    with pytest.raises(DatabaseUnavailableError) as raised:
        ensure_ready(engine)
    message = str(raised.value)
    assert "DATABASE_URL=postgresql+psycopg://dashtam:***@127.0.0.1:1/dashtam" in message
    assert "hunter2" not in message
    assert "Start the database server" in message


def test_an_unsupported_database_url_is_named() -> None:
    with pytest.raises(DatabaseUnavailableError, match="DATABASE_URL names the 'mysql' backend"):
        database_engine(Settings(database_url="mysql://localhost/dashtam"))
    with pytest.raises(DatabaseUnavailableError, match="DATABASE_URL is not a database URL"):
        database_engine(Settings(database_url="not a url"))


def test_db_upgrade_command_twice(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    from dashtam.core.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["db", "upgrade"]) == 0
        first = capsys.readouterr().out
        assert main(["db", "upgrade"]) == 0
        second = capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    slugs = [str(slug) for slug in get_all_provider_slugs()]
    probe = make_engine(database_url)
    head = head_revision(probe)
    probe.dispose()
    assert f"schema: migrated (empty) -> {head}" in first
    assert f"providers: added {', '.join(slugs)}" in first
    assert f"schema: already at {head}" in second
    assert f"providers: unchanged ({len(slugs)} up to date)" in second


def test_db_upgrade_command_fails_clearly_when_the_server_is_down(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://dashtam:pw@127.0.0.1:1/dashtam")
    from dashtam.core.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["db", "upgrade"]) == 1
    finally:
        get_settings.cache_clear()
    assert (
        "db upgrade failed: Cannot reach the database at DATABASE_URL=" in capsys.readouterr().err
    )
