"""Validator ``container``: every entry has an implementation the container can build.

- ``implementation_class(slug)`` has a case for it (else ``get_provider`` raises and
  the provider cannot be built);
- the class says which entry it implements (``slug``);
- its constructor takes exactly what the container passes (see
  :func:`~dashtam.core.container.providers.constructor_keywords`), with ``config``
  typed as the entry's schema and ``setup`` as its setup record;
- an OAuth entry's class has the OAuth flow's three methods.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Iterator
from typing import Final

from dashtam.core.check.inputs import (
    CONTAINER_MODULE,
    ENUMS_MODULE,
    CheckInputs,
    member_problems,
    source_path,
)
from dashtam.core.check.model import Problem
from dashtam.domain.providers.config import ProviderConfig
from dashtam.domain.providers.enums import ProviderAuthType
from dashtam.domain.providers.metadata import ProviderMetadata

NAME: Final = "container"

#: Why the container passes each keyword, for messages.
_WHY: Final = {
    "config": "every provider gets its validated config object",
    "settings": "an entry without config_schema is built from the whole Settings",
    "setup": "the entry has a setup record",
    "http": "its config schema includes HttpClientConfig",
    "redirect_uri": "its config schema includes OAuthRedirectConfig",
}
_OAUTH_METHODS: Final = ("authorization_url", "exchange_code", "refresh_tokens")


def implementation_of(inputs: CheckInputs, entry: ProviderMetadata) -> type | None:
    """The entry's class, or ``None`` if there is none (this validator reports why)."""
    if inputs.implementations is None:
        return None
    try:
        found = inputs.implementations(str(entry.slug))
    except Exception:
        return None
    return found if isinstance(found, type) else None


def validate(inputs: CheckInputs) -> Iterator[Problem]:
    """Every entry the container cannot build, or builds with the wrong arguments."""
    if inputs.registry is None or inputs.implementations is None:
        return
    from dashtam.core.container.errors import UnimplementedProviderError
    from dashtam.core.container.providers import constructor_keywords
    from dashtam.domain.providers.enums import Provider

    container = source_path(CONTAINER_MODULE)
    reported_members: set[str] = set()
    for entry in inputs.registry:
        slug = str(entry.slug)
        try:
            implementation = inputs.implementations(slug)
        except UnimplementedProviderError:
            yield _problem(
                slug,
                "implementation",
                "has no implementation: implementation_class() has no case for it, so "
                "get_provider() raises and the provider cannot be built.",
                f"Add `case Provider.{slug.upper()}:` to implementation_class() in {container}, "
                f"importing and returning the class from "
                f"dashtam.infrastructure.providers.{slug}.",
            )
            continue
        except AttributeError as error:
            if getattr(error, "obj", None) is Provider:
                found = member_problems(error, CONTAINER_MODULE, Provider, NAME)
                for problem in found:
                    if problem.problem not in reported_members:
                        reported_members.add(problem.problem)
                        yield problem
                continue
            yield _crashed(slug, error, container)
            continue
        except Exception as error:
            yield _crashed(slug, error, container)
            continue
        if not isinstance(implementation, type):
            yield _problem(
                slug,
                "implementation",
                f"implementation_class() returns {implementation!r}, not a class.",
                f"Return the implementation class itself from its case in {container}.",
            )
            continue
        yield from _slug(entry, implementation, inputs)
        yield from _constructor(entry, implementation, constructor_keywords(entry))
        yield from _oauth_flow(entry, implementation)


def _problem(slug: str, field: str, problem: str, fix: str) -> Problem:
    return Problem(provider=slug, check=NAME, field=field, problem=problem, fix=fix)


def _crashed(slug: str, error: Exception, container: str) -> Problem:
    return _problem(
        slug,
        "implementation",
        f"implementation_class() raised {type(error).__name__}: {error}",
        f"Fix its case in {container} and the module it imports, so that "
        f"`python -c 'from dashtam.core.container import implementation_class; "
        f'implementation_class("{slug}")\'` succeeds.',
    )


def _slug(entry: ProviderMetadata, implementation: type, inputs: CheckInputs) -> Iterator[Problem]:
    slug = str(entry.slug)
    declared = getattr(implementation, "slug", None)
    enums = source_path(ENUMS_MODULE)
    if declared is None:
        yield _problem(
            slug,
            "slug",
            f"{implementation.__name__} has no slug attribute, so it does not satisfy "
            f"ProviderProtocol.",
            f"Add `slug: Final = Provider.{slug.upper()}` to {implementation.__name__} "
            f"(Provider is in {enums}).",
        )
    elif str(declared) != slug:
        yield _problem(
            slug,
            "slug",
            f"{implementation.__name__}.slug is {str(declared)!r}, but implementation_class() "
            f"returns it for {slug!r}.",
            f"Set `slug: Final = Provider.{slug.upper()}` on {implementation.__name__}, or "
            f"return the class that implements {slug!r} from its case in implementation_class().",
        )


def _constructor(
    entry: ProviderMetadata, implementation: type, keywords: tuple[str, ...]
) -> Iterator[Problem]:
    slug = str(entry.slug)
    name = implementation.__name__
    try:
        signature = inspect.signature(implementation)
    except (TypeError, ValueError):
        return
    parameters = signature.parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    for keyword in keywords:
        parameter = parameters.get(keyword)
        accepted = parameter is not None and parameter.kind in (
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        )
        if not accepted and not takes_any:
            yield _problem(
                slug,
                "constructor",
                f"{name}() does not take the keyword `{keyword}`, which the container passes "
                f"because {_WHY[keyword]}; building it raises TypeError.",
                f"Add the keyword-only parameter `{keyword}` to {name}.__init__ (see "
                f"constructor_keywords() in the container for what each one is).",
            )
    for parameter in parameters.values():
        needs_value = parameter.default is inspect.Parameter.empty and parameter.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        )
        if needs_value and parameter.name not in keywords:
            yield _problem(
                slug,
                "constructor",
                f"{name}() requires `{parameter.name}`, which the container never passes; "
                f"it passes only {', '.join(keywords)}.",
                f"Give `{parameter.name}` a default, or read it from the config object "
                f"(add it to the entry's config schema).",
            )
    from dashtam.domain.providers.validation import SETUP_TYPES

    hints = _hints(implementation)
    # Annotations are compared only with a sound entry: the registry and config
    # checks already report a wrong schema or setup record.
    schema = entry.config_schema
    sound_schema = isinstance(schema, type) and issubclass(schema, ProviderConfig)
    setup_type = SETUP_TYPES.get(entry.auth_type)
    sound_setup = setup_type is not None and isinstance(entry.setup, setup_type)
    expected = {
        "config": schema if sound_schema else None,
        "setup": setup_type if sound_setup else None,
    }
    for keyword, value_type in expected.items():
        hint = hints.get(keyword)
        if (
            keyword in keywords
            and hint is not None
            and value_type is not None
            and not _accepts(hint, value_type)
        ):
            yield _problem(
                slug,
                "constructor",
                f"{name}() annotates `{keyword}` as {_text(hint)}, but the container "
                f"passes a {value_type.__name__} (the entry's "
                f"{'config_schema' if keyword == 'config' else 'setup record'}).",
                f"Annotate it `{keyword}: {value_type.__name__}`, or fix the entry.",
            )


def _oauth_flow(entry: ProviderMetadata, implementation: type) -> Iterator[Problem]:
    if entry.auth_type is not ProviderAuthType.OAUTH:
        return
    lacking = [
        method for method in _OAUTH_METHODS if not callable(getattr(implementation, method, None))
    ]
    if lacking:
        yield _problem(
            str(entry.slug),
            "oauth",
            f"auth_type is OAuth, but {implementation.__name__} lacks {', '.join(lacking)}, so "
            f"get_oauth_provider() refuses it and its callback route cannot complete.",
            f"Implement OAuthProviderProtocol (authorization_url, exchange_code, refresh_tokens) "
            f"on {implementation.__name__}, or change the entry's auth_type.",
        )


def _hints(implementation: type) -> dict[str, object]:
    try:
        return typing.get_type_hints(vars(implementation).get("__init__") or implementation)
    except Exception:
        return {}


def _accepts(hint: object, value_type: type) -> bool:
    """Whether a parameter annotated ``hint`` accepts a ``value_type``; unknown hints do."""
    if isinstance(hint, type):
        try:
            return issubclass(value_type, hint)
        except TypeError:
            return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_accepts(argument, value_type) for argument in typing.get_args(hint))
    return True


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "AEIOU" else "a ") + noun


def _text(hint: object) -> str:
    return hint.__name__ if isinstance(hint, type) else repr(hint).replace("typing.", "")
