"""Validator ``capabilities``: declared capabilities and implemented methods agree, both ways.

Each capability obliges one fetch method (``CAPABILITY_METHODS``), read from the
class the container builds: a declared capability without its method would be
advertised on the docs site and fail at run time; a method the registry does not
declare is data nobody is told about. A method whose parameters differ from the
capability protocol's is reported too.

Each implementation also reports its capabilities itself (``get_capabilities()``,
inherited from ``ReportsCapabilities``, derived from the same methods): a class
without it, or whose report differs from its methods (an override written by
hand), is a problem; the report is then compared with the registry both ways.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Final

from dashtam.core.check.implementations import implementation_of
from dashtam.core.check.inputs import REGISTRY_MODULE, CheckInputs, source_path
from dashtam.core.check.model import Problem
from dashtam.domain.providers.capabilities import ProviderCapability
from dashtam.domain.providers.metadata import ProviderMetadata
from dashtam.domain.providers.protocols import (
    CAPABILITY_METHODS,
    CAPABILITY_PROTOCOLS,
    capabilities_implemented_by,
)

NAME: Final = "capabilities"


def validate(inputs: CheckInputs) -> Iterator[Problem]:
    """Every capability declared without its method, or method without its capability."""
    if inputs.registry is None:
        return
    registry = source_path(REGISTRY_MODULE)
    for entry in inputs.registry:
        implementation = implementation_of(inputs, entry)
        if implementation is not None:
            yield from _compare(entry, implementation, registry)


def _compare(entry: ProviderMetadata, implementation: type, registry: str) -> Iterator[Problem]:
    slug = str(entry.slug)
    name = implementation.__name__
    declared = {c for c in entry.capabilities if isinstance(c, ProviderCapability)}
    implemented = capabilities_implemented_by(implementation)
    yield from _report(slug, implementation, implemented, declared, registry)
    for capability in ProviderCapability:
        method = CAPABILITY_METHODS[capability]
        protocol = CAPABILITY_PROTOCOLS[capability]
        wanted = _parameters(getattr(protocol, method))
        signature = f"{method}({', '.join(('self', *(wanted or ())))})"
        if capability in declared and capability not in implemented:
            yield Problem(
                provider=slug,
                check=NAME,
                field="capabilities",
                problem=f"declares {capability.name}, but {name} has no {method}(), so the "
                f"docs advertise data the provider cannot deliver.",
                fix=f"Implement `{signature}` on {name} "
                f"({protocol.__name__} in dashtam.domain.providers.protocols), or remove "
                f"ProviderCapability.{capability.name} from the entry in {registry}.",
            )
        elif capability in implemented and capability not in declared:
            yield Problem(
                provider=slug,
                check=NAME,
                field="capabilities",
                problem=f"{name} implements {method}(), but the entry does not declare "
                f"{capability.name}, so nobody is told the provider delivers it.",
                fix=f"Add ProviderCapability.{capability.name} to the entry's capabilities in "
                f"{registry}, or remove {name}.{method}().",
            )
        elif capability in implemented:
            actual = _parameters(getattr(implementation, method))
            if actual is not None and wanted is not None and actual != wanted:
                yield Problem(
                    provider=slug,
                    check=NAME,
                    field=method,
                    problem=f"{name}.{method}({', '.join(actual)}) does not take the "
                    f"parameters of {protocol.__name__}.{method}({', '.join(wanted)}).",
                    fix=f"Rename the parameters of {name}.{method} to {', '.join(wanted)}.",
                )


def _report(
    slug: str,
    implementation: type,
    implemented: frozenset[ProviderCapability],
    declared: set[ProviderCapability],
    registry: str,
) -> Iterator[Problem]:
    """The class's own report: present, equal to its methods, and to the registry."""
    name = implementation.__name__
    report = getattr(implementation, "get_capabilities", None)
    try:
        reported = frozenset(report()) if callable(report) else None
    except TypeError:
        reported = None
    if reported is None:
        yield Problem(
            provider=slug,
            check=NAME,
            field="get_capabilities",
            problem=f"{name} does not report its capabilities: it has no get_capabilities() "
            f"callable on the class.",
            fix=f"Declare it as `class {name}(ReportsCapabilities):` (from "
            f"dashtam.domain.providers.protocols), which derives the report from its methods.",
        )
        return
    if reported == implemented:
        return  # the method comparisons below then compare the report with the registry
    yield Problem(
        provider=slug,
        check=NAME,
        field="get_capabilities",
        problem=f"{name}.get_capabilities() reports {_names(reported)}, but its methods "
        f"implement {_names(implemented)}.",
        fix=f"Remove the override of get_capabilities from {name}: the one inherited from "
        f"ReportsCapabilities is read from the methods.",
    )
    for capability in sorted(reported ^ declared):
        reports = capability in reported
        yield Problem(
            provider=slug,
            check=NAME,
            field="get_capabilities",
            problem=f"{name}.get_capabilities() {'reports' if reports else 'does not report'} "
            f"{capability.name}, which the registry "
            f"{'does not declare' if reports else 'declares'}.",
            fix=f"Make the entry's capabilities in {registry} and what {name} reports agree.",
        )


def _names(capabilities: frozenset[ProviderCapability]) -> str:
    return "{" + ", ".join(sorted(c.name for c in capabilities)) + "}"


def _parameters(function: object) -> tuple[str, ...] | None:
    """Parameter names after ``self``, or ``None`` when they cannot be read."""
    try:
        parameters = list(inspect.signature(function).parameters)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return tuple(parameters[1:] if parameters[:1] == ["self"] else parameters)
