"""Binds an authorization to the browser that began it (RFC 6749 section 10.12).

The browser gets a random binding in a signed, HttpOnly, SameSite=Lax cookie; the
pending state stores only the binding's SHA-256. A callback from a browser without
that cookie (a victim lured to the attacker's callback URL) is refused, so an
attacker cannot complete their own authorization in someone else's session.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Final

from itsdangerous import BadSignature, URLSafeSerializer

from dashtam.domain.providers.models import Secret

COOKIE_NAME: Final = "dashtam_oauth_browser"
#: Keeps the signing key distinct from the encryption key it is derived from.
_SALT: Final = "dashtam.oauth.browser-binding"


class BrowserBinding:
    """Makes and reads the signed cookie value; the binding itself is never stored."""

    def __init__(self, key: Secret) -> None:
        self._serializer = URLSafeSerializer(key.reveal(), salt=_SALT)

    def __repr__(self) -> str:
        return "BrowserBinding()"

    def new(self) -> tuple[str, str]:
        """A fresh binding and the signed cookie value carrying it."""
        binding = secrets.token_urlsafe(32)
        return binding, self._serializer.dumps(binding)

    def read(self, cookie: str | None) -> str | None:
        """The binding in a cookie this server signed; ``None`` if absent or forged."""
        if not cookie:
            return None
        try:
            value = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None


def binding_hash(binding: str) -> str:
    """What the state row keeps: the binding's SHA-256, hex."""
    return hashlib.sha256(binding.encode("utf-8")).hexdigest()
