"""The database as the service uses it: connect, upgrade and seed, check it is ready.

``DATABASE_URL`` chooses the backend (SQLite file by default, PostgreSQL when it
says so). Every failure here names ``DATABASE_URL`` with its password masked and
says what to do, because it is the first thing a new installation gets wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Final

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from dashtam.core.settings import Settings, get_settings
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.registry import PROVIDER_REGISTRY
from dashtam.infrastructure.db.engine import DatabaseUrlError, display_url, make_engine
from dashtam.infrastructure.db.seed import SeedReport, seed_providers

UPGRADE_COMMAND: Final = "python -m dashtam db upgrade"


class DatabaseUnavailableError(RuntimeError):
    """The database cannot be reached or is not migrated; the message names DATABASE_URL."""


@dataclass(frozen=True, kw_only=True)
class UpgradeReport:
    """What ``db upgrade`` did: the revisions before and after, and the seed's changes."""

    url: str
    revision_before: str | None
    revision_after: str | None
    seed: SeedReport


def database_engine(settings: Settings | None = None) -> Engine:
    """An engine for the settings' ``DATABASE_URL``.

    Raises:
        DatabaseUnavailableError: ``DATABASE_URL`` is malformed or names another backend.
    """
    resolved = settings if settings is not None else get_settings()
    try:
        return make_engine(resolved.database_url)
    except DatabaseUrlError as error:
        raise DatabaseUnavailableError(str(error)) from None


def _unreachable(engine: Engine, error: SQLAlchemyError) -> DatabaseUnavailableError:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    return DatabaseUnavailableError(
        f"Cannot reach the database at DATABASE_URL={display_url(engine.url)}: {reason}. "
        "Start the database server or set DATABASE_URL to one that is running "
        "(the default, sqlite:///dashtam.db, needs no server)."
    )


def _migrations() -> ModuleType:
    """Alembic, loaded only to migrate or compare revisions (0.1 s the docs build skips)."""
    from dashtam.infrastructure.db import migrate

    return migrate


def upgrade_database(
    engine: Engine, registry: Iterable[ProviderMetadata] = PROVIDER_REGISTRY
) -> UpgradeReport:
    """Apply the migrations, then seed ``providers`` from the registry (idempotent).

    Raises:
        DatabaseUnavailableError: The database cannot be reached.
    """
    migrate = _migrations()
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
        seed = seed_providers(engine, registry)
    except SQLAlchemyError as error:
        raise _unreachable(engine, error) from None
    return UpgradeReport(
        url=display_url(engine.url), revision_before=before, revision_after=after, seed=seed
    )


def ensure_ready(engine: Engine) -> None:
    """Fail fast at start-up unless the database answers and is fully migrated.

    Raises:
        DatabaseUnavailableError: Unreachable, or its schema is behind the code.
    """
    migrate = _migrations()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = migrate.current_revision(engine)
    except SQLAlchemyError as error:
        raise _unreachable(engine, error) from None
    head = migrate.head_revision(engine)
    if current != head:
        raise DatabaseUnavailableError(
            f"The database at DATABASE_URL={display_url(engine.url)} is at schema revision "
            f"{current or '(none: not created yet)'}, the code needs {head}. "
            f"Run `{UPGRADE_COMMAND}` once, then start the service again."
        )
