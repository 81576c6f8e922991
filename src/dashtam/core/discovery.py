"""The provider records programs read: ``providers.json`` on the docs site and the discovery API.

One serializer, so the published file and the API cannot describe a provider
differently. It is pure: registry entries, the settings model (read from the class,
never instantiated, so no value can leak) and a function giving a page's URL go in;
JSON-ready dicts come out. Settings are named by the environment variable a user sets,
never by the Python field name. :data:`PROVIDERS_DOCUMENT_SCHEMA` is the JSON Schema of
the document, published next to it.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal

from pydantic import BaseModel, SecretBytes, SecretStr
from pydantic_core import PydanticUndefined

from dashtam.core.settings import env_var_name
from dashtam.domain.providers import ProviderMetadata
from dashtam.domain.providers.config import is_secret, settings_read_by

#: Bumped when a field is renamed or removed, so consumers can tell. Version 2 names
#: settings by env var (``required_env_vars``, ``settings``) instead of by field name.
SCHEMA_VERSION: Final = 2

#: The JSON types a setting's value can have, as JSON Schema names them.
JsonType = Literal["string", "integer", "number", "boolean"]
_JSON_TYPES: Final[Mapping[type, JsonType]] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    SecretStr: "string",
    SecretBytes: "string",
}

#: A function from a page path relative to the docs folder (``providers/schwab.md``)
#: to its URL relative to the site root, as the site generator serves it.
PageUrl = Callable[[str], str]


def setting_type(annotation: object) -> tuple[JsonType, tuple[str | int | float | bool, ...]]:
    """The JSON type of a settings annotation and its allowed values (``()``: any value).

    ``X | None`` is ``X`` (unset means "use the default"); a ``Literal`` is its values'
    type plus the values; anything unrecognised is a string, as the environment holds it.
    """
    origin = typing.get_origin(annotation)
    if origin is Literal:
        values = tuple(typing.get_args(annotation))
        return setting_type(type(values[0]))[0], values
    arguments = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if origin is not None and len(arguments) == 1:
        return setting_type(arguments[0])
    if isinstance(annotation, type):
        for kind, name in _JSON_TYPES.items():
            if issubclass(annotation, kind):
                return name, ()
    return "string", ()


def setting_record(
    name: str,
    required_by_entry: bool,
    settings_model: type[BaseModel],
    config_schema: type[BaseModel] | None,
) -> dict[str, Any]:
    """One setting as programs see it: env var, required, secret, type, allowed values."""
    env_var, required, secret, json_type, allowed = _setting_facts(
        name, required_by_entry, settings_model, config_schema
    )
    record: dict[str, Any] = {
        "env_var": env_var,
        "required": required,
        "secret": secret,
        "type": json_type,
    }
    if allowed:
        record["allowed_values"] = list(allowed)
    return record


@functools.lru_cache(maxsize=16384)
def _setting_facts(
    name: str,
    required_by_entry: bool,
    settings_model: type[BaseModel],
    config_schema: type[BaseModel] | None,
) -> tuple[str, bool, bool, JsonType, tuple[str | int | float | bool, ...]]:
    """:func:`setting_record`'s facts, cached: thousands of entries share a few settings."""
    field = settings_model.model_fields.get(name)
    schema_field = config_schema.model_fields.get(name) if config_schema is not None else None
    typed = schema_field if schema_field is not None else field
    json_type, allowed = setting_type(typed.annotation) if typed is not None else ("string", ())
    has_default = field is not None and (
        field.default is not PydanticUndefined or field.default_factory is not None
    )
    return (
        env_var_name(name, settings_model),
        required_by_entry or not has_default,
        field is not None and is_secret(field.annotation),
        json_type,
        allowed,
    )


def provider_record(
    entry: ProviderMetadata,
    settings_model: type[BaseModel],
    page_url: PageUrl,
    page: str,
    settings_read: Sequence[str] | None = None,
) -> dict[str, Any]:
    """One registry entry as a JSON-ready dict; see :data:`PROVIDER_RECORD_SCHEMA`.

    Args:
        entry: The registry entry.
        settings_model: The settings class (read, never instantiated).
        page_url: Turns ``page`` into the URL the docs site serves it at.
        page: The provider's docs page, relative to the docs folder.
        settings_read: Every settings field the implementation reads; defaults to its
            config schema's fields (or ``required_settings`` without a schema).
    """
    required = frozenset(entry.required_settings)
    read = settings_read_by(entry) if settings_read is None else settings_read
    names = dict.fromkeys([*entry.required_settings, *read])
    schema = entry.config_schema
    settings = [setting_record(name, name in required, settings_model, schema) for name in names]
    return {
        "slug": str(entry.slug),
        "display_name": entry.display_name,
        "category": entry.category.value,
        "auth_type": entry.auth_type.value,
        "capabilities": [capability.value for capability in entry.capabilities],
        "required_env_vars": [
            env_var_name(name, settings_model) for name in entry.required_settings
        ],
        "settings": settings,
        "homepage_url": entry.homepage_url,
        "enabled": entry.enabled,
        "beta": entry.beta,
        "min_version": entry.min_version,
        "health_check_url": entry.health_check_url,
        "health_check_interval": entry.health_check_interval,
        "page": page_url(page),
    }


def provider_records(
    entries: Iterable[ProviderMetadata],
    settings_model: type[BaseModel],
    page_url: PageUrl,
    page_of: Callable[[str], str],
    settings_read: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """Every entry's record, in registry order.

    ``page_of`` maps a slug to its docs page (``providers/<slug>.md``); ``settings_read``
    maps a slug to the fields its implementation reads (see :func:`provider_record`).
    """
    read = settings_read or {}
    return [
        provider_record(
            entry,
            settings_model,
            page_url,
            page_of(str(entry.slug)),
            read.get(str(entry.slug)),
        )
        for entry in entries
    ]


def providers_document(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole document: the schema version and the records."""
    return {"schema_version": SCHEMA_VERSION, "providers": list(records)}


_SETTING_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "description": "A setting the provider's implementation reads, named by its env var.",
    "required": ["env_var", "required", "secret", "type"],
    "additionalProperties": False,
    "properties": {
        "env_var": {
            "type": "string",
            "minLength": 1,
            "description": "The environment variable (or .env key) to set.",
        },
        "required": {
            "type": "boolean",
            "description": "Whether the provider cannot work until it is set.",
        },
        "secret": {
            "type": "boolean",
            "description": "Whether the value is a credential; it is never published.",
        },
        "type": {"enum": ["string", "integer", "number", "boolean"]},
        "allowed_values": {
            "type": "array",
            "minItems": 1,
            "description": "The only values accepted, when the setting is a choice.",
        },
    },
}

#: JSON Schema of one record of :func:`provider_record`.
PROVIDER_RECORD_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": [
        "slug",
        "display_name",
        "category",
        "auth_type",
        "capabilities",
        "required_env_vars",
        "settings",
        "homepage_url",
        "enabled",
        "beta",
        "min_version",
        "health_check_url",
        "health_check_interval",
        "page",
    ],
    "additionalProperties": False,
    "properties": {
        "slug": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]*$",
            "description": "The provider's registry slug (the Provider enum value).",
        },
        "display_name": {"type": "string", "minLength": 1},
        "category": {"type": "string", "description": "A ProviderCategory value."},
        "auth_type": {"type": "string", "description": "A ProviderAuthType value."},
        "capabilities": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "uniqueItems": True,
            "description": "ProviderCapability values, in registry order.",
        },
        "required_env_vars": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "uniqueItems": True,
            "description": "Env vars that must be set before the provider can be built.",
        },
        "settings": {"type": "array", "items": _SETTING_SCHEMA},
        "homepage_url": {"type": ["string", "null"]},
        "enabled": {
            "type": "boolean",
            "description": "False: out of service (the registry's enabled, or DISABLED_PROVIDERS "
            "in the discovery API).",
        },
        "beta": {
            "type": "boolean",
            "description": "Works but may change (the registry's beta, or BETA_PROVIDERS).",
        },
        "min_version": {
            "type": ["string", "null"],
            "description": "The oldest Dashtam release (PEP 440) the integration runs on.",
        },
        "health_check_url": {
            "type": ["string", "null"],
            "description": "The endpoint health checks GET; null: nothing remote to check.",
        },
        "health_check_interval": {
            "type": "integer",
            "minimum": 1,
            "description": "Seconds between two health checks by the service.",
        },
        "page": {
            "type": "string",
            "description": "The provider's setup page, relative to the docs site's root.",
        },
    },
}

#: JSON Schema of :func:`providers_document` (``providers.json``).
PROVIDERS_DOCUMENT_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Dashtam providers",
    "description": (
        "Every provider in Dashtam's registry, in registry order, as published in "
        "providers.json and served by the discovery API."
    ),
    "type": "object",
    "required": ["schema_version", "providers"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "providers": {"type": "array", "items": PROVIDER_RECORD_SCHEMA},
    },
}

__all__ = [
    "PROVIDERS_DOCUMENT_SCHEMA",
    "PROVIDER_RECORD_SCHEMA",
    "SCHEMA_VERSION",
    "JsonType",
    "PageUrl",
    "provider_record",
    "provider_records",
    "providers_document",
    "setting_record",
    "setting_type",
]
