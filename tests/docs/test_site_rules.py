"""What render_site refuses, what it hides, and how it keeps the navigation small.

Problems are reported all at once, each naming what is wrong, where, and the fix;
secrets and the environment never reach a page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path

import pydantic
import pytest
from docs_markdown import parse
from docs_registries import make_registry, sized_registry
from hypothesis import given
from hypothesis import strategies as st
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashtam.core.settings import Settings
from dashtam.docs import (
    NAV_PROVIDER_LIMIT,
    SUMMARY,
    DocsBuildError,
    build_site_model,
    load_handwritten,
    provider_page,
    render_site,
)
from dashtam.docs.api_reference import API_REFERENCE
from dashtam.docs.links import link
from dashtam.docs.nav import NavItem, site_nav
from dashtam.docs.settings_facts import describe_setting, is_secret_annotation
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    REGISTRY_SOURCE,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    validate_registry,
)

#: The registered slugs as orphan-prose errors list them.
REGISTERED = ", ".join(str(entry.slug) for entry in PROVIDER_REGISTRY)


REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"


def problems_of(error: pytest.ExceptionInfo[DocsBuildError]) -> list[str]:
    return list(error.value.problems)


def test_orphan_prose_fails_naming_the_file_the_slug_and_the_registered_slugs() -> None:
    with pytest.raises(DocsBuildError) as error:
        render_site(
            PROVIDER_REGISTRY, Settings, prose={"unregistered_example": "## Hi\n", "schwab": "ok"}
        )
    [problem] = problems_of(error)
    assert "providers/_prose/unregistered_example.md" in problem
    assert "'unregistered_example'" in problem
    assert "not in the registry" in problem
    assert f"Registered slugs: {REGISTERED}" in problem
    assert "Rename the file" in problem
    assert "providers/_prose/unregistered_example.md" in str(error.value)


def test_every_problem_is_reported_at_once() -> None:
    registry = make_registry(
        ["Good", "Bad slug", "Dup", "Dup again"],
        [ProviderCategory.BANK],
        [ProviderAuthType.API_KEY],
        [[ProviderCapability.ACCOUNTS]],
        enum_slugs=False,
    )
    registry[1] = replace(registry[1], slug="Bad Slug!")
    registry[3] = replace(registry[3], slug="p2")
    registry[0] = replace(registry[0], required_settings=["nope_key"])
    with pytest.raises(DocsBuildError) as error:
        render_site(
            registry,
            Settings,
            prose={"ghost": "x"},
            provider_settings={"phantom": ["schwab_app_key"]},
            handwritten={"index.md": "<!-- dashtam:no-such-marker -->\n"},
        )
    problems = problems_of(error)
    assert len(problems) == 6, problems
    joined = "\n".join(problems)
    assert "'Bad Slug!' cannot be used as a page name" in joined
    assert "[p2] slug: is registered 2 times (entries #3, #4)" in joined
    assert "'nope_key', which is not a field of Settings" in joined
    assert "src/dashtam/core/settings.py" in joined
    assert "providers/_prose/ghost.md" in joined
    assert "provider_settings names provider 'phantom'" in joined
    assert "<!-- dashtam:no-such-marker -->" in joined
    assert "index.md" in joined
    assert str(error.value).startswith("The documentation site cannot be generated (6 problem(s))")


def test_reserved_slugs_are_refused() -> None:
    registry = make_registry(
        ["A", "B"],
        [ProviderCategory.BANK],
        [ProviderAuthType.API_KEY],
        [[ProviderCapability.ACCOUNTS]],
        enum_slugs=False,
    )
    registry[0] = replace(registry[0], slug="index")
    registry[1] = replace(registry[1], slug="statistics")
    with pytest.raises(DocsBuildError) as error:
        render_site(registry, Settings)
    assert [problem.split(" would")[0] for problem in problems_of(error)] == [
        "Provider slug 'index'",
        "Provider slug 'statistics'",
    ]


def test_values_that_are_not_enum_members_are_refused() -> None:
    [entry] = make_registry(
        ["A"], [ProviderCategory.BANK], [ProviderAuthType.API_KEY], [[ProviderCapability.ACCOUNTS]]
    )
    broken = replace(entry, category="bank", auth_type="oauth", capabilities=["accounts"])
    with pytest.raises(DocsBuildError) as error:
        render_site([broken], Settings)
    assert len(problems_of(error)) == 3
    assert "ProviderCategory.BANK" in problems_of(error)[0]


def test_the_registry_rules_pages_need_are_the_domains_own() -> None:
    """Duplicate slugs, names, enum fields and capabilities: validate_registry's words, once."""
    registry = make_registry(
        ["A", "B", "C", "D"],
        [ProviderCategory.BANK],
        [ProviderAuthType.API_KEY],
        [[ProviderCapability.ACCOUNTS]],
        enum_slugs=False,
    )
    registry[0] = replace(registry[0], display_name=" ", capabilities=[])
    registry[1] = replace(registry[1], capabilities=[ProviderCapability.HOLDINGS] * 2)
    registry[2] = replace(registry[2], category="bank", required_settings=["Not A Name"])
    registry[3] = replace(registry[3], slug="p0")
    slugs = [str(entry.slug) for entry in registry]
    domain = validate_registry(registry, declared_slugs=slugs)
    assert {problem.field for problem in domain} == {
        "slug",
        "display_name",
        "capabilities",
        "category",
        "required_settings",
    }
    with pytest.raises(DocsBuildError) as error:
        render_site(registry, Settings, allow_unknown_settings=True)
    assert problems_of(error) == [
        str(problem) for problem in domain if problem.field != "required_settings"
    ]


def test_unknown_settings_can_be_shown_as_such_for_synthetic_registries() -> None:
    [entry] = make_registry(
        ["Synthetic"],
        [ProviderCategory.BANK],
        [ProviderAuthType.OAUTH],
        [[ProviderCapability.ACCOUNTS]],
    )
    entry = replace(entry, required_settings=["p0_client_id"])
    page = render_site([entry], Settings, allow_unknown_settings=True)[provider_page("p0")]
    [row] = next(t for t in parse(page).tables if t.header_texts[0] == "Env var").as_dicts()
    assert row["Env var"].text == "P0_CLIENT_ID"
    assert "Not a field of the settings model" in row["Description"].text
    assert row["Secret"].text == "unknown"


class HiddenDefaults(BaseSettings):
    """A model whose secret has a default that must never be printed."""

    model_config = SettingsConfigDict(env_prefix="DT_")

    token: SecretStr = Field(default=SecretStr("hunter2-default"), description="A token.")
    maybe: SecretStr | None = Field(default=None, description="Maybe a secret.")
    port: int = Field(default=8000, description="A port.")
    aliased: str = Field(
        default="x", validation_alias="REAL_NAME", description="Read from another name."
    )
    choices: str = Field(
        default="y", validation_alias=AliasChoices("A", "B"), description="Several names."
    )
    computed: list[str] = Field(default_factory=list, description="Built at startup.")
    needed: str = Field(description="No default.")


def test_settings_facts_come_from_the_model_and_secrets_stay_hidden() -> None:
    facts = {name: describe_setting(HiddenDefaults, name) for name in HiddenDefaults.model_fields}
    assert {name: info.env_var for name, info in facts.items() if info} == {
        "token": "DT_TOKEN",
        "maybe": "DT_MAYBE",
        "port": "DT_PORT",
        "aliased": "REAL_NAME",
        "choices": "DT_CHOICES",
        "computed": "DT_COMPUTED",
        "needed": "DT_NEEDED",
    }
    secret = facts["token"]
    assert secret is not None
    assert secret.secret
    assert secret.default is None
    assert secret.default_note == "set (value hidden)"
    port = facts["port"]
    assert port is not None
    assert not port.secret
    assert port.default == "8000"
    computed = facts["computed"]
    assert computed is not None
    assert computed.default_note == "computed at startup"
    needed = facts["needed"]
    assert needed is not None
    assert not needed.has_default
    assert describe_setting(HiddenDefaults, "absent") is None


def test_secret_defaults_are_never_rendered() -> None:
    [entry] = make_registry(
        ["Hidden"],
        [ProviderCategory.BANK],
        [ProviderAuthType.OAUTH],
        [[ProviderCapability.ACCOUNTS]],
    )
    entry = replace(entry, required_settings=["token"])
    pages = render_site(
        [entry], HiddenDefaults, provider_settings={"p0": ["maybe", "port", "needed"]}
    )
    assert not any("hunter2" in page for page in pages.values())
    rows = [t for t in parse(pages[provider_page("p0")]).tables if t.header_texts[0] == "Env var"]
    table = {row["Env var"].text: row for row in rows[0].as_dicts()}
    assert table["DT_TOKEN"]["Default"].text == "set (value hidden)"
    assert table["DT_TOKEN"]["Secret"].text == "yes"
    assert table["DT_MAYBE"]["Required"].text == "no"
    assert table["DT_PORT"]["Default"].text == "8000"
    assert table["DT_NEEDED"]["Required"].text == "yes"


@pytest.mark.parametrize(
    ("annotation", "secret"),
    [
        (SecretStr, True),
        (SecretStr | None, True),
        (pydantic.SecretBytes, True),
        (list[SecretStr], True),
        (str, False),
        (str | None, False),
        (int, False),
    ],
)
def test_secret_detection_looks_inside_annotations(annotation: object, secret: bool) -> None:
    assert is_secret_annotation(annotation) is secret


def test_real_settings_credentials_are_marked_secret_on_the_page() -> None:
    page = render_site(PROVIDER_REGISTRY, Settings)[provider_page("schwab")]
    rows = next(t for t in parse(page).tables if t.header_texts[0] == "Env var").as_dicts()
    assert {row["Env var"].text: row["Secret"].text for row in rows} == {
        "SCHWAB_APP_KEY": "yes",
        "SCHWAB_APP_SECRET": "yes",
    }


def nav_links(summary: str) -> list[str]:
    return [href for _, href in parse(summary).all_links()]


def test_small_registries_list_every_provider_page_in_the_nav() -> None:
    registry = sized_registry(NAV_PROVIDER_LIMIT)
    links = nav_links(render_site(registry, Settings)[SUMMARY])
    provider_links = [link for link in links if re.fullmatch(r"providers/p\d+\.md", link)]
    # Under their category, categories in enum order, by display name within each.
    assert provider_links == [
        provider_page(str(entry.slug))
        for category in ProviderCategory
        for entry in sorted(registry, key=lambda entry: entry.display_name.casefold())
        if entry.category is category
    ]
    assert len(provider_links) == NAV_PROVIDER_LIMIT


def test_large_registries_keep_every_provider_in_the_nav_in_bounded_sections() -> None:
    registry = sized_registry(1200)
    site = build_site_model(registry, Settings)
    links = nav_links(render_site(registry, Settings)[SUMMARY])
    provider_links = [link for link in links if re.fullmatch(r"providers/p\d+\.md", link)]
    # Pruned, not dropped: every provider page is in the nav exactly once.
    assert sorted(provider_links) == sorted(provider_page(str(e.slug)) for e in registry)
    assert "providers/index.md" in links
    assert all(f"providers/category/{c.value}.md" in links for c in ProviderCategory)

    def widest(items: tuple[NavItem, ...]) -> int:
        return max([len(items), *(widest(item.children) for item in items if item.children)])

    assert widest(site_nav(site)) <= NAV_PROVIDER_LIMIT
    # A category of more than NAV_PROVIDER_LIMIT providers is split into named runs.
    [by_category] = [item for item in site_nav(site)[-1].children if item.title == "By category"]
    for category in by_category.children:
        runs = category.children
        assert len(runs) == -(
            -len(
                site.by_category()[
                    ProviderCategory(category.page.split("/")[-1].removesuffix(".md"))
                ]
            )
            // NAV_PROVIDER_LIMIT
        )
        assert all(
            run.title == f"{run.children[0].title} to {run.children[-1].title}" for run in runs
        )


def test_nav_lists_the_handwritten_pages_that_exist() -> None:
    links = nav_links(render_site(PROVIDER_REGISTRY, Settings)[SUMMARY])
    generated = [link for link in links if link.startswith("providers/") or link == API_REFERENCE]
    handwritten = [link for link in links if link not in generated]
    assert handwritten == [
        "index.md",
        "architecture/registry.md",
        "guides/adding-providers.md",
        "reference/providers.md",
    ]
    assert all((DOCS_DIR / link).is_file() for link in handwritten)


def test_markers_in_handwritten_pages_are_replaced_with_generated_counts() -> None:
    handwritten = load_handwritten(DOCS_DIR)
    pages = render_site(PROVIDER_REGISTRY, Settings, handwritten=handwritten)
    home = pages["index.md"]
    assert "<!-- dashtam:" not in home
    assert f"Dashtam integrates **{len(PROVIDER_REGISTRY)} providers**" in home
    links = [href for _, href in parse(home).all_links()]
    assert "providers/category/brokerage.md" in links
    assert "providers/index.md" in links
    assert "guides/adding-providers.md" not in pages, "pages without markers are not rewritten"


def test_handwritten_pages_copy_no_registry_facts() -> None:
    """Counts and provider lists are generated; a hand-written page must not type them."""
    for path, text in load_handwritten(DOCS_DIR).items():
        for entry in PROVIDER_REGISTRY:
            assert entry.display_name not in text, f"{path} names {entry.display_name!r} by hand"
        assert not re.search(r"\b\d+\s+providers?\b", text, re.IGNORECASE), path


def test_registry_source_is_where_pages_say_facts_come_from() -> None:
    catalogue = render_site(PROVIDER_REGISTRY, Settings)["providers/index.md"]
    assert REGISTRY_SOURCE in catalogue
    assert (REPO_ROOT / REGISTRY_SOURCE).is_file()


# Page paths as the site has them: folders, then a file name.
PAGE_PATHS = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(["providers", "category", "a", "b"]), max_size=3),
    st.sampled_from(["index.md", "x.md", "a.md", "providers.json"]),
)


@given(PAGE_PATHS, PAGE_PATHS)
def test_links_between_pages_are_what_relpath_says(from_page: str, to_page: str) -> None:
    expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    assert link(from_page, to_page) == expected
    assert link(from_page, to_page, "setup") == f"{expected}#setup"
