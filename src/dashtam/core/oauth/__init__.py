"""OAuth plumbing shared by every OAuth provider: callback routes, state, PKCE, flow."""

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
