"""One HTTP client for every provider: timeouts, bounded retries, uniform errors.

Providers differ in endpoints and payloads, not in how a flaky API should be
treated, so retry and backoff live here once. A 429 or 5xx is retried with
exponential backoff, honouring ``Retry-After`` (seconds or an HTTP-date); a
``Retry-After`` longer than the backoff cap fails at once as rate limited instead of
holding a worker for minutes. Timeouts and connection failures are retried only
for idempotent requests: re-sending a token exchange could burn a single-use code.

Every call has one deadline (``PROVIDER_HTTP_DEADLINE_SECONDS``) covering connect,
headers, a body that drips in a byte at a time, and every retry and wait: each
attempt runs in a worker thread the caller stops waiting for when the deadline
passes (the per-read timeout alone let a dripping server hold a call for 85 s).
A body is read in chunks and refused once it passes
``PROVIDER_HTTP_MAX_RESPONSE_BYTES``. Backoff uses full jitter, so clients that
failed together do not retry together. A request that spends something single-use
(an OAuth authorization code) is never re-sent, whatever the answer.

Sleeping, the clocks and the jitter are injected so tests replay a whole retry
sequence instantly and assert the exact delays. Log lines carry the method, the URL
without its query string and the status, never headers or bodies, which is where
credentials travel. Never put a credential in a URL: httpx itself logs full URLs
at INFO level.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Final

import httpx

from dashtam.domain.providers.errors import (
    DeadlineExceededError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
    ResponseLimitError,
)

logger = logging.getLogger("dashtam.providers.http")

#: Methods safe to re-send after a timeout: the provider may already have acted on
#: a POST whose answer was lost.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

#: Headers of the body as the server sent it; the response handed on holds it decoded.
_BODY_ENCODING_HEADERS: Final = frozenset(
    {"content-encoding", "content-length", "transfer-encoding"}
)


def utc_now() -> datetime:
    """The current time, timezone-aware; the default clock of providers and retries."""
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How hard to try before giving up on a provider request.

    Attributes:
        timeout_seconds: Connect, write, read and pool timeout of each attempt.
        max_retries: Attempts after the first one; 0 disables retrying.
        base_delay_seconds: Ceiling of the wait before the first retry when the
            provider gives no ``Retry-After``; doubled on every further retry.
        max_delay_seconds: Cap on any single wait, including ``Retry-After``.
        deadline_seconds: Total time of one call: every attempt, read and wait.
        max_response_bytes: Largest response body read, after decompression.
    """

    timeout_seconds: float = 10.0
    max_retries: int = 3
    base_delay_seconds: float = 0.5
    max_delay_seconds: float = 30.0
    deadline_seconds: float = 60.0
    max_response_bytes: int = 16 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {self.timeout_seconds}")
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {self.max_retries}")
        if self.base_delay_seconds < 0 or self.max_delay_seconds <= 0:
            raise ValueError("base_delay_seconds must be >= 0 and max_delay_seconds > 0")
        if not self.deadline_seconds > 0:
            raise ValueError(f"deadline_seconds must be positive, got {self.deadline_seconds}")
        if self.max_response_bytes <= 0:
            raise ValueError(f"max_response_bytes must be positive, got {self.max_response_bytes}")

    def backoff(self, retry: int) -> float:
        """The ceiling of the wait before retry ``retry`` (0-based) without Retry-After.

        The client waits a random time between 0 and this ceiling (full jitter).
        """
        return float(min(self.base_delay_seconds * (2**retry), self.max_delay_seconds))


def full_jitter(ceiling: float) -> float:
    """A wait drawn uniformly from 0 to ``ceiling`` ("full jitter" backoff)."""
    return random.uniform(0.0, ceiling)


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
    other 4xx), its body read whole, because only the provider knows what those
    mean; it raises :class:`RateLimitedError`, :class:`ProviderUnavailableError`
    (:class:`DeadlineExceededError` when the call's deadline passes) or
    :class:`ResponseLimitError` otherwise.
    """

    def __init__(
        self,
        provider: str,
        *,
        policy: RetryPolicy,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        jitter: Callable[[float], float] = full_jitter,
    ) -> None:
        self._provider = provider
        self._policy = policy
        self._sleep = sleep
        self._clock = clock
        self._monotonic = monotonic
        self._jitter = jitter
        self._client = httpx.Client(
            timeout=httpx.Timeout(policy.timeout_seconds),
            transport=transport,
            follow_redirects=False,
            # A compressed body is capped after decompression; asking for none keeps
            # an honest provider from sending a body that inflates past the cap.
            headers={"Accept-Encoding": "identity"},
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
        single_use: bool = False,
    ) -> httpx.Response:
        """Send the request, retrying 429/5xx (and timeouts if idempotent), within the deadline.

        Args:
            single_use: The request spends something that works once (an OAuth
                authorization code): it is sent once, never retried.

        Raises:
            RateLimitedError: Still 429 after every retry, or asked to wait longer
                than the policy's cap; ``retry_after`` is the provider's last ask.
            DeadlineExceededError: The deadline passed, or would before the next attempt.
            ProviderUnavailableError: Still 5xx, timing out or unreachable.
            ResponseLimitError: The body is larger than ``max_response_bytes``.
        """
        method = method.upper()
        where = f"{method} {_without_query(url)}"
        started = self._monotonic()
        attempts = 1 if single_use else self._policy.max_retries + 1
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= attempts
            remaining = self._policy.deadline_seconds - (self._monotonic() - started)
            if remaining <= 0:
                raise self._past_deadline(where, f"before attempt {attempt}")
            try:
                response = self._attempt(
                    self._client.build_request(
                        method,
                        url,
                        params=params,
                        headers=headers,
                        data=data,
                    ),
                    auth,
                    remaining,
                    where,
                )
            except httpx.RequestError as exc:
                # Only its description leaves this block: errors raised below carry no
                # httpx exception (and no request) in their chain or context.
                failure = _describe_transport_error(exc, self._policy.timeout_seconds)
                response = None
            if response is None:
                if last or method not in IDEMPOTENT_METHODS:
                    raise self._unreachable(where, failure, attempt, single_use=single_use)
                delay = self._jitter(self._policy.backoff(attempt - 1))
                self._wait(where, failure, attempt, attempts, delay, started)
                continue

            status = response.status_code
            if status != 429 and status < 500:
                return response
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())
            too_long = retry_after is not None and retry_after > self._policy.max_delay_seconds
            if last or too_long:
                raise self._give_up(
                    where, status, attempt, retry_after, too_long=too_long, single_use=single_use
                )
            delay = (
                retry_after
                if retry_after is not None
                else self._jitter(self._policy.backoff(attempt - 1))
            )
            self._wait(where, f"answered HTTP {status}", attempt, attempts, delay, started)

    def _attempt(
        self, request: httpx.Request, auth: tuple[str, str] | None, remaining: float, where: str
    ) -> httpx.Response:
        """One attempt, abandoned when ``remaining`` seconds pass, whatever it is doing.

        The worker thread's own reads time out within ``timeout_seconds``, so an
        abandoned attempt ends soon after; it stops reading as soon as it notices.
        """
        outcome: list[httpx.Response | BaseException] = []
        done = threading.Event()
        abandoned = threading.Event()

        def run() -> None:
            try:
                outcome.append(self._send(request, auth, abandoned, where))
            except BaseException as exc:  # handed to the caller's thread below
                outcome.append(exc)
            finally:
                done.set()

        worker = threading.Thread(target=run, name=f"dashtam-http-{self._provider}", daemon=True)
        worker.start()
        if not done.wait(max(remaining, 0.0)):
            abandoned.set()
            raise self._past_deadline(where, "before the provider finished answering")
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _send(
        self,
        request: httpx.Request,
        auth: tuple[str, str] | None,
        abandoned: threading.Event,
        where: str,
    ) -> httpx.Response:
        """Send ``request`` and read its body, refusing it past ``max_response_bytes``."""
        limit = self._policy.max_response_bytes
        response = self._client.send(request, auth=auth, stream=True)
        try:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise self._too_large(where, f"{int(declared):,} bytes (its Content-Length)")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                if abandoned.is_set():
                    break
                size += len(chunk)
                if size > limit:
                    raise self._too_large(where, f"still arriving after {size:,} bytes")
                chunks.append(chunk)
        finally:
            response.close()
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in _BODY_ENCODING_HEADERS
        ]
        return httpx.Response(
            response.status_code, headers=headers, content=b"".join(chunks), request=request
        )

    def _wait(
        self, where: str, failure: str, attempt: int, attempts: int, delay: float, started: float
    ) -> None:
        remaining = self._policy.deadline_seconds - (self._monotonic() - started)
        if delay >= remaining:
            raise self._past_deadline(
                where, f"{failure}, and waiting {delay:.2f}s to retry would pass it"
            )
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

    def _past_deadline(self, where: str, why: str) -> DeadlineExceededError:
        return DeadlineExceededError(
            self._provider,
            f"{where} did not finish within the {self._policy.deadline_seconds:g}s deadline "
            f"({why}). The provider may be down or slow; try again later, or raise "
            f"PROVIDER_HTTP_DEADLINE_SECONDS.",
        )

    def _too_large(self, where: str, size: str) -> ResponseLimitError:
        return ResponseLimitError(
            self._provider,
            f"{where}: the response is {size}, more than PROVIDER_HTTP_MAX_RESPONSE_BYTES "
            f"({self._policy.max_response_bytes:,} bytes); it was not read further. Narrow "
            f"the request (a shorter date range), or raise PROVIDER_HTTP_MAX_RESPONSE_BYTES.",
        )

    def _unreachable(
        self, where: str, failure: str, attempt: int, *, single_use: bool
    ) -> ProviderUnavailableError:
        if single_use:
            return ProviderUnavailableError(
                self._provider,
                f"{where} {failure}; not retried, because it carries a single-use "
                f"authorization code. Start the authorization again.",
            )
        tried = f"after {attempt} attempt(s)" if attempt > 1 else "on the first attempt"
        return ProviderUnavailableError(
            self._provider,
            f"{where} {failure} {tried}. The provider may be down or slow; try "
            f"again later, or raise PROVIDER_HTTP_TIMEOUT_SECONDS.",
        )

    def _give_up(
        self,
        where: str,
        status: int,
        attempt: int,
        retry_after: float | None,
        *,
        too_long: bool,
        single_use: bool,
    ) -> RateLimitedError | ProviderUnavailableError:
        if too_long:
            why = (
                f"asked to wait {retry_after:.0f}s, longer than "
                f"PROVIDER_HTTP_MAX_BACKOFF_SECONDS ({self._policy.max_delay_seconds:g}s)"
            )
        elif single_use:
            why = (
                "and was not retried, because it carries a single-use authorization code: "
                "start the authorization again"
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


def _describe_transport_error(exc: httpx.RequestError, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__}, limit {timeout:g}s)"
    if isinstance(exc, httpx.DecodingError):
        return f"sent a body that cannot be decoded ({type(exc).__name__})"
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
