"""The ``check`` subcommand of ``python -m dashtam``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` to the ``python -m dashtam`` subcommands."""
    parser = commands.add_parser(
        "check",
        help="find every drift between enum, registry, config schemas, settings, "
        "container, prose and .env.example",
        description="Check the provider registry against everything derived from it and "
        "report every problem at once, grouped by provider, each with its fix. Exits 1 "
        "if there is an error (or, with --strict, a warning), 0 otherwise.",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for CI",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (an entry without config_schema is a warning)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project root holding docs/ and .env.example (default: the current directory)",
    )
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Run the check, print the report, and return the exit code."""
    from dashtam.core.check import run_checks

    report = run_checks(root=arguments.root)
    if arguments.format == "json":
        sys.stdout.write(report.to_json(strict=arguments.strict))
    else:
        sys.stdout.write(report.render_text())
    return 1 if report.failed(strict=arguments.strict) else 0
