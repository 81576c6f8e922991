"""Seeds the ``providers`` table from the registry, idempotently.

The registry is the only list of providers: a new entry is inserted, a changed
display name, category, auth type, capability list or feature flag
(``enabled``, ``beta``, ``min_version``) is updated, and a slug that
left the registry is marked inactive, never deleted, because connections and
imported transactions reference it. A re-run with an unchanged registry writes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.infrastructure.db.models import ProviderRow


@dataclass(frozen=True, kw_only=True)
class SeedReport:
    """What one seed run changed, slug by slug."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return bool(self.added or self.updated or self.deactivated)


def _columns(entry: ProviderMetadata) -> dict[str, object]:
    return {
        "display_name": entry.display_name,
        "category": str(entry.category.value),
        "auth_type": str(entry.auth_type.value),
        "capabilities": [str(capability.value) for capability in entry.capabilities],
        "is_active": True,
        "enabled": entry.enabled,
        "beta": entry.beta,
        "min_version": entry.min_version,
    }


def seed_providers(engine: Engine, registry: Iterable[ProviderMetadata]) -> SeedReport:
    """Make the ``providers`` table match ``registry`` in one transaction."""
    report = SeedReport()
    with Session(engine) as session, session.begin():
        rows = {row.slug: row for row in session.scalars(select(ProviderRow).with_for_update())}
        seen: set[str] = set()
        for entry in registry:
            slug = str(entry.slug)
            seen.add(slug)
            wanted = _columns(entry)
            row = rows.get(slug)
            if row is None:
                session.add(ProviderRow(slug=slug, **wanted))
                report.added.append(slug)
            elif any(getattr(row, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(row, name, value)
                report.updated.append(slug)
            else:
                report.unchanged.append(slug)
        for slug, row in sorted(rows.items()):
            if slug not in seen and row.is_active:
                row.is_active = False
                report.deactivated.append(slug)
    return report
