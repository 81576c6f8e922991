"""Database fixtures: every database test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_cluster import postgres_cluster

# The fictional fixture registry lives beside the unit tests; the service tests use it too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from sqlalchemy import Engine, create_engine, text

from dashtam.infrastructure.db.engine import make_engine, parse_database_url


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server: DASHTAM_TEST_POSTGRES_URL, else a throwaway local cluster."""
    configured = os.environ.get("DASHTAM_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    with tempfile.TemporaryDirectory(prefix="dashtam-pg-") as base:
        os.chmod(base, 0o755)
        with postgres_cluster(Path(base) / "cluster") as url:
            yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dashtam.db'}"
        return
    server = parse_database_url(request.getfixturevalue("postgres_server_url"))
    name = f"dashtam_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the empty database; disposed after the test."""
    created = make_engine(database_url)
    yield created
    created.dispose()
