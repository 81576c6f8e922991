"""One HTTP client for every provider: timeouts, bounded retries, uniform errors.

Providers differ in endpoints and payloads, not in how a flaky API should be
treated, so retry and backoff live here once. A 429 or 5xx is retried with
exponential backoff, honouring ``Retry-After`` (seconds or an HTTP-date); a
``Retry-After`` longer than the backoff cap fails at once as rate limited instead of
holding a worker for minutes. Timeouts and connection failures are retried only
for idempotent requests: re-sending a token exchange could burn a single-use code.

Sleeping and the clock are injected so tests replay a whole retry sequence
instantly and assert the exact delays. Log lines carry the method, the URL
without its query string and the status, never headers or bodies, which is where
credentials travel. Never put a credential in a URL: httpx itself logs full URLs
at INFO level.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Final

import httpx

from dashtam.domain.providers.errors import (
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
)

logger = logging.getLogger("dashtam.providers.http")

#: Methods safe to re-send after a timeout: the provider may already have acted on
#: a POST whose answer was lost.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def utc_now() -> datetime:
    """The current time, timezone-aware; the default clock of providers and retries."""
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How hard to try before giving up on a provider request.

    Attributes:
        timeout_seconds: Connect, write, read and pool timeout of each attempt.
        max_retries: Attempts after the first one; 0 disables retrying.
        base_delay_seconds: Wait before the first retry when the provider gives no
            ``Retry-After``; doubled on every further retry.
        max_delay_seconds: Cap on any single wait, including ``Retry-After``.
    """

    timeout_seconds: float = 10.0
    max_retries: int = 3
    base_delay_seconds: float = 0.5
    max_delay_seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {self.timeout_seconds}")
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {self.max_retries}")
        if self.base_delay_seconds < 0 or self.max_delay_seconds <= 0:
            raise ValueError("base_delay_seconds must be >= 0 and max_delay_seconds > 0")

    def backoff(self, retry: int) -> float:
        """The wait before retry number ``retry`` (0-based) when no Retry-After is given."""
        return float(min(self.base_delay_seconds * (2**retry), self.max_delay_seconds))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait according to a ``Retry-After`` header, or ``None`` if unusable.

    RFC 9110 allows a non-negative number of seconds or an HTTP-date; a date in the
    past means "retry now". Anything else is ignored, so backoff applies.
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


class ProviderHttpClient:
    """A synchronous ``httpx`` client that retries and maps failures for one provider.

    It returns every response that is neither a 429 nor a 5xx (including 401s and
    other 4xx), because only the provider knows what those mean; it raises
    :class:`RateLimitedError` or :class:`ProviderUnavailableError` once retries are
    exhausted.
    """

    def __init__(
        self,
        provider: str,
        *,
        policy: RetryPolicy,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._provider = provider
        self._policy = policy
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            timeout=httpx.Timeout(policy.timeout_seconds),
            transport=transport,
            follow_redirects=False,
        )

    @property
    def policy(self) -> RetryPolicy:
        """The retry policy this client applies."""
        return self._policy

    def __repr__(self) -> str:
        return f"ProviderHttpClient({self._provider!r}, policy={self._policy!r})"

    def close(self) -> None:
        """Release pooled connections; the client cannot be used afterwards."""
        self._client.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> httpx.Response:
        """Send the request, retrying 429/5xx (and timeouts if idempotent).

        Raises:
            RateLimitedError: Still 429 after every retry, or asked to wait longer
                than the policy's cap; ``retry_after`` is the provider's last ask.
            ProviderUnavailableError: Still 5xx, timing out or unreachable.
        """
        method = method.upper()
        where = f"{method} {_without_query(url)}"
        attempts = self._policy.max_retries + 1
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= attempts
            try:
                response = self._client.request(
                    method, url, params=params, headers=headers, data=data, auth=auth
                )
            except httpx.TransportError as exc:
                failure = _describe_transport_error(exc, self._policy.timeout_seconds)
                if last or method not in IDEMPOTENT_METHODS:
                    tried = f"after {attempt} attempt(s)" if attempt > 1 else "on the first attempt"
                    raise ProviderUnavailableError(
                        self._provider,
                        f"{where} {failure} {tried}. The provider may be down or slow; try "
                        f"again later, or raise PROVIDER_HTTP_TIMEOUT_SECONDS.",
                    ) from exc
                self._wait(where, failure, attempt, attempts, self._policy.backoff(attempt - 1))
                continue

            status = response.status_code
            if status != 429 and status < 500:
                return response
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())
            too_long = retry_after is not None and retry_after > self._policy.max_delay_seconds
            if last or too_long:
                raise self._give_up(where, status, attempt, retry_after, too_long=too_long)
            delay = retry_after if retry_after is not None else self._policy.backoff(attempt - 1)
            self._wait(where, f"answered HTTP {status}", attempt, attempts, delay)

    def _wait(self, where: str, failure: str, attempt: int, attempts: int, delay: float) -> None:
        logger.warning(
            "%s: %s %s; retrying in %.2fs (attempt %d of %d)",
            self._provider,
            where,
            failure,
            delay,
            attempt + 1,
            attempts,
        )
        self._sleep(delay)

    def _give_up(
        self, where: str, status: int, attempt: int, retry_after: float | None, *, too_long: bool
    ) -> RateLimitedError | ProviderUnavailableError:
        if too_long:
            why = (
                f"asked to wait {retry_after:.0f}s, longer than "
                f"PROVIDER_HTTP_MAX_BACKOFF_SECONDS ({self._policy.max_delay_seconds:g}s)"
            )
        else:
            why = f"after {attempt} attempt(s)"
        if status == 429:
            return RateLimitedError(
                self._provider,
                f"{where} was rate limited (HTTP 429) {why}. Retry after {_seconds(retry_after)}.",
                retry_after=retry_after,
            )
        return ProviderUnavailableError(
            self._provider,
            f"{where} failed with HTTP {status} {why}; the provider is having trouble. "
            f"Retry after {_seconds(retry_after)}.",
        )


def _seconds(retry_after: float | None) -> str:
    return "a short while" if retry_after is None else f"{retry_after:.0f}s"


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]


def _describe_transport_error(exc: httpx.TransportError, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__}, limit {timeout:g}s)"
    return f"could not reach the provider ({type(exc).__name__})"


def unexpected_status(provider: str, what: str, response: httpx.Response) -> ProviderError:
    """The error for a 4xx the provider's own mapping does not explain.

    Such an answer means Dashtam sent something the provider no longer accepts; the
    body is left out because it may echo the request, credentials included.
    """
    return ProviderError(
        provider,
        f"{what} was refused with HTTP {response.status_code}. Dashtam's request no longer "
        f"matches the provider's API; report it with this message.",
    )
