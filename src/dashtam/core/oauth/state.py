"""One-time OAuth ``state`` values: the CSRF guard of the authorization callback.

Each authorization gets a 256-bit random state stored under a single key format
(:func:`state_key`) with the provider it was issued for, its PKCE verifier and an
expiry. A callback redeems the state exactly once. Redeemed and expired states are
kept until their retention ends, so a replayed or late callback is told precisely
what went wrong instead of a vague "unknown state".

The store is in-process and thread-safe: enough for one web worker. Several
workers need a shared store implementing the same two operations under the same
key format.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from dashtam.core.oauth.pkce import new_code_verifier
from dashtam.domain.providers.models import Secret

#: Prefix of every key the store writes; the state follows it.
STATE_KEY_PREFIX: Final = "oauth:state:"
#: 32 random bytes, URL-safe base64 without padding: exactly 43 characters.
STATE_BYTES: Final = 32
_STATE_FORMAT: Final = re.compile(r"[A-Za-z0-9_-]{43}")


def state_key(state: str) -> str:
    """The storage key of ``state``; every read and write goes through it."""
    return f"{STATE_KEY_PREFIX}{state}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StateRejection(StrEnum):
    """Why a callback's state was refused."""

    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    REUSED = "reused"
    EXPIRED = "expired"
    WRONG_PROVIDER = "wrong_provider"


_EXPLANATIONS: Final = {
    StateRejection.MALFORMED: "the state parameter is missing or not one Dashtam issues",
    StateRejection.UNKNOWN: "the state was not issued by this server (forged, or from "
    "a server restart)",
    StateRejection.REUSED: "the state was already used by an earlier callback (a replay)",
    StateRejection.EXPIRED: "the state expired before the callback arrived",
    StateRejection.WRONG_PROVIDER: "the state was issued for a different provider",
}


class OAuthStateError(ValueError):
    """A callback's state failed verification; the values themselves are never echoed."""

    def __init__(self, provider: str, reason: StateRejection) -> None:
        self.provider = provider
        self.reason = reason
        super().__init__(
            f"OAuth callback for {provider} rejected: {_EXPLANATIONS[reason]}. No tokens "
            f"were requested. Start the connection to {provider} again from Dashtam."
        )


@dataclass(frozen=True, kw_only=True)
class PendingAuthorization:
    """What the store keeps for one issued state."""

    provider: str
    code_verifier: Secret
    expires_at: datetime
    redeemed: bool = False


class OAuthStateStore:
    """Issues and redeems states; see the module docstring for the guarantees."""

    def __init__(
        self,
        *,
        ttl: timedelta = timedelta(minutes=10),
        clock: Callable[[], datetime] = _utc_now,
        max_entries: int = 10_000,
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError(f"ttl must be positive, got {ttl}.")
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries}.")
        self._ttl = ttl
        self._clock = clock
        self._max_entries = max_entries
        self._entries: dict[str, PendingAuthorization] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OAuthStateStore(ttl={self._ttl}, entries={len(self._entries)})"

    def __len__(self) -> int:
        return len(self._entries)

    def issue(self, provider: str) -> tuple[str, PendingAuthorization]:
        """A new state for ``provider`` and its pending record (with a PKCE verifier)."""
        state = secrets.token_urlsafe(STATE_BYTES)
        pending = PendingAuthorization(
            provider=provider,
            code_verifier=new_code_verifier(),
            expires_at=self._clock() + self._ttl,
        )
        with self._lock:
            self._purge()
            while len(self._entries) >= self._max_entries:
                del self._entries[next(iter(self._entries))]  # oldest first
            self._entries[state_key(state)] = pending
        return state, pending

    def redeem(self, provider: str, state: str) -> PendingAuthorization:
        """The pending record of ``state``, consumed: a second redeem is a replay.

        Raises:
            OAuthStateError: The state is malformed, unknown, already redeemed,
                expired, or was issued for another provider.
        """
        if not isinstance(state, str) or not _STATE_FORMAT.fullmatch(state):
            raise OAuthStateError(provider, StateRejection.MALFORMED)
        key = state_key(state)
        with self._lock:
            self._purge()
            pending = self._entries.get(key)
            if pending is None:
                raise OAuthStateError(provider, StateRejection.UNKNOWN)
            if pending.redeemed:
                raise OAuthStateError(provider, StateRejection.REUSED)
            self._entries[key] = replace(pending, redeemed=True)
        if self._clock() >= pending.expires_at:
            raise OAuthStateError(provider, StateRejection.EXPIRED)
        if pending.provider != provider:
            raise OAuthStateError(provider, StateRejection.WRONG_PROVIDER)
        return pending

    def _purge(self) -> None:
        """Forget states whose retention (expiry plus one more ttl) has passed."""
        cutoff = self._clock() - self._ttl
        for key in [k for k, entry in self._entries.items() if entry.expires_at <= cutoff]:
            del self._entries[key]
