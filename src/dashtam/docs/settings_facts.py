"""Which settings each provider reads, and what the docs may say about each one.

The one module that knows where settings facts come from: the settings model's fields,
read from the class alone (never instantiated, so no environment or ``.env`` value can
reach a page), and each entry's config schema. Secret defaults are never shown.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import pydantic
from pydantic_core import PydanticUndefined

from dashtam.core.discovery import setting_type
from dashtam.core.settings import env_var_name
from dashtam.domain.providers import REGISTRY_SOURCE, ProviderMetadata
from dashtam.domain.providers.validation import SETTINGS_SOURCE

#: The settings field whose value prefixes OAuth redirect URIs, when the model has one.
PUBLIC_BASE_URL_FIELD: Final = "public_base_url"
#: The base URL shown when the settings model has no public base URL field.
LOCAL_BASE_URL: Final = "http://localhost:8000"

_SECRET_TYPES: Final = (pydantic.SecretStr, pydantic.SecretBytes)


@dataclass(frozen=True, kw_only=True)
class SettingInfo:
    """One settings field as the setup pages print it.

    Attributes:
        name: The field name, as the registry's ``required_settings`` spell it.
        env_var: The environment variable it is read from.
        description: The field's description ("" when it has none).
        has_default: Whether the field has a default, so may be left unset.
        default: The default as text, for non-secret fields with a plain default;
            ``None`` when there is none, it is secret, or it is computed at startup.
        default_note: The default as the page describes it: the value itself, or
            "none", "none (must be set)", "set (value hidden)", "computed at startup".
        secret: The annotation involves ``SecretStr``/``SecretBytes``.
        defined: Whether the settings model has this field at all (synthetic
            registries name settings no model defines; see :func:`undefined_setting`).
        value_type: The value's JSON type (``string``, ``integer``, ``number``,
            ``boolean``), as ``providers.json`` gives it; "" when the field is undefined.
        allowed_values: The only values accepted, when the type is a choice.
    """

    name: str
    env_var: str
    description: str
    has_default: bool
    default: str | None
    default_note: str
    secret: bool
    defined: bool = True
    value_type: str = ""
    allowed_values: tuple[str, ...] = ()


def is_secret_annotation(annotation: object) -> bool:
    """Whether ``annotation`` is or contains a secret type (``SecretStr | None`` counts)."""
    if isinstance(annotation, type) and issubclass(annotation, _SECRET_TYPES):
        return True
    return any(is_secret_annotation(argument) for argument in typing.get_args(annotation))


@functools.lru_cache(maxsize=16384)
def describe_setting(model: type[pydantic.BaseModel], name: str) -> SettingInfo | None:
    """The :class:`SettingInfo` for field ``name`` of ``model``, or ``None`` if there is none."""
    field = model.model_fields.get(name)
    if field is None:
        return None
    secret = is_secret_annotation(field.annotation)
    has_default = field.default is not PydanticUndefined or field.default_factory is not None
    default: str | None = None
    if field.default_factory is not None:
        note = "computed at startup"
    elif field.default is PydanticUndefined:
        note = "none (must be set)"
    elif field.default is None:
        note = "none"
    elif secret:
        note = "set (value hidden)"
    else:
        default = str(field.default)
        note = default
    value_type, allowed = setting_type(field.annotation)
    return SettingInfo(
        name=name,
        env_var=env_var_name(name, model),
        description=field.description or "",
        has_default=has_default,
        default=default,
        default_note=note,
        secret=secret,
        value_type=value_type,
        allowed_values=tuple(str(value) for value in allowed),
    )


def undefined_setting(name: str) -> SettingInfo:
    """A setting the model lacks, shown as such instead of with invented facts."""
    return SettingInfo(
        name=name,
        env_var=env_var_name(name),
        description="",
        has_default=False,
        default=None,
        default_note="unknown (not a settings field)",
        secret=False,
        defined=False,
    )


def public_base_url(model: type[pydantic.BaseModel]) -> SettingInfo | None:
    """The public base URL setting, if the model defines one."""
    return describe_setting(model, PUBLIC_BASE_URL_FIELD)


def settings_read_per_provider() -> dict[str, tuple[str, ...]]:
    """Slug -> every settings field its implementation reads: its config schema's fields."""
    from dashtam.domain.providers import PROVIDER_REGISTRY
    from dashtam.domain.providers.config import settings_read_by

    return {str(entry.slug): settings_read_by(entry) for entry in PROVIDER_REGISTRY}


def settings_of(
    entry: ProviderMetadata,
    read: Iterable[str],
    model: type[pydantic.BaseModel],
    *,
    allow_unknown: bool = False,
) -> tuple[tuple[SettingInfo, ...], list[str]]:
    """Each setting ``entry`` requires or its implementation ``read``s, and what is missing.

    Returns the settings as the setup page lists them, and one problem for each that the
    model lacks (none when ``allow_unknown``: such settings are shown as unknown instead).
    """
    infos: list[SettingInfo] = []
    problems: list[str] = []
    for name in dict.fromkeys([*entry.required_settings, *read]):
        info = describe_setting(model, name)
        if info is None and allow_unknown:
            infos.append(undefined_setting(name))
        elif info is None:
            problems.append(
                f"Provider {str(entry.slug)!r} reads the setting {name!r}, which is not a field "
                f"of {model.__name__}. Add a field `{name}` with a description to "
                f"{model.__name__} ({SETTINGS_SOURCE}), or fix the name in the entry's "
                f"required_settings in {REGISTRY_SOURCE}."
            )
        else:
            infos.append(info)
    return tuple(infos), problems
