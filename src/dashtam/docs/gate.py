"""The gate before publishing: pages are generated only for a project the check passes.

It imports nothing that loads the registry, so even a registry that cannot be imported
stops the build with the check's named problem and fix instead of a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

#: ``module:attribute`` naming a registry (or a zero-argument callable returning one)
#: to document instead of ``PROVIDER_REGISTRY``; used by benchmarks and tests.
REGISTRY_ENV_VAR: Final = "DASHTAM_DOCS_REGISTRY"


def registry_spec_from_env() -> str | None:
    """The ``module:attribute`` in :data:`REGISTRY_ENV_VAR`, if it is set and not empty."""
    return os.environ.get(REGISTRY_ENV_VAR) or None


def publication_refusal(root: Path, *, strict: bool, registry_spec: str | None) -> str | None:
    """Why the site of the project at ``root`` must not be built, or ``None``.

    The reason is ``python -m dashtam check``'s report: a provider that cannot be built
    is never published, and with ``strict`` neither is one with a warning. A synthetic
    registry (``registry_spec``) documents no real project, so it is not checked.
    """
    if registry_spec is not None:
        return None
    from dashtam.core.check import run_checks

    report = run_checks(root=root)
    if not report.failed(strict=strict):
        return None
    return (
        f"`python -m dashtam check` found problems, so the documentation site was not "
        f"built; fix each one below and build again.\n{report.render_text()}"
    )
