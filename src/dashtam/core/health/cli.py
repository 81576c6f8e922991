"""``python -m dashtam health``: check every provider's health endpoint now.

One round by default; ``--rounds N`` checks N times in a row (``--pause`` seconds
apart) and prints each round, which shows failures in a row turning a provider
degraded, then down, and a recovery. Exits 1 if any provider is not up after the
last round, so a cron job or CI step can alert on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from dashtam.domain.providers.health import HealthRecord, HealthStatus


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``health`` to the ``python -m dashtam`` subcommands."""
    from dashtam.infrastructure.health.probe import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS

    parser = commands.add_parser(
        "health",
        help="check every provider's health endpoint (health_check_url) now",
        description="GET every provider's health_check_url once (or --rounds times) with a "
        "timeout and bounded concurrency, and print each provider's status: up, degraded "
        "(--degraded-after failures in a row) or down (--down-after). Exits 1 if any "
        "provider is not up.",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--rounds", type=_positive_int, default=1, help="checks in a row (default 1)"
    )
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds between rounds (default 0)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        help=f"seconds before a check fails (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        help=f"checks at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("--degraded-after", type=_positive_int, default=1, metavar="N")
    parser.add_argument("--down-after", type=_positive_int, default=3, metavar="N")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="SLUG=URL",
        help="check URL instead of SLUG's health_check_url (repeatable), e.g. a local mirror",
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Check, print each round, and return 1 if any provider is not up."""
    from dashtam.core.health.monitor import HealthMonitor, health_targets, record_json, run_sync
    from dashtam.domain.providers.health import HealthPolicy

    try:
        urls = dict(_pair(item) for item in arguments.url)
        policy = HealthPolicy(
            degraded_after=arguments.degraded_after, down_after=arguments.down_after
        )
        targets = health_targets(urls=urls)
    except ValueError as error:
        sys.stderr.write(f"python -m dashtam health: {error}\n")
        return 2
    monitor = HealthMonitor(
        targets,
        policy=policy,
        timeout_seconds=arguments.timeout,
        concurrency=arguments.concurrency,
    )

    async def rounds() -> list[list[HealthRecord]]:
        history = []
        for number in range(arguments.rounds):
            if number and arguments.pause:
                await asyncio.sleep(arguments.pause)
            history.append(await monitor.check())
        return history

    history = run_sync(rounds)
    if arguments.format == "json":
        payload = {"rounds": [[record_json(record) for record in round_] for round_ in history]}
        sys.stdout.write(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    else:
        for number, round_ in enumerate(history, start=1):
            if len(history) > 1:
                sys.stdout.write(f"round {number}\n")
            sys.stdout.write(render_table(round_))
    final = history[-1] if history else []
    return 0 if all(record.status is HealthStatus.UP for record in final) else 1


def render_table(records: Sequence[HealthRecord]) -> str:
    """A plain-text table, one row per provider."""
    header = ("provider", "status", "latency", "failures", "last error", "endpoint")
    rows = [
        (
            record.slug,
            str(record.status),
            f"{record.latency_ms:.0f} ms" if record.latency_ms is not None else "-",
            str(record.consecutive_failures),
            record.last_error or "-",
            record.url,
        )
        for record in records
    ]
    if not rows:
        return "no provider has a health_check_url\n"
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (header, *rows)
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _pair(item: str) -> tuple[str, str]:
    slug, separator, url = item.partition("=")
    if not separator or not slug or not url:
        raise ValueError(f"--url takes SLUG=URL, got {item!r}")
    return slug, url


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value
