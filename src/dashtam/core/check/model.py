"""What ``python -m dashtam check`` finds: problems, each with its fix, grouped by provider."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

#: The group of problems that belong to no single provider (settings, .env.example).
PROJECT: Final = "project"


class Severity(StrEnum):
    """How bad a problem is: errors always fail the check, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing out of step, where it is, and how to fix it.

    Attributes:
        provider: The slug the problem belongs to, or ``None`` for the project as a
            whole (a shared setting, ``.env.example``).
        check: The validator that found it (``registry``, ``config``, ...).
        field: What is wrong: a registry field, a setting, a method, a file.
        problem: What is wrong with it, as a sentence.
        fix: What to change, naming the file.
        severity: :class:`Severity`; errors by default.
    """

    provider: str | None
    check: str
    field: str
    problem: str
    fix: str
    severity: Severity = Severity.ERROR

    def as_dict(self) -> dict[str, str | None]:
        """The problem as JSON-ready data."""
        return {
            "provider": self.provider,
            "check": self.check,
            "severity": str(self.severity),
            "field": self.field,
            "problem": self.problem,
            "fix": self.fix,
        }

    def __str__(self) -> str:
        where = self.provider if self.provider is not None else PROJECT
        return (
            f"[{where}] {self.severity} {self.check}/{self.field}: {self.problem} Fix: {self.fix}"
        )


@dataclass(frozen=True)
class Report:
    """Every problem one run found, in a deterministic order.

    Attributes:
        problems: In group order (see :meth:`groups`), then check order, then the
            order each check found them.
        checks: Names of the validators that ran, in order.
        providers: The registry's slugs, in registry order (empty if it could not
            be loaded).
    """

    problems: tuple[Problem, ...]
    checks: tuple[str, ...]
    providers: tuple[str, ...]

    @classmethod
    def collect(
        cls, problems: Iterable[Problem], *, checks: Sequence[str], providers: Sequence[str]
    ) -> Report:
        """A report with ``problems`` ordered by group (see :meth:`groups`), stably."""
        found = tuple(problems)
        order = _group_order(found, providers)
        ranked = sorted(
            enumerate(found), key=lambda item: (order[item[1].provider], _rank(item[1], checks))
        )
        return cls(tuple(problem for _, problem in ranked), tuple(checks), tuple(providers))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the check fails: on any error, and with ``strict`` on any warning too."""
        return bool(self.problems if strict else self.errors)

    def groups(self) -> dict[str | None, tuple[Problem, ...]]:
        """Problems by provider: registered slugs in registry order, then other slugs
        (an enum member without an entry, a prose file) sorted, then the project (``None``)."""
        grouped: dict[str | None, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.provider, []).append(problem)
        return {provider: tuple(found) for provider, found in grouped.items()}

    def for_provider(self, slug: str) -> tuple[Problem, ...]:
        """The problems of one provider (a docs build leaves out a provider with errors)."""
        return tuple(p for p in self.problems if p.provider == str(slug))

    def summary(self) -> str:
        """One line: what was checked and how many problems were found."""
        checked = _count(len(self.checks), "check")
        if not self.problems:
            return f"dashtam check: no problems ({checked})."
        counts = [_count(len(self.errors), "error"), _count(len(self.warnings), "warning")]
        return f"dashtam check: {', '.join(counts)} ({checked})."

    def render_text(self) -> str:
        """The report for a terminal: the summary, then each group with problem and fix."""
        lines = [self.summary()]
        for provider, problems in self.groups().items():
            lines += ["", provider if provider is not None else PROJECT]
            for problem in problems:
                lines.append(f"  {problem.severity}: [{problem.check}] {problem.field}")
                lines.append(f"    {problem.problem}")
                lines.append(f"    fix: {problem.fix}")
        return "\n".join(lines) + "\n"

    def to_json(self, *, strict: bool = False) -> str:
        """The report for CI: counts, and the problems grouped as :meth:`groups` orders them."""
        data = {
            "ok": not self.failed(strict=strict),
            "strict": strict,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "checks": list(self.checks),
            "providers": list(self.providers),
            "groups": [
                {"provider": provider, "problems": [problem.as_dict() for problem in problems]}
                for provider, problems in self.groups().items()
            ],
        }
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _group_order(problems: Sequence[Problem], providers: Sequence[str]) -> dict[str | None, int]:
    registered = list(dict.fromkeys(providers))
    others = sorted({p.provider for p in problems if p.provider is not None} - set(registered))
    order: dict[str | None, int] = {slug: n for n, slug in enumerate([*registered, *others])}
    order[None] = len(order)
    return order


def _rank(problem: Problem, checks: Sequence[str]) -> int:
    return checks.index(problem.check) if problem.check in checks else -1


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
