"""The authorization-code flow around any OAuth provider, free of any web framework.

A web layer calls :meth:`OAuthFlow.begin_authorization` to redirect the user, and
:meth:`OAuthFlow.complete_authorization` from the provider's callback route (see
:func:`~dashtam.core.oauth.routes.oauth_callback_paths`). The flow owns the CSRF
state and the PKCE verifier; the provider only builds URLs and exchanges codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from dashtam.core.oauth.pkce import code_challenge_s256
from dashtam.core.oauth.state import OAuthStateStore
from dashtam.domain.providers.enums import Provider
from dashtam.domain.providers.models import OAuthTokens
from dashtam.domain.providers.protocols import OAuthProviderProtocol

#: Authorization codes are short opaque strings; anything longer is not one.
MAX_CODE_LENGTH: Final = 2048


@dataclass(frozen=True, kw_only=True)
class AuthorizationRequest:
    """Where to send the user, and until when the callback will be accepted."""

    provider: str
    url: str
    state: str
    expires_at: datetime


class OAuthFlow:
    """Begins and completes authorizations for the OAuth providers ``providers`` returns.

    Args:
        providers: Looks up a provider by slug, e.g.
            :func:`dashtam.core.container.providers.get_oauth_provider`; it raises
            for unknown or non-OAuth slugs.
        store: Where pending states live (the database).
    """

    def __init__(
        self,
        providers: Callable[[str], OAuthProviderProtocol],
        *,
        store: OAuthStateStore,
    ) -> None:
        self._providers = providers
        self._store = store

    def begin_authorization(self, slug: Provider | str, *, browser: str) -> AuthorizationRequest:
        """A consent URL with a fresh one-time state and PKCE S256 challenge.

        ``browser`` is the browser binding from :mod:`~dashtam.core.oauth.browser`;
        only a callback presenting it again can redeem the state.
        """
        provider = self._providers(str(slug))
        state, pending = self._store.issue(str(slug), browser)
        url = provider.authorization_url(
            state, code_challenge=code_challenge_s256(pending.code_verifier)
        )
        return AuthorizationRequest(
            provider=str(slug), url=url, state=state, expires_at=pending.expires_at
        )

    def complete_authorization(
        self, slug: Provider | str, state: str, code: str, *, browser: str | None
    ) -> OAuthTokens:
        """Verify the callback's state and browser, then exchange the code with PKCE.

        Raises:
            OAuthStateError: The state is malformed, unknown, reused, expired,
                belongs to another provider or another browser; nothing was sent to
                the provider.
            ValueError: The callback carried no usable authorization code.
        """
        pending = self._store.redeem(str(slug), state, browser)
        if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE_LENGTH:
            raise ValueError(
                f"OAuth callback for {slug} carried no usable authorization code. Start the "
                f"connection to {slug} again from Dashtam."
            )
        provider = self._providers(str(slug))
        return provider.exchange_code(code, code_verifier=pending.code_verifier)
