"""What the docs may say about a settings field, read from the model class alone.

The model is never instantiated: reading the environment or a ``.env`` file while
building docs could put a real credential on a page. Defaults of secret fields are
not shown either, only whether one exists.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Final

import pydantic
from pydantic_core import PydanticUndefined

from dashtam.core.settings import env_var_name

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
    """

    name: str
    env_var: str
    description: str
    has_default: bool
    default: str | None
    default_note: str
    secret: bool
    defined: bool = True


def is_secret_annotation(annotation: object) -> bool:
    """Whether ``annotation`` is or contains a secret type (``SecretStr | None`` counts)."""
    if isinstance(annotation, type) and issubclass(annotation, _SECRET_TYPES):
        return True
    return any(is_secret_annotation(argument) for argument in typing.get_args(annotation))


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
    return SettingInfo(
        name=name,
        env_var=env_var_name(name, model),
        description=field.description or "",
        has_default=has_default,
        default=default,
        default_note=note,
        secret=secret,
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
