"""Validator ``env_example``: ``.env.example`` lists exactly the settings' variables.

Each problem names the exact variable: one missing from the file (with the two lines
to add), one the file sets that no setting reads (with the nearest real one), one
listed twice, one without a comment above it, and a secret with a value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Final

from pydantic import BaseModel

from dashtam.core.check.inputs import SETTINGS_MODULE, CheckInputs, source_path
from dashtam.core.check.model import Problem
from dashtam.domain.providers.config import ProviderConfig, config_fields, is_secret

NAME: Final = "env_example"
_ASSIGNMENT: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")


def validate(inputs: CheckInputs) -> Iterator[Problem]:
    """Every variable ``.env.example`` and the settings model disagree on."""
    model = inputs.settings_model
    if model is None or inputs.env_example is None:
        return
    from dashtam.core.settings import env_var_name

    file = inputs.env_example.name
    settings = source_path(SETTINGS_MODULE)
    lines = inputs.env_example.read_text(encoding="utf-8").splitlines()
    expected = {env_var_name(name, model): name for name in model.model_fields}
    owners = _owners(inputs)
    seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        match = _ASSIGNMENT.fullmatch(line.strip())
        if match is None:
            continue
        variable, value = match.group(1), match.group(2).strip()
        number = index + 1
        field = expected.get(variable)
        owner = owners.get(field) if field else None
        if variable in seen:
            yield _problem(
                owner,
                variable,
                f"{file} sets {variable} twice (lines {seen[variable]} and {number}).",
                f"Keep one {variable}= line in {file}.",
            )
            continue
        seen[variable] = number
        if field is None:
            near = difflib.get_close_matches(variable, list(expected), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            yield _problem(
                None,
                variable,
                f"{file} line {number} sets {variable}, which no {model.__name__} field "
                f"reads{hint}, so it has no effect.",
                f"Remove line {number} from {file}, or rename it to the variable it means.",
            )
            continue
        if index == 0 or not lines[index - 1].startswith("#"):
            yield _problem(
                owner,
                variable,
                f"{file} line {number} ({variable}) has no comment above it saying what it is.",
                f"Add a `# ...` line above it, e.g. `# {_description(model, field)}`.",
            )
        if value and is_secret(model.model_fields[field].annotation):
            yield _problem(
                owner,
                variable,
                f"{file} line {number} gives the secret {variable} a value; the example "
                f"must not carry a credential.",
                f"Change line {number} to `{variable}=`.",
            )
    for variable, field in expected.items():
        if variable not in seen:
            yield _problem(
                owners.get(field),
                variable,
                f"{file} lacks {variable} ({model.__name__}.{field} in {settings}), so "
                f"nobody copying it learns the setting exists.",
                f"Add these two lines to {file}: `# {_description(model, field)}` and "
                f"`{variable}={_example_value(model, field)}`.",
            )


def _problem(provider: str | None, field: str, problem: str, fix: str) -> Problem:
    return Problem(provider=provider, check=NAME, field=field, problem=problem, fix=fix)


def _owners(inputs: CheckInputs) -> dict[str, str]:
    """Setting -> the one provider whose schema reads it (shared settings have no owner)."""
    readers: dict[str, list[str]] = {}
    for entry in inputs.registry or ():
        schema = entry.config_schema
        names: Sequence[str] = (
            config_fields(schema)
            if isinstance(schema, type) and issubclass(schema, ProviderConfig)
            else tuple(entry.required_settings)
        )
        for name in names:
            readers.setdefault(name, []).append(str(entry.slug))
    return {name: slugs[0] for name, slugs in readers.items() if len(slugs) == 1}


def _description(model: type[BaseModel], field: str) -> str:
    return model.model_fields[field].description or f"What {field} is for."


def _example_value(model: type[BaseModel], field: str) -> str:
    info = model.model_fields[field]
    if is_secret(info.annotation) or info.default is None or info.default_factory is not None:
        return ""
    return str(info.default)
