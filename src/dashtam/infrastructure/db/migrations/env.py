"""Alembic environment: runs on the engine :mod:`dashtam.infrastructure.db.migrate` passes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from dashtam.infrastructure.db.models import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError(
        "Run migrations with `python -m dashtam db upgrade`; it passes the engine built "
        "from DATABASE_URL."
    )

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
