"""The errors any provider may raise, so callers handle providers uniformly.

Messages name the provider and what to do; they never contain a credential, a
token or a response body that could carry one.
"""

from __future__ import annotations


class ProviderError(Exception):
    """Base class: something went wrong talking to, or reading from, a provider."""

    def __init__(self, provider: str, message: str) -> None:
        self.provider = provider
        super().__init__(f"{provider}: {message}")


class AuthenticationError(ProviderError):
    """The provider rejected the credentials; the user must re-authenticate."""


class TokenExpiredError(AuthenticationError):
    """The access token expired; refresh it (or re-authorize if the refresh token expired)."""


class RateLimitedError(ProviderError):
    """The provider asked Dashtam to slow down."""

    def __init__(self, provider: str, message: str, *, retry_after: float | None) -> None:
        self.retry_after = retry_after
        super().__init__(provider, message)


class ProviderUnavailableError(ProviderError):
    """The provider is down or timed out; retry later."""


class DeadlineExceededError(ProviderUnavailableError):
    """A call, retries included, did not finish within its deadline."""


class InvalidResponseError(ProviderError):
    """The provider answered with data Dashtam cannot read."""


class ResponseLimitError(InvalidResponseError):
    """A response, or a paginated series of them, passed one of Dashtam's bounds."""


class InvalidFileError(ProviderError):
    """An import file is malformed; ``line`` is the 1-based line of the first problem."""

    def __init__(self, provider: str, message: str, *, line: int | None = None) -> None:
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(provider, f"{where}{message}")
