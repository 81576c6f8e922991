"""Checks the registry against the settings model, from the layer that knows both.

The domain cannot import ``core``, so this module passes the settings field names
into :func:`validate_registry`; one call still reports every problem.
Run ``python -m dashtam.core.registry_check`` to see them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from dashtam.core.settings import Settings
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    Provider,
    ProviderMetadata,
    RegistryProblem,
    validate_registry,
)


def validate_registry_against_settings(
    entries: Iterable[ProviderMetadata] = PROVIDER_REGISTRY,
    *,
    declared_slugs: Iterable[str] = tuple(Provider),
) -> list[RegistryProblem]:
    """Every registry problem, including required settings the model does not define."""
    return validate_registry(
        entries, known_settings=Settings.model_fields.keys(), declared_slugs=declared_slugs
    )


def main() -> int:
    """Print every problem with its fix; exit 1 if there are any."""
    problems = validate_registry_against_settings()
    if not problems:
        print(f"Provider registry OK: {len(PROVIDER_REGISTRY)} providers, no problems.")
        return 0
    print(f"The provider registry has {len(problems)} problem(s):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
