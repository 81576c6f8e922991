"""Registry text reaches the docs only if validation passed it, and then it is inert.

Every registry input the hardening issue found harmful (a slug too long for a file
name, a ``max_file_bytes`` of ``None``, a blank or spoofing name, a ``javascript:``
homepage, a setup record of the wrong kind) stops the build with the named problem,
before any page or ``providers.json`` exists. The property: any text at all in any
field is either refused that way or rendered exactly and inertly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from docs_registries import make_registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_renderer import assert_site

from dashtam.core.settings import Settings
from dashtam.docs import render_site
from dashtam.docs.errors import DocsBuildError
from dashtam.docs.model import PAGE_FIELDS
from dashtam.domain.providers import (
    ApiKeySetup,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    validate_registry,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _registry(auth_type: ProviderAuthType = ProviderAuthType.FILE_IMPORT) -> list[ProviderMetadata]:
    return make_registry(
        ["Plain Bank"], [ProviderCategory.BANK], [auth_type], [[ProviderCapability.ACCOUNTS]]
    )


def _with(auth_type: ProviderAuthType, **changes: Any) -> list[ProviderMetadata]:
    [entry] = _registry(auth_type)
    setup_changes = {key[6:]: value for key, value in changes.items() if key.startswith("setup_")}
    entry_changes = {key: value for key, value in changes.items() if not key.startswith("setup_")}
    if setup_changes:
        entry_changes["setup"] = replace(entry.setup, **setup_changes)  # type: ignore[type-var]
    return [replace(entry, **entry_changes)]


ISSUE_CASES = {
    "300-character slug": (_with(ProviderAuthType.API_KEY, slug="p" * 300), "slug"),
    "max_file_bytes None": (
        _with(ProviderAuthType.FILE_IMPORT, setup_max_file_bytes=None),
        "setup.max_file_bytes",
    ),
    "blank display name": (_with(ProviderAuthType.API_KEY, display_name="   "), "display_name"),
    "OAuth entry with ApiKeySetup": (
        _with(
            ProviderAuthType.OAUTH,
            setup=ApiKeySetup(key_page_url="https://k.example", key_header="K", secret_header="S"),
        ),
        "setup",
    ),
    "javascript: homepage": (
        _with(ProviderAuthType.API_KEY, homepage_url="javascript:alert(1)"),
        "homepage_url",
    ),
    "data: homepage": (
        _with(ProviderAuthType.API_KEY, homepage_url="data:text/html,<script>x</script>"),
        "homepage_url",
    ),
    "U+202E in the name": (
        _with(ProviderAuthType.API_KEY, display_name="Chase\u202eesahC"),
        "display_name",
    ),
    "user:pass@ homepage": (
        _with(ProviderAuthType.API_KEY, homepage_url="https://user:pass@bank.example/"),
        "homepage_url",
    ),
    "100,000-character name": (
        _with(ProviderAuthType.API_KEY, display_name="N" * 100_000),
        "display_name",
    ),
}


@pytest.mark.parametrize("case", list(ISSUE_CASES))
def test_each_harmful_registry_input_stops_the_build_with_its_named_problem(case: str) -> None:
    registry, field = ISSUE_CASES[case]
    slugs = [str(entry.slug) for entry in registry]
    [problem] = validate_registry(registry, declared_slugs=slugs)

    with pytest.raises(DocsBuildError) as caught:
        render_site(registry, Settings)  # providers.json included: nothing is published

    assert problem.field == field
    assert str(problem) in str(caught.value)


#: Text validation accepts, markup characters likely; drawn as often as any text at all.
SHOWN_TEXT = st.text(
    st.one_of(
        st.sampled_from(list("|<>`*_[](){}#!\\&;:-=+.~^\"'$%@/?")),
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Zl", "Zp", "Co", "Cn")),
    ),
    min_size=1,
    max_size=40,
).filter(str.strip)
ANY_TEXT = st.one_of(SHOWN_TEXT, st.text(st.characters(codec="utf-8"), max_size=40))
URLS = st.one_of(
    ANY_TEXT,
    st.builds(
        lambda rest: f"https://bank.example/{rest}",
        st.text(st.sampled_from(list("abc019-._~:/?#@!$&'()*+,;=%")), max_size=20),
    ),
    st.builds(lambda rest: f"https://{rest}", ANY_TEXT),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "data:text/html,<b>x</b>",
            "https://user:pass@bank.example/",
            "https://127.0.0.1/",
            "https://bank.example/?q=<script>alert(1)</script>",
            "https://bank.example/a|b`c`",
            "https://bank.example/?q=alert('x')&r=[a](b)",
            "HTTP://bank.example/",
            "https://{/",
        ]
    ),
)


@st.composite
def hostile_inputs(draw: st.DrawFn) -> list[ProviderMetadata]:
    """One entry of any auth type whose name, homepage and setup text are anything at all."""
    auth_type = draw(st.sampled_from(list(ProviderAuthType)))
    changes: dict[str, Any] = {
        "display_name": draw(ANY_TEXT),
        "homepage_url": draw(st.one_of(st.none(), URLS)),
    }
    if auth_type is ProviderAuthType.OAUTH:
        changes["setup_token_url"] = draw(URLS)
        changes["setup_scopes"] = draw(st.lists(st.one_of(ANY_TEXT, st.just("read")), max_size=2))
    elif auth_type is ProviderAuthType.API_KEY:
        changes["setup_key_header"] = draw(st.one_of(ANY_TEXT, st.just("X-Key|`*`")))
        changes["setup_key_page_url"] = draw(URLS)
    elif auth_type is ProviderAuthType.FILE_IMPORT:
        changes["setup_export_steps"] = draw(st.lists(ANY_TEXT, max_size=2))
        changes["setup_max_file_bytes"] = draw(
            st.one_of(
                st.integers(1, 2**20), st.none(), st.integers(), st.text(max_size=3), st.booleans()
            )
        )
    return _with(auth_type, **changes)


@PROPERTY
@given(hostile_inputs())
def test_any_registry_text_is_refused_with_a_named_problem_or_rendered_inert(
    registry: list[ProviderMetadata],
) -> None:
    slugs = [str(entry.slug) for entry in registry]
    problems = validate_registry(registry, declared_slugs=slugs)
    for problem in problems:
        assert problem.provider == "p0"
        assert problem.field
        assert problem.fix
    refused = [problem for problem in problems if problem.field.partition(".")[0] in PAGE_FIELDS]

    if refused:
        with pytest.raises(DocsBuildError) as caught:
            render_site(registry, Settings)
        for problem in refused:
            assert str(problem) in str(caught.value)
    else:
        assert_site(render_site(registry, Settings), registry)
