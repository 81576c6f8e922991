"""Holds every provider implementation package to at least 90% line coverage.

Run by ``make test`` after pytest has written ``.coverage``. The packages are found,
not listed: every ``src/dashtam/infrastructure/providers/<name>/`` with an
``__init__.py``, so a new provider is held to the bar without editing anything.
Line coverage is statements run over statements; branches are not counted here.

    python scripts/check_provider_coverage.py [--minimum 90] [--data-file .coverage] [NAME ...]

With NAMEs, only those packages (``schwab``, ``alpaca``...) are checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parents[1]
PROVIDERS = ROOT / "src" / "dashtam" / "infrastructure" / "providers"


def package_coverage(data: coverage.Coverage, package: Path) -> tuple[int, int]:
    """``(statements run, statements)`` over every module of ``package``."""
    run = total = 0
    for module in sorted(package.rglob("*.py")):
        _, statements, _, missing, _ = data.analysis2(str(module))
        total += len(statements)
        run += len(statements) - len(missing)
    return run, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minimum", type=float, default=90.0)
    parser.add_argument("--data-file", default=str(ROOT / ".coverage"))
    parser.add_argument("names", nargs="*", help="only these provider packages")
    arguments = parser.parse_args(argv)
    data = coverage.Coverage(data_file=arguments.data_file)
    data.load()
    packages = sorted(path.parent for path in PROVIDERS.glob("*/__init__.py"))
    unknown = sorted(set(arguments.names) - {package.name for package in packages})
    if unknown:
        parser.error(f"no provider package {', '.join(unknown)} under {PROVIDERS}")
    if arguments.names:
        packages = [package for package in packages if package.name in arguments.names]
    failures = []
    for package in packages:
        run, total = package_coverage(data, package)
        percent = 100.0 * run / total if total else 100.0
        name = package.relative_to(ROOT).as_posix()
        print(f"{name}: {percent:.1f}% of {total} lines")
        if percent < arguments.minimum:
            failures.append(f"{name} ({percent:.1f}%)")
    if failures:
        print(
            f"Line coverage below {arguments.minimum:g}%: {', '.join(failures)}. Add tests "
            f"that run the provider against its documented response shapes "
            f"(httpx.MockTransport; see docs/guides/adding-providers.md); "
            f"`.venv/bin/python -m coverage report --include='<package>/*'` lists the lines "
            f"no test runs.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
