"""PKCE (RFC 7636): a per-authorization secret proving the callback is ours.

The verifier stays server-side with the pending state; only its S256 challenge
travels in the authorization URL. A stolen authorization code is then useless
without the verifier.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Final

from dashtam.domain.providers.models import Secret

#: 64 random bytes give an 86-character verifier, inside RFC 7636's 43-128.
VERIFIER_BYTES: Final = 64


def new_code_verifier() -> Secret:
    """A fresh high-entropy verifier from the unreserved URL-safe alphabet."""
    return Secret(secrets.token_urlsafe(VERIFIER_BYTES))


def code_challenge_s256(verifier: Secret) -> str:
    """``BASE64URL(SHA256(verifier))`` without padding, as RFC 7636 section 4.2 defines."""
    digest = hashlib.sha256(verifier.reveal().encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
