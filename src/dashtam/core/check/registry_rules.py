"""Validator ``registry``: the entries themselves, and the enum and registry both ways.

The rules are the domain's :func:`~dashtam.domain.providers.validation.validate_registry`
(one per concern: unique slugs of a file-name-safe length, every ``Provider`` member
has an entry and every entry's slug is a member, display names and URLs safe to show,
category and auth type, capabilities, setting names, and a setup record that matches
the auth type, each of its fields typed and bounded). A registry module
that cannot even be imported is reported by :func:`~dashtam.core.check.inputs.load_inputs`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from dashtam.core.check.inputs import CheckInputs
from dashtam.core.check.model import Problem

NAME: Final = "registry"


def validate(inputs: CheckInputs) -> Iterator[Problem]:
    """Every problem ``validate_registry`` finds, as check problems."""
    if inputs.registry is None or inputs.declared_slugs is None:
        return
    from dashtam.domain.providers.validation import validate_registry

    for found in validate_registry(inputs.registry, declared_slugs=inputs.declared_slugs):
        yield Problem(
            provider=found.provider,
            check=NAME,
            field=found.field,
            problem=found.problem,
            fix=found.fix,
        )
