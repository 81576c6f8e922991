"""OAuth plumbing shared by every OAuth provider: callback routes, state, PKCE, flow."""

from dashtam.core.oauth.flow import AuthorizationRequest, OAuthFlow
from dashtam.core.oauth.pkce import code_challenge_s256, new_code_verifier
from dashtam.core.oauth.routes import (
    CALLBACK_PATH_TEMPLATE,
    oauth_callback_path,
    oauth_callback_paths,
    oauth_redirect_uri,
)
from dashtam.core.oauth.state import (
    OAuthStateError,
    OAuthStateStore,
    PendingAuthorization,
    StateRejection,
    state_key,
)

__all__ = [
    "CALLBACK_PATH_TEMPLATE",
    "AuthorizationRequest",
    "OAuthFlow",
    "OAuthStateError",
    "OAuthStateStore",
    "PendingAuthorization",
    "StateRejection",
    "code_challenge_s256",
    "new_code_verifier",
    "oauth_callback_path",
    "oauth_callback_paths",
    "oauth_redirect_uri",
    "state_key",
]
