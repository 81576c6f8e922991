"""``python -m dashtam check``: every drift between enum, registry, config schemas,
settings, container, prose and ``.env.example``, each problem with its fix.

Modelled on Home Assistant's hassfest: one validator module per concern
(:data:`~dashtam.core.check.runner.VALIDATORS`), each a ``NAME`` and a
``validate(inputs)`` yielding :class:`Problem` records; :func:`run_checks` runs them
all and returns one :class:`Report` grouped by provider. Nothing here imports the
registry at import time, so a registry that cannot be imported is reported like any
other problem.

Callers (the CLI, ``make test``, a docs build) need one line::

    report = run_checks(root=project_root)
    if report.failed(strict=True): ...
"""

from dashtam.core.check.inputs import CheckInputs, load_inputs
from dashtam.core.check.model import PROJECT, Problem, Report, Severity
from dashtam.core.check.runner import VALIDATORS, run_checks

__all__ = [
    "PROJECT",
    "VALIDATORS",
    "CheckInputs",
    "Problem",
    "Report",
    "Severity",
    "load_inputs",
    "run_checks",
]
