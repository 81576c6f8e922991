"""One-time OAuth ``state`` values, kept in the database: the callback's CSRF guard.

Each authorization gets a 256-bit random state. The database keeps its SHA-256 (a
leaked table cannot be replayed), the provider it was issued for, the hash of the
browser binding (:mod:`dashtam.core.oauth.browser`), the PKCE verifier encrypted
with the token key, and an expiry.

- Redemption is one conditional ``UPDATE ... WHERE redeemed = false``: of any number
  of callbacks racing on one state, in any number of workers, exactly one wins.
- Nothing is ever evicted to make room: a pending state lives until it expires, so
  no number of attacker-started flows can push out a legitimate one.
- Expired states are kept one more ``ttl`` (so a late callback is told "expired",
  not "unknown"), then deleted by ``DELETE ... WHERE expires_at < cutoff`` on an
  index over ``expires_at``: the purge touches only expired rows.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from dashtam.core.oauth.browser import binding_hash
from dashtam.core.oauth.pkce import new_code_verifier
from dashtam.core.tokens import TokenCipher
from dashtam.domain.providers.models import Secret
from dashtam.infrastructure.db.models import OAuthStateRow

#: 32 random bytes, URL-safe base64 without padding: exactly 43 characters.
STATE_BYTES: Final = 32
_STATE_FORMAT: Final = re.compile(r"[A-Za-z0-9_-]{43}")


def state_hash(state: str) -> str:
    """The key a state is stored under: its SHA-256, hex; the state itself is not kept."""
    return hashlib.sha256(state.encode("ascii")).hexdigest()


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StateRejection(StrEnum):
    """Why a callback's state was refused."""

    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    REUSED = "reused"
    EXPIRED = "expired"
    WRONG_PROVIDER = "wrong_provider"
    WRONG_BROWSER = "wrong_browser"


_EXPLANATIONS: Final = {
    StateRejection.MALFORMED: "the state parameter is missing or not one Dashtam issues",
    StateRejection.UNKNOWN: "the state was not issued by this server (forged, or purged "
    "long after it expired)",
    StateRejection.REUSED: "the state was already used by an earlier callback (a replay)",
    StateRejection.EXPIRED: "the state expired before the callback arrived",
    StateRejection.WRONG_PROVIDER: "the state was issued for a different provider",
    StateRejection.WRONG_BROWSER: "the callback came from a different browser than the one "
    "that began the connection (its Dashtam cookie is missing or does not match)",
}


class OAuthStateError(ValueError):
    """A callback's state failed verification; the values themselves are never echoed."""

    def __init__(self, provider: str, reason: StateRejection) -> None:
        self.provider = provider
        self.reason = reason
        self.explanation = _EXPLANATIONS[reason]
        super().__init__(
            f"OAuth callback for {provider} rejected: {self.explanation}. No tokens "
            f"were requested. Start the connection to {provider} again from Dashtam."
        )


@dataclass(frozen=True, kw_only=True)
class PendingAuthorization:
    """A redeemed (or just issued) state's record, with its verifier decrypted."""

    provider: str
    code_verifier: Secret
    expires_at: datetime


class OAuthStateStore:
    """Issues and redeems states in the database; see the module docstring."""

    def __init__(
        self,
        engine: Engine,
        cipher: TokenCipher,
        *,
        ttl: timedelta = timedelta(minutes=10),
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError(f"ttl must be positive, got {ttl}.")
        self._engine = engine
        self._cipher = cipher
        self._ttl = ttl
        self._clock = clock

    def __repr__(self) -> str:
        return f"OAuthStateStore(ttl={self._ttl})"

    def issue(self, provider: str, browser: str) -> tuple[str, PendingAuthorization]:
        """A new state for ``provider``, bound to the ``browser`` binding, plus its record."""
        state = secrets.token_urlsafe(STATE_BYTES)
        pending = PendingAuthorization(
            provider=provider,
            code_verifier=new_code_verifier(),
            expires_at=self._clock() + self._ttl,
        )
        self.purge()
        with Session(self._engine) as session, session.begin():
            session.add(
                OAuthStateRow(
                    state_hash=state_hash(state),
                    provider_slug=provider,
                    browser_hash=binding_hash(browser),
                    code_verifier_encrypted=self._cipher.encrypt(pending.code_verifier),
                    expires_at=pending.expires_at,
                    redeemed=False,
                )
            )
        return state, pending

    def redeem(self, provider: str, state: str, browser: str | None) -> PendingAuthorization:
        """The record of ``state``, consumed atomically: only the first redeem wins.

        Raises:
            OAuthStateError: The state is malformed, unknown, already redeemed,
                expired, issued for another provider, or bound to another browser.
        """
        if not isinstance(state, str) or not _STATE_FORMAT.fullmatch(state):
            raise OAuthStateError(provider, StateRejection.MALFORMED)
        key = state_hash(state)
        with Session(self._engine) as session, session.begin():
            claimed = session.execute(
                update(OAuthStateRow)
                .where(OAuthStateRow.state_hash == key, OAuthStateRow.redeemed.is_(False))
                .values(redeemed=True)
                .execution_options(synchronize_session=False)
            )
            row = session.get(OAuthStateRow, key)
            if row is None:
                raise OAuthStateError(provider, StateRejection.UNKNOWN)
            won = getattr(claimed, "rowcount", 0) == 1
            issued_for, bound_to = row.provider_slug, row.browser_hash
            expires_at, verifier = row.expires_at, row.code_verifier_encrypted
        if not won:
            raise OAuthStateError(provider, StateRejection.REUSED)
        if self._clock() >= expires_at:
            raise OAuthStateError(provider, StateRejection.EXPIRED)
        if issued_for != provider:
            raise OAuthStateError(provider, StateRejection.WRONG_PROVIDER)
        if browser is None or not hmac.compare_digest(binding_hash(browser), bound_to):
            raise OAuthStateError(provider, StateRejection.WRONG_BROWSER)
        return PendingAuthorization(
            provider=issued_for,
            code_verifier=self._cipher.decrypt(verifier),
            expires_at=expires_at,
        )

    def purge(self) -> int:
        """Delete states whose retention (expiry plus one ttl) has passed; returns how many."""
        cutoff = self._clock() - self._ttl
        with Session(self._engine) as session, session.begin():
            result = session.execute(
                delete(OAuthStateRow)
                .where(OAuthStateRow.expires_at < cutoff)
                .execution_options(synchronize_session=False)
            )
        deleted: int = getattr(result, "rowcount", 0)
        return deleted

    def stored(self) -> int:
        """How many states are stored (pending, redeemed or awaiting purge)."""
        with Session(self._engine) as session:
            return session.scalar(select(func.count()).select_from(OAuthStateRow)) or 0
