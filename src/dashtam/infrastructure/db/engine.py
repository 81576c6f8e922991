"""Engines from a ``DATABASE_URL``: SQLite files by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError

#: SQLAlchemy's default PostgreSQL driver is psycopg2; Dashtam ships psycopg 3.
_POSTGRES_SCHEMES: Final = {"postgres", "postgresql"}
#: How long a SQLite writer waits for another worker's lock before failing.
SQLITE_BUSY_SECONDS: Final = 30


class DatabaseUrlError(ValueError):
    """``DATABASE_URL`` is not a URL SQLAlchemy can use; the message says what to set."""


def parse_database_url(url: str) -> URL:
    """``url`` as a SQLAlchemy URL, ``postgresql://`` mapped to the psycopg 3 driver.

    Raises:
        DatabaseUrlError: The URL cannot be parsed or names an unsupported backend.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(
            "DATABASE_URL is not a database URL. Set it to sqlite:///path/to/dashtam.db or "
            "postgresql://user:password@host:5432/dbname."
        ) from None
    if parsed.drivername in _POSTGRES_SCHEMES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise DatabaseUrlError(
            f"DATABASE_URL names the {parsed.get_backend_name()!r} backend; Dashtam supports "
            "sqlite and postgresql. Set it to sqlite:///dashtam.db or postgresql://..."
        )
    return parsed


def display_url(url: str | URL) -> str:
    """The URL with its password masked, for messages and logs."""
    parsed = url if isinstance(url, URL) else parse_database_url(url)
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url``; SQLite connections enforce foreign keys and wait for locks."""
    parsed = url if isinstance(url, URL) else parse_database_url(url)
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    else:
        options["pool_pre_ping"] = True
        options["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(parsed, **options)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
