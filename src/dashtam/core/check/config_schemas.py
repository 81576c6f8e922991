"""Validator ``config``: config schema, ``required_settings`` and ``Settings`` agree.

- An entry has a ``config_schema`` (a warning while it is being migrated).
- ``required_settings`` lists exactly the schema's fields without a default.
- An OAuth entry's schema includes ``OAuthRedirectConfig`` (its redirect URI).
- Every schema field is a ``Settings`` field of the same type (``| None`` when the
  schema requires it), the same default and the same description, as
  ``settings_field(Schema, name)`` declares it; else its env var is never read.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Iterator, Sequence
from typing import Annotated, Final

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from dashtam.core.check.inputs import (
    CONFIG_MODULE,
    REGISTRY_MODULE,
    SETTINGS_MODULE,
    CheckInputs,
    source_path,
)
from dashtam.core.check.model import Problem, Severity
from dashtam.domain.providers.config import (
    OAuthRedirectConfig,
    ProviderConfig,
    config_fields,
    required_fields,
)
from dashtam.domain.providers.enums import ProviderAuthType
from dashtam.domain.providers.metadata import ProviderMetadata

NAME: Final = "config"


def validate(inputs: CheckInputs) -> Iterator[Problem]:
    """Every disagreement between schemas, ``required_settings`` and the settings model."""
    if inputs.registry is None:
        return
    files = _Files(inputs)
    for entry in inputs.registry:
        schema = entry.config_schema
        if schema is None:
            yield from _without_schema(entry, inputs.settings_model, files)
        elif not (isinstance(schema, type) and issubclass(schema, ProviderConfig)):
            yield _problem(
                entry,
                "config_schema",
                f"is {schema!r}, which is not a ProviderConfig subclass.",
                f"Set config_schema to a class deriving from ProviderConfig in {files.config}.",
            )
        else:
            yield from _required_settings(entry, schema, files)
            yield from _oauth_redirect(entry, schema, files)
            if inputs.settings_model is not None:
                yield from _settings_agree(entry, schema, inputs.settings_model, files)


class _Files:
    def __init__(self, inputs: CheckInputs) -> None:
        self.config = source_path(CONFIG_MODULE)
        self.registry = source_path(REGISTRY_MODULE)
        self.settings = source_path(SETTINGS_MODULE)


def _problem(
    entry: ProviderMetadata,
    field: str,
    problem: str,
    fix: str,
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(
        provider=str(entry.slug),
        check=NAME,
        field=field,
        problem=problem,
        fix=fix,
        severity=severity,
    )


def _schema_name(entry: ProviderMetadata) -> str:
    return "".join(part.capitalize() for part in str(entry.slug).split("_")) + "Config"


def _without_schema(
    entry: ProviderMetadata, settings_model: type[BaseModel] | None, files: _Files
) -> Iterator[Problem]:
    name = _schema_name(entry)
    yield _problem(
        entry,
        "config_schema",
        "is not set: the container checks only that required_settings are set, the "
        "implementation is built from the whole Settings, and the docs cannot show each "
        "setting's type and allowed values.",
        f"Write `class {name}(ProviderConfig)` in {files.config} with one field per setting "
        f"the implementation reads (include HttpClientConfig / OAuthRedirectConfig if it uses "
        f"them), and set config_schema={name} in the entry in {files.registry}.",
        Severity.WARNING,
    )
    if settings_model is None:
        return
    for setting in dict.fromkeys(entry.required_settings):
        if setting not in settings_model.model_fields:
            yield _problem(
                entry,
                "required_settings",
                f"names {setting!r}, which is not a field of {settings_model.__name__}, so it "
                f"can never be set.",
                f"Add a field `{setting}` with a description to {settings_model.__name__} in "
                f"{files.settings} (read from the env var {setting.upper()}), or fix the name.",
            )


def _required_settings(
    entry: ProviderMetadata, schema: type[ProviderConfig], files: _Files
) -> Iterator[Problem]:
    fields = config_fields(schema)
    required = required_fields(schema)
    listed = tuple(dict.fromkeys(entry.required_settings))
    for setting in listed:
        if setting not in fields:
            yield _problem(
                entry,
                "required_settings",
                f"names {setting!r}, which {schema.__name__} does not declare, so the "
                f"implementation never receives it.",
                f"Add `{setting}: SecretStr = Field(description=...)` (or its real type) to "
                f"{schema.__name__} in {files.config}, or remove {setting!r} from "
                f"required_settings in {files.registry}.",
            )
        elif setting not in required:
            default = schema.model_fields[setting].default
            yield _problem(
                entry,
                "required_settings",
                f"names {setting!r}, but {schema.__name__} gives it a default ({default!r}), "
                f"so it is not required.",
                f"Remove the default of {setting} in {schema.__name__} ({files.config}), or "
                f"remove {setting!r} from required_settings in {files.registry}.",
            )
    for setting in required:
        if setting not in listed:
            yield _problem(
                entry,
                "required_settings",
                f"does not list {setting!r}, which {schema.__name__} requires (it has no "
                f"default), so the provider looks configured while it cannot be built.",
                f"Add {setting!r} to required_settings in {files.registry}, or give "
                f"{schema.__name__}.{setting} a default in {files.config}.",
            )


def _oauth_redirect(
    entry: ProviderMetadata, schema: type[ProviderConfig], files: _Files
) -> Iterator[Problem]:
    if entry.auth_type is ProviderAuthType.OAUTH and not issubclass(schema, OAuthRedirectConfig):
        yield _problem(
            entry,
            "config_schema",
            f"{schema.__name__} does not include OAuthRedirectConfig, so an OAuth provider "
            f"gets no redirect_uri (it is built from public_base_url).",
            f"Derive it from the part: `class {schema.__name__}(OAuthRedirectConfig, "
            f"HttpClientConfig)` in {files.config}.",
        )


def _settings_agree(
    entry: ProviderMetadata,
    schema: type[ProviderConfig],
    settings_model: type[BaseModel],
    files: _Files,
) -> Iterator[Problem]:
    model = settings_model.__name__
    aliases = type_aliases(schema)

    def text(annotation: object) -> str:
        return type_text(annotation, aliases)

    for name in config_fields(schema):
        wanted = schema.model_fields[name]
        expected_type = _full_type(wanted)
        if wanted.is_required():
            expected_type = typing.Optional[expected_type]  # noqa: UP045
        declare = (
            f"Declare it in {model} ({files.settings}) as `{name}: {text(expected_type)} "
            f'= settings_field({schema.__name__}, "{name}")`.'
        )
        found = settings_model.model_fields.get(name)
        if found is None:
            yield _problem(
                entry,
                name,
                f"{schema.__name__} reads {name}, which {model} does not declare, so "
                f"{name.upper()} is never read from the environment.",
                declare,
            )
            continue
        actual_type = _full_type(found)
        if actual_type != expected_type:
            yield _problem(
                entry,
                name,
                f"{model} declares it as `{text(actual_type)}`, {schema.__name__} as "
                f"`{text(_full_type(wanted))}`"
                + (" and requires it" if wanted.is_required() else "")
                + f", so {model} needs `{text(expected_type)}`.",
                declare,
            )
        expected_default = None if wanted.is_required() else wanted.default
        if found.default_factory is not None or found.default != expected_default:
            yield _problem(
                entry,
                name,
                f"{model}'s default is {_default_text(found)}, {schema.__name__}'s is "
                f"{expected_default!r}"
                + (
                    " (a required field is None in Settings until set)."
                    if wanted.is_required()
                    else "."
                ),
                declare,
            )
        if found.description != wanted.description:
            yield _problem(
                entry,
                name,
                f"{model}'s description differs from {schema.__name__}'s, and the docs print "
                f"{model}'s.",
                declare,
            )


def _full_type(field: FieldInfo) -> object:
    """The field's type with its constraints, as ``Annotated`` when it has any."""
    if not field.metadata:
        return field.annotation
    return Annotated[(field.annotation, *field.metadata)]


def _default_text(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "computed by a default_factory"
    return repr(field.default)


def type_aliases(schema: type) -> list[tuple[str, object]]:
    """Type aliases (``HttpBaseUrl = Annotated[...]``) of the module defining ``schema``."""
    module = sys.modules.get(schema.__module__)
    return (
        [
            (name, value)
            for name, value in vars(module).items()
            if not name.startswith("_") and typing.get_origin(value) in (Annotated, typing.Literal)
        ]
        if module is not None
        else []
    )


def type_text(annotation: object, aliases: Sequence[tuple[str, object]] = ()) -> str:
    """A readable spelling of a type: ``SecretStr | None``, ``HttpBaseUrl``, ``Literal['a']``.

    A type equal to one of ``aliases`` is written as the alias, as the source does.
    """
    if annotation is None or annotation is type(None):
        return "None"
    for name, value in aliases:
        if annotation == value:
            return name
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is Annotated:
        base, *metadata = arguments
        return f"Annotated[{type_text(base)}, {', '.join(map(_metadata_text, metadata))}]"
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(type_text(argument, aliases) for argument in arguments)
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(argument) for argument in arguments)}]"
    if isinstance(annotation, type):
        return annotation.__name__
    return repr(annotation).replace("typing.", "")


def _metadata_text(item: object) -> str:
    function = getattr(item, "func", None)
    if function is not None:
        return f"{type(item).__name__}({getattr(function, '__name__', function)})"
    return repr(item)
