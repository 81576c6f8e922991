"""``python -m dashtam <command>``: the project's commands, one subcommand each.

``check`` finds every drift around the provider registry (see
:mod:`dashtam.core.check`); ``db upgrade`` migrates and seeds the database (see
:mod:`dashtam.core.database_cli`). Each command registers its own subparser, so later
commands (``db``, ``health``) add one line here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from dashtam.core import database_cli
from dashtam.core.check import cli as check_cli
from dashtam.core.health import cli as health_cli


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m dashtam", description="Dashtam provider registry commands."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_cli.register(commands)
    database_cli.register(commands)
    health_cli.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; returns its exit code."""
    arguments = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = arguments.handler
    return handler(arguments)


if __name__ == "__main__":
    raise SystemExit(main())
