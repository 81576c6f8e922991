"""What the check looks at, loaded so that a broken module is a problem, not a traceback.

:func:`load_inputs` imports the enum, the registry, the settings model and the
container one by one. When one fails (an entry naming ``Provider.X`` that the enum
lacks raises ``AttributeError`` as the registry is imported), the failure becomes a
:class:`~dashtam.core.check.model.Problem` with its fix, and the checks that do not
need that input still run.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Final

from pydantic import BaseModel

from dashtam.core.check.model import Problem
from dashtam.domain.providers.metadata import ProviderMetadata

ENUMS_MODULE: Final = "dashtam.domain.providers.enums"
REGISTRY_MODULE: Final = "dashtam.domain.providers.registry"
CONFIG_MODULE: Final = "dashtam.domain.providers.config"
SETTINGS_MODULE: Final = "dashtam.core.settings"
CONTAINER_MODULE: Final = "dashtam.core.container.providers"
#: Where hand-written provider prose lives, relative to the project root.
PROSE_DIR: Final = Path("docs") / "providers" / "_prose"
ENV_EXAMPLE: Final = Path(".env.example")


@dataclass(frozen=True, kw_only=True)
class CheckInputs:
    """Everything the validators compare; ``None`` means "could not be loaded, skip".

    Attributes:
        registry: The registry entries.
        declared_slugs: Slugs that must each have an entry (the ``Provider`` enum).
        settings_model: The pydantic-settings model every schema field must be in.
        implementations: Slug -> implementation class (the container's
            ``implementation_class``); raises for a slug without one.
        prose_dir: The folder of ``<slug>.md`` prose files.
        env_example: The ``.env.example`` file.
        root: The project root, to print paths relative to it.
        load_problems: Why an input above is ``None``.
    """

    registry: Sequence[ProviderMetadata] | None
    declared_slugs: Sequence[str] | None
    settings_model: type[BaseModel] | None
    implementations: Callable[[str], type] | None
    prose_dir: Path | None
    env_example: Path | None
    root: Path = field(default_factory=Path.cwd)
    load_problems: tuple[Problem, ...] = ()


def load_inputs(root: Path | str = ".") -> CheckInputs:
    """The real project's inputs: its enum, registry, ``Settings``, container and files."""
    base = Path(root).resolve()
    problems: list[Problem] = []

    enums = _load(ENUMS_MODULE, "registry", problems)
    found_enum = getattr(enums, "Provider", None)
    provider_enum = (
        found_enum if isinstance(found_enum, type) and issubclass(found_enum, Enum) else None
    )
    declared = tuple(str(member) for member in provider_enum) if provider_enum else None

    registry = None
    if provider_enum is not None:
        registry_module = _load(REGISTRY_MODULE, "registry", problems, provider_enum)
        registry = getattr(registry_module, "PROVIDER_REGISTRY", None)

    settings_module = _load(SETTINGS_MODULE, "config", problems, provider_enum)
    settings_model = getattr(settings_module, "Settings", None)

    implementations = None
    if registry is not None:
        container = _load(CONTAINER_MODULE, "container", problems, provider_enum)
        implementations = getattr(container, "implementation_class", None)

    prose_dir = base / PROSE_DIR
    env_example = base / ENV_EXAMPLE
    if not env_example.is_file():
        problems.append(
            Problem(
                provider=None,
                check="env_example",
                field=str(ENV_EXAMPLE),
                problem=f"There is no {ENV_EXAMPLE} in {base}, so it cannot be compared "
                f"with Settings.",
                fix="Run the check from the project root (or pass --root), or create "
                ".env.example with every Settings variable.",
            )
        )
    return CheckInputs(
        registry=registry,
        declared_slugs=declared,
        settings_model=settings_model,
        implementations=implementations,
        prose_dir=prose_dir if prose_dir.is_dir() else None,
        env_example=env_example if env_example.is_file() else None,
        root=base,
        load_problems=tuple(problems),
    )


def source_path(module: str) -> str:
    """Where ``module``'s source is, as the project spells it: ``src/dashtam/...``."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return module
    origin = Path(spec.origin).resolve()
    project = Path(__file__).resolve().parents[4]  # <project>/src/dashtam/core/check
    try:
        return origin.relative_to(project).as_posix()
    except ValueError:
        return origin.as_posix()


def missing_member_references(path: Path, enum: type[Enum]) -> list[tuple[str, int]]:
    """``(member, line)`` for every ``<Enum>.<NAME>`` in ``path`` that ``enum`` lacks."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return []
    found = {
        (node.attr, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == enum.__name__
        and node.attr not in enum.__members__
        and not node.attr.startswith("_")
    }
    return sorted(found, key=lambda item: (item[1], item[0]))


def member_problems(
    error: AttributeError, module: str, enum: type[Enum], check: str
) -> Iterator[Problem]:
    """One problem per reference in ``module`` to a member ``enum`` does not declare.

    ``error`` is the ``AttributeError`` that reference raised; Python stops at the
    first, so the source is read to name every one.
    """
    source = source_path(module)
    enums = source_path(ENUMS_MODULE)
    spec = importlib.util.find_spec(module)
    references = missing_member_references(Path(spec.origin), enum) if spec and spec.origin else []
    if not references and error.name:
        references = [(error.name, _line_in(error, module) or 0)]
    for name, line in references:
        near = difflib.get_close_matches(name, list(enum.__members__), n=1)
        use = f" (did you mean {enum.__name__}.{near[0]}?)" if near else ""
        yield Problem(
            provider=name.lower(),
            check=check,
            field="slug",
            problem=(
                f"{source}:{line} names {enum.__name__}.{name}, which the {enum.__name__} "
                f"enum does not declare, so {module} cannot be used (AttributeError)."
            ),
            fix=(
                f'Add {name} = "{name.lower()}" to {enum.__name__} in {enums}, or use a '
                f"member it declares{use}."
            ),
        )


def _load(
    module: str,
    check: str,
    problems: list[Problem],
    provider_enum: type[Enum] | None = None,
) -> object | None:
    try:
        return importlib.import_module(module)
    except AttributeError as error:
        from_enum = getattr(error, "obj", None) is provider_enum
        if provider_enum is not None and from_enum:
            problems.extend(member_problems(error, module, provider_enum, check))
            return None
        problems.append(_import_problem(error, module, check))
    except Exception as error:  # a broken module must be reported, not crash the check
        problems.append(_import_problem(error, module, check))
    return None


def _import_problem(error: BaseException, module: str, check: str) -> Problem:
    line = _line_in(error, module)
    where = source_path(module) + (f":{line}" if line else "")
    return Problem(
        provider=None,
        check=check,
        field=module,
        problem=f"{where} cannot be imported: {type(error).__name__}: {error}",
        fix=f"Fix {where} so that `python -c 'import {module}'` succeeds, then run the "
        f"check again for the problems behind it.",
    )


def _line_in(error: BaseException, module: str) -> int | None:
    """The line of ``module``'s source where ``error`` was raised, if it was raised there."""
    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if origin and frame.filename == origin
    ]
    if isinstance(error, SyntaxError) and error.filename == origin:
        return error.lineno
    return lines[-1] if lines else None
