"""Collects every problem in a file so the user fixes them all in one round trip.

A parser records problems as it goes and raises once at the end; the error's
``line`` is the first problem's line and its message lists the first
:data:`MAX_REPORTED` problems, each with its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, NoReturn

from dashtam.domain.providers import Provider
from dashtam.domain.providers.errors import InvalidFileError

#: More problems than this are counted, not listed: the message stays readable.
MAX_REPORTED: Final = 20

#: Offending cell values are quoted in messages up to this many characters.
MAX_VALUE_CHARS: Final = 40


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One thing wrong with the file, at a 1-based line when the problem has one."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


class ChaseImportError(InvalidFileError):
    """An import file was rejected; ``problems`` lists everything found, in file order."""

    def __init__(self, problems: tuple[FileProblem, ...]) -> None:
        if not problems:
            raise ValueError("ChaseImportError needs at least one problem")
        self.problems = problems
        first = problems[0]
        if len(problems) == 1:
            message = first.message
        else:
            listed = "\n".join(f"- {problem}" for problem in problems[:MAX_REPORTED])
            more = len(problems) - MAX_REPORTED
            tail = f"\n- ... and {more} more" if more > 0 else ""
            message = (
                f"{len(problems)} problems; fix them all and upload the file again:\n{listed}{tail}"
            )
        super().__init__(str(Provider.CHASE_FILE), message, line=first.line)


def rejection(message: str, *, line: int | None = None) -> ChaseImportError:
    """The error for a problem that stops reading the file at once."""
    return ChaseImportError((FileProblem(line, message),))


def reject(message: str, *, line: int | None = None) -> NoReturn:
    """Raise :func:`rejection` of ``message``."""
    raise rejection(message, line=line)


def quote(value: str) -> str:
    """``value`` as it appears in a message: quoted, and shortened when long."""
    if len(value) > MAX_VALUE_CHARS:
        value = value[: MAX_VALUE_CHARS - 3] + "..."
    return repr(value)


class ProblemLog:
    """The problems found so far in one file."""

    __slots__ = ("_problems",)

    def __init__(self) -> None:
        self._problems: list[FileProblem] = []

    def add(self, line: int | None, message: str) -> None:
        self._problems.append(FileProblem(line, message))

    def __len__(self) -> int:
        return len(self._problems)

    def __add__(self, other: ProblemLog) -> ProblemLog:
        """Both logs' problems, in file order (those without a line first)."""
        merged = ProblemLog()
        merged._problems = sorted(
            [*self._problems, *other._problems],
            key=lambda problem: problem.line if problem.line is not None else 0,
        )
        return merged

    def raise_if_any(self) -> None:
        """Raise one error listing every problem recorded, if there are any."""
        if self._problems:
            raise ChaseImportError(tuple(self._problems))


#: C0 and C1 controls (tab and line breaks aside) and the bidirectional overrides and
#: isolates: no Chase export holds them, and in a description they hide or reorder text.
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_character_problem(field: str, value: str) -> str | None:
    """Why ``value`` of ``field`` is refused, if it holds a control character.

    The value itself is not quoted: the field may be a description holding an
    account number.
    """
    found = _CONTROL.search(value)
    if found is None:
        return None
    return (
        f"{field} holds the control character U+{ord(found[0]):04X}, which no Chase export "
        "contains; download the file from Chase again"
    )
