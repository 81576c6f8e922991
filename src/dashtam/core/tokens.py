"""Encryption at rest for provider tokens and PKCE verifiers (Fernet, from cryptography).

The key is the ``TOKEN_ENCRYPTION_KEY`` setting. Without it nothing that stores a
token can be built, and the service refuses to start, naming the variable.
Ciphertext is all the database ever holds; plaintext lives only in :class:`Secret`.
"""

from __future__ import annotations

from typing import Final

from cryptography.fernet import Fernet, InvalidToken

from dashtam.core.settings import Settings, env_var_name
from dashtam.domain.providers.models import Secret

KEY_SETTING: Final = "token_encryption_key"
_GENERATE: Final = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class MissingEncryptionKeyError(RuntimeError):
    """The encryption key setting is unset; the message names it and how to make one."""


class TokenDecryptionError(RuntimeError):
    """Stored ciphertext does not open with the current key (the key was changed)."""


class TokenCipher:
    """Encrypts and decrypts secrets with one Fernet key; its repr shows no key."""

    def __init__(self, key: Secret) -> None:
        self._fernet = Fernet(key.reveal().encode("ascii"))
        #: The raw key, for deriving the cookie-signing key (never printed).
        self._key = key

    def __repr__(self) -> str:
        return "TokenCipher(key='**********')"

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenCipher:
        """The cipher for ``settings``' key.

        Raises:
            MissingEncryptionKeyError: The key is unset or not a Fernet key (the value is
                never echoed).
        """
        key = settings.token_encryption_key
        variable = env_var_name(KEY_SETTING, type(settings))
        if key is None or not key.get_secret_value().strip():
            raise MissingEncryptionKeyError(
                f"{variable} is not set: Dashtam encrypts provider tokens at rest and will not "
                f"start without a key. Generate one with {_GENERATE} and set {variable} in the "
                "environment or .env."
            )
        try:
            return cls(Secret(key.get_secret_value().strip()))
        except (ValueError, UnicodeEncodeError):
            raise MissingEncryptionKeyError(
                f"{variable} is not a Fernet key (32 url-safe base64-encoded bytes). Generate "
                f"one with {_GENERATE} and set {variable} to it."
            ) from None

    @property
    def signing_key(self) -> Secret:
        """Secret material for signing cookies; signers derive their own key with a salt."""
        return self._key

    def encrypt(self, secret: Secret) -> str:
        """Ciphertext of ``secret`` (URL-safe text, different on every call)."""
        return self._fernet.encrypt(secret.reveal().encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> Secret:
        """The secret ``ciphertext`` holds.

        Raises:
            TokenDecryptionError: It was encrypted with another key or altered.
        """
        try:
            return Secret(self._fernet.decrypt(ciphertext.encode("ascii")).decode("utf-8"))
        except InvalidToken:
            raise TokenDecryptionError(
                "A stored token does not decrypt with TOKEN_ENCRYPTION_KEY: the key changed "
                "since it was stored. Restore the previous key, or reconnect the provider."
            ) from None
