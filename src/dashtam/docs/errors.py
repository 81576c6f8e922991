"""The one error a docs build raises: every problem found, each with its fix."""

from __future__ import annotations

from collections.abc import Sequence


class DocsBuildError(ValueError):
    """The site cannot be generated; ``problems`` lists every reason, each saying how to fix it.

    Raised before any page is written, so a failed build never leaves half a site.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(
            f"The documentation site cannot be generated ({len(self.problems)} problem(s)):\n"
            f"{lines}"
        )
