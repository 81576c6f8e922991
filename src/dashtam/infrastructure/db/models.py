"""The tables, as SQLAlchemy 2.0 declarative models.

The migrations under ``migrations/versions`` create exactly these tables; a test
compares the two, so a model change without a migration fails the suite.
Token columns hold Fernet ciphertext only: nothing here ever sees a plain token.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: Constraint names are fixed so migrations and models name them alike on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC on every backend; SQLite would otherwise hand back naive values.

    Stored naive-in-UTC on SQLite (so string comparison orders them) and
    ``timestamptz`` on PostgreSQL; always read back as aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stamp: datetime = value
        return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the project's constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProviderRow(Base):
    """One registry entry, seeded from the registry; never deleted, only deactivated."""

    __tablename__ = "providers"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64))
    auth_type: Mapped[str] = mapped_column(String(64))
    capabilities: Mapped[list[str]] = mapped_column(JSON)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The registry's feature flags, as seeded (operator overrides are applied at run time).
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    beta: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    min_version: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ProviderHealthRow(Base):
    """A provider's latest health check: one row per provider, replaced after each check."""

    __tablename__ = "provider_health"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    recovered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OAuthStateRow(Base):
    """A pending authorization: the hash of its state, never the state itself.

    ``expires_at`` is indexed so the purge deletes the expired rows without
    reading the others.
    """

    __tablename__ = "oauth_states"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider_slug: Mapped[str] = mapped_column(String(64))
    browser_hash: Mapped[str] = mapped_column(String(64))
    code_verifier_encrypted: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    redeemed: Mapped[bool] = mapped_column(Boolean, default=False)


class ConnectionRow(Base):
    """A provider connection made by OAuth, its tokens encrypted at rest."""

    __tablename__ = "connections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_slug: Mapped[str] = mapped_column(
        String(64), ForeignKey("providers.slug"), unique=True
    )
    access_token_encrypted: Mapped[str] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    token_type: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(500), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ImportedTransactionRow(Base):
    """A transaction imported from a file; its stable id makes re-imports no-ops."""

    __tablename__ = "imported_transactions"
    __table_args__ = (
        UniqueConstraint("provider_slug", "provider_transaction_id", name="uq_imported_txn_id"),
        Index("ix_imported_txn_account_posted", "provider_slug", "account_id", "posted_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_slug: Mapped[str] = mapped_column(String(64), ForeignKey("providers.slug"))
    provider_transaction_id: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[str] = mapped_column(String(200))
    posted_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(Text)
    transaction_type: Mapped[str] = mapped_column(String(64))
    memo: Mapped[str | None] = mapped_column(Text, nullable=True)
    check_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
