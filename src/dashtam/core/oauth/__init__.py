"""OAuth plumbing shared by every OAuth provider: callback routes, state, PKCE, flow.

Names load on first use (PEP 562): the callback paths the container and the docs need
come without the database layer the state store brings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from dashtam.lazy import lazy_exports

if TYPE_CHECKING:
    from dashtam.core.oauth.browser import COOKIE_NAME, BrowserBinding, binding_hash
    from dashtam.core.oauth.flow import AuthorizationRequest, OAuthFlow
    from dashtam.core.oauth.pkce import code_challenge_s256, new_code_verifier
    from dashtam.core.oauth.routes import (
        AUTHORIZE_PATH_TEMPLATE,
        CALLBACK_PATH_TEMPLATE,
        oauth_authorize_path,
        oauth_callback_path,
        oauth_callback_paths,
        oauth_redirect_uri,
    )
    from dashtam.core.oauth.state import (
        OAuthStateError,
        OAuthStateStore,
        PendingAuthorization,
        StateRejection,
        state_hash,
    )

#: Exported name -> the submodule defining it.
_EXPORTS: Final = {
    "COOKIE_NAME": "browser",
    "BrowserBinding": "browser",
    "binding_hash": "browser",
    "AuthorizationRequest": "flow",
    "OAuthFlow": "flow",
    "code_challenge_s256": "pkce",
    "new_code_verifier": "pkce",
    "AUTHORIZE_PATH_TEMPLATE": "routes",
    "CALLBACK_PATH_TEMPLATE": "routes",
    "oauth_authorize_path": "routes",
    "oauth_callback_path": "routes",
    "oauth_callback_paths": "routes",
    "oauth_redirect_uri": "routes",
    "OAuthStateError": "state",
    "OAuthStateStore": "state",
    "PendingAuthorization": "state",
    "StateRejection": "state",
    "state_hash": "state",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = [
    "AUTHORIZE_PATH_TEMPLATE",
    "CALLBACK_PATH_TEMPLATE",
    "COOKIE_NAME",
    "AuthorizationRequest",
    "BrowserBinding",
    "OAuthFlow",
    "OAuthStateError",
    "OAuthStateStore",
    "PendingAuthorization",
    "StateRejection",
    "binding_hash",
    "code_challenge_s256",
    "new_code_verifier",
    "oauth_authorize_path",
    "oauth_callback_path",
    "oauth_callback_paths",
    "oauth_redirect_uri",
    "state_hash",
]
