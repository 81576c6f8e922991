"""Provider health: what one check found, and how checks in a row add up to a status.

One failed check is often a blip, so a provider turns ``degraded`` after
``degraded_after`` failures in a row and ``down`` after ``down_after``; the first
success afterwards makes it ``up`` again and records when it recovered. The rule is
a pure function (:func:`advance`) so the one-shot command, the service's background
task and the tests share it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from dashtam.domain.providers.labelled import LabelledStrEnum


class HealthStatus(LabelledStrEnum):
    """A provider's health as the checks in a row found it."""

    UNKNOWN = ("unknown", "Unknown", "Not checked yet.")
    UP = ("up", "Up", "The last health check succeeded.")
    DEGRADED = (
        "degraded",
        "Degraded",
        "The last health checks failed, but not yet enough of them in a row to call it down.",
    )
    DOWN = ("down", "Down", "Enough health checks in a row failed to call the provider down.")


@dataclass(frozen=True, kw_only=True)
class ProbeResult:
    """What one health check found.

    Attributes:
        ok: The endpoint answered with a status below 400 within the timeout.
        latency_ms: Milliseconds until the answer's status line (or the failure).
        error: Why it failed (``None`` when ``ok``): the HTTP status, a timeout, a
            refused connection. Never holds a response body.
    """

    ok: bool
    latency_ms: float
    error: str | None = None


@dataclass(frozen=True, kw_only=True)
class HealthPolicy:
    """How many failures in a row make a provider degraded, then down."""

    degraded_after: int = 1
    down_after: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.degraded_after <= self.down_after:
            raise ValueError(
                f"Health policy needs 1 <= degraded_after <= down_after; got "
                f"degraded_after={self.degraded_after}, down_after={self.down_after}."
            )


@dataclass(frozen=True, kw_only=True)
class HealthRecord:
    """A provider's health after its latest check.

    Attributes:
        slug: The provider.
        url: The endpoint checked.
        status: Up, degraded, down (unknown before the first check).
        latency_ms: The latest check's latency.
        checked_at: When the latest check ran (UTC).
        last_error: The latest failure's reason; kept after a recovery.
        consecutive_failures: Failed checks in a row, up to the latest.
        recovered_at: When the provider last came back up after failures.
    """

    slug: str
    url: str
    status: HealthStatus = HealthStatus.UNKNOWN
    latency_ms: float | None = None
    checked_at: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    recovered_at: datetime | None = None


def advance(
    previous: HealthRecord, probe: ProbeResult, checked_at: datetime, policy: HealthPolicy
) -> HealthRecord:
    """The record after ``probe``: the status the failures in a row add up to."""
    if probe.ok:
        recovered = previous.status in (HealthStatus.DEGRADED, HealthStatus.DOWN)
        return replace(
            previous,
            status=HealthStatus.UP,
            latency_ms=probe.latency_ms,
            checked_at=checked_at,
            consecutive_failures=0,
            recovered_at=checked_at if recovered else previous.recovered_at,
        )
    failures = previous.consecutive_failures + 1
    if failures >= policy.down_after:
        status = HealthStatus.DOWN
    elif failures >= policy.degraded_after:
        status = HealthStatus.DEGRADED
    else:
        status = previous.status
    return replace(
        previous,
        status=status,
        latency_ms=probe.latency_ms,
        checked_at=checked_at,
        last_error=probe.error,
        consecutive_failures=failures,
    )
