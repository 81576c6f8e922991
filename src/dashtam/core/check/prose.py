"""Validator ``prose``: every ``docs/providers/_prose/<name>.md`` is named after a registered slug.

A prose file is merged into its provider's page; one whose name is no slug (a typo,
a renamed provider) would silently appear nowhere, so it is reported, with the
nearest slug when there is one ("did you mean").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Final

from dashtam.core.check.inputs import CheckInputs
from dashtam.core.check.model import Problem

NAME: Final = "prose"


def validate(inputs: CheckInputs) -> Iterator[Problem]:
    """Every prose file that belongs to no registered provider."""
    if inputs.prose_dir is None or inputs.registry is None:
        return
    slugs = [str(entry.slug) for entry in inputs.registry]
    folder = _relative(inputs)
    for path in sorted(inputs.prose_dir.glob("*.md")):
        name = path.stem
        if name in slugs:
            continue
        near = difflib.get_close_matches(name, slugs, n=1, cutoff=0.6)
        shown = f"{folder}/{path.name}"
        if near:
            yield Problem(
                provider=near[0],
                check=NAME,
                field=shown,
                problem=f"{shown} is named after no registered provider, so its text would "
                f"appear on no page (did you mean {near[0]!r}?).",
                fix=f"Rename it to {folder}/{near[0]}.md.",
            )
        else:
            yield Problem(
                provider=name,
                check=NAME,
                field=shown,
                problem=f"{shown} is named after no registered provider, so its text would "
                f"appear on no page.",
                fix=f"Rename it to <slug>.md of the provider it describes "
                f"({', '.join(slugs) or 'none registered'}), or delete it.",
            )


def _relative(inputs: CheckInputs) -> str:
    assert inputs.prose_dir is not None
    try:
        return inputs.prose_dir.resolve().relative_to(inputs.root.resolve()).as_posix()
    except ValueError:
        return inputs.prose_dir.as_posix()
