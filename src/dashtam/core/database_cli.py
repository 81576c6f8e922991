"""``python -m dashtam db upgrade``: migrate the database and seed it from the registry.

The database modules are imported when the command runs, not when it is registered:
``python -m dashtam check`` must still report a broken registry instead of failing
on an import of it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dashtam.core.database import UpgradeReport


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``db`` command and its ``upgrade`` subcommand."""
    database = commands.add_parser("db", help="manage the service's database")
    actions = database.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade",
        help="apply the migrations, then seed the providers table from the registry",
        description=(
            "Apply every pending migration to DATABASE_URL (SQLite file by default), then "
            "make the providers table match the registry. Safe to run again."
        ),
    )
    upgrade.set_defaults(handler=run_upgrade)


def format_report(report: UpgradeReport) -> str:
    """What the upgrade did, in a few lines."""
    seed = report.seed
    migrated = (
        f"migrated {report.revision_before or '(empty)'} -> {report.revision_after}"
        if report.revision_before != report.revision_after
        else f"already at {report.revision_after}"
    )
    lines = [
        f"database: {report.url}",
        f"schema: {migrated}",
        "providers: "
        + (
            ", ".join(
                f"{label} {', '.join(slugs)}"
                for label, slugs in (
                    ("added", seed.added),
                    ("updated", seed.updated),
                    ("deactivated", seed.deactivated),
                )
                if slugs
            )
            if seed.changed
            else f"unchanged ({len(seed.unchanged)} up to date)"
        ),
    ]
    return "\n".join(lines)


def run_upgrade(_arguments: argparse.Namespace) -> int:
    """Run the upgrade and print its report; exit 1 with the reason if it fails."""
    from dashtam.core.database import DatabaseUnavailableError, database_engine, upgrade_database

    try:
        report = upgrade_database(database_engine())
    except DatabaseUnavailableError as error:
        print(f"db upgrade failed: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0
