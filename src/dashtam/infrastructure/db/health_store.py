"""Health records in the ``provider_health`` table: one row per provider, replaced per check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashtam.domain.providers.health import HealthRecord, HealthStatus
from dashtam.infrastructure.db.models import ProviderHealthRow


class SqlHealthStore:
    """Loads and saves :class:`HealthRecord` rows through ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def load(self) -> Mapping[str, HealthRecord]:
        """Every stored record, by slug."""
        with Session(self._engine) as session:
            return {row.slug: _record(row) for row in session.scalars(select(ProviderHealthRow))}

    def save(self, records: Iterable[HealthRecord]) -> None:
        """Store ``records`` in one transaction, replacing each provider's previous row."""
        with Session(self._engine) as session, session.begin():
            for record in records:
                session.merge(
                    ProviderHealthRow(
                        slug=record.slug,
                        url=record.url,
                        status=str(record.status),
                        latency_ms=record.latency_ms,
                        checked_at=record.checked_at,
                        last_error=record.last_error,
                        consecutive_failures=record.consecutive_failures,
                        recovered_at=record.recovered_at,
                    )
                )


def _record(row: ProviderHealthRow) -> HealthRecord:
    return HealthRecord(
        slug=row.slug,
        url=row.url,
        status=HealthStatus[row.status.upper()],
        latency_ms=row.latency_ms,
        checked_at=row.checked_at,
        last_error=row.last_error,
        consecutive_failures=row.consecutive_failures,
        recovered_at=row.recovered_at,
    )
