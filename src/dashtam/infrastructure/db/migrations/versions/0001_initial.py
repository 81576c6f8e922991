"""initial schema: providers, oauth_states, connections, imported_transactions

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oauth_states",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("provider_slug", sa.String(length=64), nullable=False),
        sa.Column("browser_hash", sa.String(length=64), nullable=False),
        sa.Column("code_verifier_encrypted", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redeemed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_oauth_states")),
    )
    with op.batch_alter_table("oauth_states", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_states_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "providers",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("auth_type", sa.String(length=64), nullable=False),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_providers")),
    )
    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_slug", sa.String(length=64), nullable=False),
        sa.Column("access_token_encrypted", sa.Text(), nullable=False),
        sa.Column("refresh_token_encrypted", sa.Text(), nullable=True),
        sa.Column("token_type", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_slug"],
            ["providers.slug"],
            name=op.f("fk_connections_provider_slug_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
        sa.UniqueConstraint("provider_slug", name=op.f("uq_connections_provider_slug")),
    )
    op.create_table(
        "imported_transactions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_slug", sa.String(length=64), nullable=False),
        sa.Column("provider_transaction_id", sa.String(length=200), nullable=False),
        sa.Column("account_id", sa.String(length=200), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("transaction_type", sa.String(length=64), nullable=False),
        sa.Column("memo", sa.Text(), nullable=True),
        sa.Column("check_number", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_slug"],
            ["providers.slug"],
            name=op.f("fk_imported_transactions_provider_slug_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_transactions")),
        sa.UniqueConstraint("provider_slug", "provider_transaction_id", name="uq_imported_txn_id"),
    )
    with op.batch_alter_table("imported_transactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_imported_txn_account_posted",
            ["provider_slug", "account_id", "posted_on"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("imported_transactions", schema=None) as batch_op:
        batch_op.drop_index("ix_imported_txn_account_posted")

    op.drop_table("imported_transactions")
    op.drop_table("connections")
    op.drop_table("providers")
    with op.batch_alter_table("oauth_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_states_expires_at"))

    op.drop_table("oauth_states")
