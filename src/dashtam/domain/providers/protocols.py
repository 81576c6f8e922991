"""The interfaces provider implementations satisfy, one protocol per capability.

A provider implements exactly the fetch methods its registry capabilities promise
(:data:`CAPABILITY_METHODS` is the map a compliance test checks both ways), so
callers narrow with ``isinstance(provider, SupportsAccounts)`` instead of asking
the registry and hoping the code agrees.

How a call authenticates is uniform: the instance the container builds holds only
application-level configuration (an OAuth app's client credentials, a base URL).
A provider that needs a *user's* credentials implements :class:`SupportsCredentials`:
``with_credentials(...)`` returns a bound copy of the same class whose fetch methods
use them. Fetch signatures therefore never carry credentials, and a file-import
provider, which has none, satisfies the very same capability protocols.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Final, Protocol, Self, TypeVar, runtime_checkable

from dashtam.domain.providers.capabilities import ProviderCapability
from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.models import (
    Account,
    BalanceSnapshot,
    Holding,
    OAuthTokens,
    Secret,
    Transaction,
)

CredentialsT_contra = TypeVar("CredentialsT_contra", contravariant=True)


@runtime_checkable
class ProviderProtocol(Protocol):
    """Every provider implementation: it knows which registry entry it implements."""

    @property
    def slug(self) -> Provider:
        """The registry slug this class implements."""
        ...

    def get_capabilities(self) -> frozenset[ProviderCapability]:
        """The capabilities this implementation delivers, read from its own methods.

        Inherit :class:`ReportsCapabilities` rather than writing the set by hand:
        the answer then cannot disagree with the methods the class has.
        """
        ...


@runtime_checkable
class SupportsAccounts(ProviderProtocol, Protocol):
    """Capability ACCOUNTS."""

    def fetch_accounts(self) -> Sequence[Account]:
        """The user's accounts with their current balances."""
        ...


@runtime_checkable
class SupportsTransactions(ProviderProtocol, Protocol):
    """Capability TRANSACTIONS."""

    def fetch_transactions(self, account_id: str, start: date, end: date) -> Sequence[Transaction]:
        """Posted transactions of ``account_id`` dated ``start`` to ``end``, both inclusive."""
        ...


@runtime_checkable
class SupportsHoldings(ProviderProtocol, Protocol):
    """Capability HOLDINGS."""

    def fetch_holdings(self, account_id: str) -> Sequence[Holding]:
        """The positions currently held in ``account_id``."""
        ...


@runtime_checkable
class SupportsBalanceHistory(ProviderProtocol, Protocol):
    """Capability BALANCE_HISTORY."""

    def fetch_balance_history(
        self, account_id: str, start: date, end: date
    ) -> Sequence[BalanceSnapshot]:
        """End-of-day balances of ``account_id`` from ``start`` to ``end``, both inclusive."""
        ...


@runtime_checkable
class SupportsCredentials(Protocol[CredentialsT_contra]):
    """A provider whose fetch methods act on behalf of one user's credentials."""

    def with_credentials(self, credentials: CredentialsT_contra) -> Self:
        """A copy of this provider bound to ``credentials``; the original stays unbound."""
        ...


@runtime_checkable
class OAuthProviderProtocol(ProviderProtocol, Protocol):
    """The OAuth 2.0 authorization-code flow, with optional PKCE (RFC 7636)."""

    def authorization_url(self, state: str, *, code_challenge: str | None = None) -> str:
        """Where to send the user for consent; ``state`` comes back on the callback.

        ``code_challenge`` is the S256 PKCE challenge of a verifier kept server-side.
        """
        ...

    def exchange_code(self, code: str, *, code_verifier: Secret | None = None) -> OAuthTokens:
        """Trade the callback's authorization ``code`` for tokens."""
        ...

    def refresh_tokens(self, refresh_token: Secret) -> OAuthTokens:
        """New tokens from a refresh token, before the access token expires."""
        ...


#: The method each capability obliges a provider to implement, and no other.
CAPABILITY_METHODS: Final[Mapping[ProviderCapability, str]] = MappingProxyType(
    {
        ProviderCapability.ACCOUNTS: "fetch_accounts",
        ProviderCapability.TRANSACTIONS: "fetch_transactions",
        ProviderCapability.HOLDINGS: "fetch_holdings",
        ProviderCapability.BALANCE_HISTORY: "fetch_balance_history",
    }
)

#: The protocol a provider satisfies when it has a capability.
CAPABILITY_PROTOCOLS: Final[Mapping[ProviderCapability, type]] = MappingProxyType(
    {
        ProviderCapability.ACCOUNTS: SupportsAccounts,
        ProviderCapability.TRANSACTIONS: SupportsTransactions,
        ProviderCapability.HOLDINGS: SupportsHoldings,
        ProviderCapability.BALANCE_HISTORY: SupportsBalanceHistory,
    }
)


class ReportsCapabilities:
    """Base class of every implementation: ``get_capabilities()`` derived from its methods.

    The design's "providers self-report capabilities": a class that defines
    ``fetch_holdings`` reports ``HOLDINGS``, with nothing written twice.
    ``python -m dashtam check`` and the compliance suite compare the report with
    the registry's ``capabilities``, both ways.
    """

    __slots__ = ()

    @classmethod
    def get_capabilities(cls) -> frozenset[ProviderCapability]:
        """The capabilities whose method this class defines."""
        return capabilities_implemented_by(cls)


def capabilities_implemented_by(implementation: type) -> frozenset[ProviderCapability]:
    """The capabilities whose method ``implementation`` defines, read from the code.

    Compared with the registry's ``capabilities`` this is the design's "dynamic
    capability detection": a class cannot claim a capability it lacks the method
    for, nor carry a fetch method the registry does not advertise.
    """
    return frozenset(
        capability
        for capability, method in CAPABILITY_METHODS.items()
        if callable(getattr(implementation, method, None))
    )
