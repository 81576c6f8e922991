"""Runs every validator over one set of inputs and collects one :class:`Report`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Final

from dashtam.core.check import (
    capabilities,
    config_schemas,
    env_example,
    implementations,
    prose,
    registry_rules,
)
from dashtam.core.check.inputs import CheckInputs, load_inputs
from dashtam.core.check.model import Problem, Report

Validator = Callable[[CheckInputs], Iterator[Problem]]

#: The validators, one module per concern, in the order their problems are listed.
VALIDATORS: Final[tuple[ModuleType, ...]] = (
    registry_rules,
    config_schemas,
    implementations,
    capabilities,
    prose,
    env_example,
)


def run_checks(
    inputs: CheckInputs | None = None,
    *,
    root: Path | str = ".",
    validators: Sequence[ModuleType] = VALIDATORS,
) -> Report:
    """Run every validator and report every problem at once.

    Args:
        inputs: What to check; by default the real project under ``root``
            (see :func:`~dashtam.core.check.inputs.load_inputs`).
        root: The project root holding ``docs/`` and ``.env.example``.
        validators: Modules with a ``NAME`` and a ``validate(inputs)``.
    """
    checked = inputs if inputs is not None else load_inputs(root)
    names = [str(validator.NAME) for validator in validators]
    problems: list[Problem] = list(checked.load_problems)
    for name, validator in zip(names, validators, strict=True):
        check: Validator = validator.validate
        try:
            problems.extend(check(checked))
        except Exception as error:  # one broken validator must not hide the others
            problems.append(
                Problem(
                    provider=None,
                    check=name,
                    field="check",
                    problem=f"The {name} check crashed: {type(error).__name__}: {error}",
                    fix="This is a bug in dashtam.core.check; report it with this message.",
                )
            )
    providers = [str(entry.slug) for entry in checked.registry or ()]
    return Report.collect(problems, checks=names, providers=providers)
