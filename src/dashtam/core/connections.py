"""Provider connections made by OAuth: tokens stored encrypted, refreshed with rotation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import Session

from dashtam.core.tokens import TokenCipher
from dashtam.domain.providers.models import OAuthTokens
from dashtam.domain.providers.protocols import OAuthProviderProtocol
from dashtam.infrastructure.db.models import ConnectionRow


class NoConnectionError(LookupError):
    """There is no connection to refresh; the message says how to make one."""


@dataclass(frozen=True, kw_only=True)
class ConnectionSummary:
    """What may be shown about a connection: never a token."""

    provider: str
    token_type: str
    scope: str | None
    expires_at: datetime
    has_refresh_token: bool


class ConnectionStore:
    """Saves, loads and refreshes one connection per provider."""

    def __init__(
        self,
        engine: Engine,
        cipher: TokenCipher,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self._cipher = cipher
        self._clock = clock

    def __repr__(self) -> str:
        return "ConnectionStore()"

    def save(self, provider: str, tokens: OAuthTokens) -> ConnectionSummary:
        """Store ``tokens`` for ``provider``, encrypted, replacing an earlier connection.

        A refresh that returns no new refresh token keeps the stored one.
        """
        with Session(self._engine) as session, session.begin():
            row = session.scalar(_by_provider(provider))
            if row is None:
                row = ConnectionRow(provider_slug=provider)
                session.add(row)
            row.access_token_encrypted = self._cipher.encrypt(tokens.access_token)
            if tokens.refresh_token is not None:
                row.refresh_token_encrypted = self._cipher.encrypt(tokens.refresh_token)
            row.token_type = tokens.token_type
            row.scope = tokens.scope
            row.expires_at = tokens.expires_at
            row.updated_at = self._clock()
            return _summary(row)

    def load(self, provider: str) -> OAuthTokens | None:
        """The decrypted tokens of ``provider``'s connection, if there is one."""
        with Session(self._engine) as session:
            row = session.scalar(_by_provider(provider))
            if row is None:
                return None
            return OAuthTokens(
                access_token=self._cipher.decrypt(row.access_token_encrypted),
                refresh_token=(
                    self._cipher.decrypt(row.refresh_token_encrypted)
                    if row.refresh_token_encrypted is not None
                    else None
                ),
                expires_at=row.expires_at,
                token_type=row.token_type,
                scope=row.scope,
            )

    def refresh(self, provider: OAuthProviderProtocol) -> ConnectionSummary:
        """New tokens from the stored refresh token, stored in place of the old ones.

        Raises:
            NoConnectionError: ``provider`` was never connected, or has no refresh token.
        """
        slug = str(provider.slug)
        stored = self.load(slug)
        if stored is None or stored.refresh_token is None:
            raise NoConnectionError(
                f"{slug} has no stored refresh token: connect it first at /oauth/{slug}/authorize."
            )
        return self.save(slug, provider.refresh_tokens(stored.refresh_token))


def _by_provider(provider: str) -> Select[ConnectionRow]:
    return select(ConnectionRow).where(ConnectionRow.provider_slug == provider)


def _summary(row: ConnectionRow) -> ConnectionSummary:
    return ConnectionSummary(
        provider=row.provider_slug,
        token_type=row.token_type,
        scope=row.scope,
        expires_at=row.expires_at,
        has_refresh_token=row.refresh_token_encrypted is not None,
    )
