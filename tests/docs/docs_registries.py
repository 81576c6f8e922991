"""Registries for docs tests: hostile display names, any size, slugs from a runtime StrEnum.

Synthetic registries are built the way benchmarks build them: slugs are members of a
``StrEnum`` created at run time (or plain strings), categories, auth types and
capabilities are the real enum members, and every auth type that takes a setup
record gets one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from hypothesis import strategies as st

from dashtam.domain.providers import (
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    Provider,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    ProviderSetup,
    SampleFile,
)

SYNTAX_CHARS = st.sampled_from(list("|<>`*_[](){}#!\\&;:\u00a0 -=+.~^\"'$%@/?"))
#: Display names: any text validation accepts (no control, format or unassigned
#: characters: those are refused, see test_registry_inputs), syntax characters made
#: likely; not blank.
HOSTILE_NAMES = st.text(
    st.one_of(
        SYNTAX_CHARS,
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Zl", "Zp", "Co", "Cn")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda name: name.strip() != "")
#: Settings fields of the real model that registries may require.
REAL_SETTINGS = ("schwab_app_key", "schwab_app_secret")


def setup_for(auth_type: ProviderAuthType, name: str, index: int) -> ProviderSetup | None:
    """A setup record of the right kind, with ``name`` woven into its free-text fields.

    Scopes and header names are not free text (validation holds them to their
    syntax), so they carry fixed markup-laden values instead.
    """
    if auth_type is ProviderAuthType.OAUTH:
        return OAuthSetup(
            developer_portal_url=f"https://developer{index}.example",
            authorization_url=f"https://api{index}.example/oauth/authorize",
            token_url=f"https://api{index}.example/oauth/token",
            scopes=["read", "<scope>|`x`"],
            access_token_minutes=30,
            refresh_token_days=7,
        )
    if auth_type is ProviderAuthType.API_KEY:
        return ApiKeySetup(
            key_page_url=f"https://keys{index}.example/new",
            key_header="X-Key-Id",
            secret_header="X-Secret|`*`",
        )
    if auth_type is ProviderAuthType.FILE_IMPORT:
        return FileImportSetup(
            formats=[ImportFormat.CSV, ImportFormat.OFX],
            export_steps=[f"Open {name}.", "Download the file."],
            max_file_bytes=1024 * 1024,
            samples=[
                SampleFile(
                    name=f"{index}.csv",
                    format=ImportFormat.CSV,
                    content=f'Date,Description\n01/02/2026,"{name.replace(chr(34), "")}"\n',
                )
            ],
        )
    return None


def make_registry(
    names: list[str],
    categories: list[ProviderCategory],
    auth_types: list[ProviderAuthType],
    capabilities: list[list[ProviderCapability]],
    *,
    enum_slugs: bool = True,
) -> list[ProviderMetadata]:
    """Entries ``p0``, ``p1``, ... with the given fields (lists are cycled)."""
    slugs = [f"p{index}" for index in range(len(names))]
    members: list[str] = (
        list(StrEnum("DocsTestProvider", [(slug.upper(), slug) for slug in slugs]))  # type: ignore[misc]
        if enum_slugs and slugs
        else slugs
    )
    entries = []
    for index, (slug, name) in enumerate(zip(members, names, strict=True)):
        auth_type = auth_types[index % len(auth_types)]
        entries.append(
            ProviderMetadata(
                slug=cast(Provider, slug),
                display_name=name,
                category=categories[index % len(categories)],
                auth_type=auth_type,
                capabilities=capabilities[index % len(capabilities)],
                required_settings=list(REAL_SETTINGS[: index % 3]),
                homepage_url=f"https://www.p{index}.example",
                setup=setup_for(auth_type, name, index),
                # Flags and health checks vary with the position, so every mix occurs.
                enabled=index % 4 != 2,
                beta=index % 3 == 1,
                min_version="0.9.1" if index % 5 == 3 else None,
                health_check_url=f"https://status.p{index}.example/" if index % 2 else None,
                health_check_interval=60 * (index % 7 + 1),
            )
        )
    return entries


@st.composite
def registries(draw: st.DrawFn, *, max_size: int = 6) -> list[ProviderMetadata]:
    """Small registries with hostile display names and varied enums."""
    names = draw(st.lists(HOSTILE_NAMES, min_size=1, max_size=max_size))
    categories = draw(st.lists(st.sampled_from(list(ProviderCategory)), min_size=1, max_size=3))
    auth_types = draw(st.lists(st.sampled_from(list(ProviderAuthType)), min_size=1, max_size=3))
    capabilities = draw(
        st.lists(
            st.lists(
                st.sampled_from(list(ProviderCapability)), min_size=1, max_size=4, unique=True
            ),
            min_size=1,
            max_size=3,
        )
    )
    return make_registry(
        names, categories, auth_types, capabilities, enum_slugs=draw(st.booleans())
    )


def sized_registry(size: int) -> list[ProviderMetadata]:
    """A registry of ``size`` plain providers cycling through every enum member."""
    return make_registry(
        [f"Provider {index}" for index in range(size)],
        list(ProviderCategory),
        list(ProviderAuthType),
        [[capability] for capability in ProviderCapability],
    )
