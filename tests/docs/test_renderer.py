"""The renderer's pages, parsed back with a real Markdown parser, say what the registry says.

Every check runs on the real registry and on hypothesis-generated registries whose
display names (and setup texts) are hostile: ``|``, ``<script>``, backticks, ``*``,
newlines, unicode. "Says" means: the parsed text equals ``visible_text`` of the
registry string (see ``dashtam.docs.escape``), and no raw HTML appears.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from urllib.parse import unquote

import jsonschema
from docs_markdown import Document, Table, parse, unsafe_html
from docs_registries import registries
from hypothesis import HealthCheck, given, settings

from dashtam.core.discovery import SCHEMA_VERSION, setting_type
from dashtam.core.settings import Settings, env_var_name
from dashtam.docs import (
    CATALOGUE,
    PROVIDERS_JSON,
    PROVIDERS_SCHEMA,
    STATISTICS,
    auth_type_page,
    category_page,
    provider_page,
    render_site,
    visible_text,
)
from dashtam.docs.escape import one_line
from dashtam.domain.providers import (
    PROVIDER_REGISTRY,
    ApiKeySetup,
    FileImportSetup,
    ImportFormat,
    OAuthSetup,
    ProviderAuthType,
    ProviderCapability,
    ProviderCategory,
    ProviderMetadata,
    get_statistics,
)

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shown_block(content: str) -> str:
    """A code block's content as rendered: visible text, LF line ends, final newline."""
    shown = visible_text(content).replace("\r\n", "\n").replace("\r", "\n")
    return shown if shown.endswith("\n") else shown + "\n"


def base_url_default() -> str:
    field = Settings.model_fields.get("public_base_url")
    return str(field.default) if field is not None else "http://localhost:8000"


def badge_words(entry: ProviderMetadata) -> list[str]:
    """The badges a page must show for ``entry``, written out here, not imported."""
    words = ["Disabled"] if not entry.enabled else []
    words += ["Beta"] if entry.beta else []
    words += [f"Requires Dashtam ≥ {entry.min_version}"] if entry.min_version else []
    return words


def named_with_badges(entry: ProviderMetadata) -> str:
    return " ".join([visible_text(entry.display_name), *badge_words(entry)])


def table_with(document: Document, first_header: str, *, last: bool = False) -> Table:
    found = [table for table in document.tables if table.header_texts[0] == first_header]
    assert found, f"no table starting with {first_header!r}"
    return found[-1] if last else found[0]


def assert_catalogue(pages: Mapping[str, str], registry: Sequence[ProviderMetadata]) -> None:
    document = parse(pages[CATALOGUE])
    assert document.raw_html() == []
    assert unsafe_html(document) == []
    rows = table_with(document, "Provider").as_dicts()
    assert len(rows) == len(registry)
    for row, entry in zip(rows, registry, strict=True):
        slug = str(entry.slug)
        assert row["Provider"].text == named_with_badges(entry)
        assert row["Provider"].links == [(visible_text(entry.display_name), f"{slug}.md")]
        assert row["Category"].links == [
            (entry.category.label, f"category/{entry.category.value}.md")
        ]
        assert row["Auth type"].links == [
            (entry.auth_type.label, f"auth-type/{entry.auth_type.value}.md")
        ]
        assert row["Capabilities"].links == [
            (capability.label, f"capability/{capability.value}.md")
            for capability in entry.capabilities
        ]
        env_vars = [name.upper() for name in entry.required_settings]
        assert row["Required env vars"].codes == env_vars
        if not env_vars:
            assert row["Required env vars"].text == "none"
    by_category = {
        row["Category"].text: int(row["Providers"].text)
        for row in table_with(document, "Category").as_dicts()
    }
    assert by_category == dict(Counter(entry.category.label for entry in registry))
    by_auth = {
        row["Auth type"].text: int(row["Providers"].text)
        for row in table_with(document, "Auth type").as_dicts()
    }
    assert by_auth == dict(Counter(entry.auth_type.label for entry in registry))
    assert f"{len(registry)} provider" in document.paragraphs[0].text


def assert_group_pages(pages: Mapping[str, str], registry: Sequence[ProviderMetadata]) -> None:
    for category in {entry.category for entry in registry}:
        members = [entry for entry in registry if entry.category is category]
        rows = table_with(parse(pages[category_page(category)]), "Provider").as_dicts()
        assert [row["Provider"].text for row in rows] == [
            named_with_badges(entry) for entry in members
        ]
        assert [row["Provider"].links[0][1] for row in rows] == [
            f"../{entry.slug}.md" for entry in members
        ]
    for auth_type in {entry.auth_type for entry in registry}:
        members = [entry for entry in registry if entry.auth_type is auth_type]
        rows = table_with(parse(pages[auth_type_page(auth_type)]), "Provider").as_dicts()
        assert [row["Provider"].text for row in rows] == [
            named_with_badges(entry) for entry in members
        ]
    generated_groups = {
        path for path in pages if path.startswith(("providers/category/", "providers/auth-type/"))
    }
    assert generated_groups == {category_page(e.category) for e in registry} | {
        auth_type_page(e.auth_type) for e in registry
    }


def assert_statistics(pages: Mapping[str, str], registry: Sequence[ProviderMetadata]) -> None:
    stats = get_statistics(registry)
    document = parse(pages[STATISTICS])
    assert document.raw_html() == []
    assert unsafe_html(document) == []
    totals = {
        row["Measure"].text: int(row["Count"].text)
        for row in table_with(document, "Measure").as_dicts()
    }
    assert totals == {
        "Providers": stats["total_providers"],
        "OAuth providers": stats["oauth_providers"],
        "Disabled providers": stats["disabled_providers"],
        "Beta providers": stats["beta_providers"],
        "Providers requiring a newer Dashtam": stats["version_gated_providers"],
        "Providers with a health check": stats["health_checked_providers"],
    }
    assert stats["disabled_providers"] == sum(not entry.enabled for entry in registry)
    assert stats["beta_providers"] == sum(entry.beta for entry in registry)
    for header, key in (
        ("Category", "categories"),
        ("Auth type", "auth_types"),
        ("Capability", "capabilities"),
    ):
        rows = table_with(document, header).as_dicts()
        assert {row["Value"].text: int(row["Providers"].text) for row in rows} == stats[key]  # type: ignore[literal-required]
    # One bar chart per grouping, drawn in HTML at build time: label, count, width.
    charts = [block for block in document.html_blocks if "dashtam-bars" in block]
    assert len(charts) == 3
    for chart, key, enum in zip(
        charts,
        ("categories", "auth_types", "capabilities"),
        (ProviderCategory, ProviderAuthType, ProviderCapability),
        strict=True,
    ):
        bars = re.findall(
            r'__label">([^<]*)</span>.*?width: ([0-9.]+)%">(\d+)<', chart, flags=re.DOTALL
        )
        counts = stats[key]  # type: ignore[literal-required]
        largest = max(counts.values())
        assert [(html.unescape(label), int(count)) for label, _, count in bars] == [
            (member.label, counts[member.value]) for member in enum if member.value in counts
        ]
        assert [float(width) for _, width, _ in bars] == [
            round(100 * int(count) / largest, 1) for _, _, count in bars
        ]
    matrix = table_with(document, "Provider", last=True)
    # Only capabilities some provider has: the page says empty ones are left out.
    columns = [c for c in ProviderCapability if c.value in stats["capabilities"]]
    assert matrix.header_texts == ["Provider", *(c.label for c in columns)]
    assert len(matrix.rows) == len(registry)
    for row, entry in zip(matrix.rows, registry, strict=True):
        assert row[0].text == visible_text(entry.display_name)
        marked = {
            capability
            for capability, cell in zip(columns, row[1:], strict=True)
            if cell.text.startswith("✓") and 'aria-label="yes"' in cell.text
        }
        assert marked == set(entry.capabilities)
        # A lacking capability says so in words: nothing is an empty cell.
        assert all(cell.text == "no" for cell in row[1:] if not cell.text.startswith("✓"))


def assert_providers_json(pages: Mapping[str, str], registry: Sequence[ProviderMetadata]) -> None:
    document = json.loads(pages[PROVIDERS_JSON])
    jsonschema.validate(document, json.loads(pages[PROVIDERS_SCHEMA]))
    assert document["schema_version"] == SCHEMA_VERSION
    assert [
        {key: value for key, value in item.items() if key != "settings"}
        for item in document["providers"]
    ] == [
        {
            "slug": str(entry.slug),
            "display_name": entry.display_name,
            "category": entry.category.value,
            "auth_type": entry.auth_type.value,
            "capabilities": [capability.value for capability in entry.capabilities],
            "required_env_vars": [env_var_name(name) for name in entry.required_settings],
            "homepage_url": entry.homepage_url,
            "enabled": entry.enabled,
            "beta": entry.beta,
            "min_version": entry.min_version,
            "health_check_url": entry.health_check_url,
            "health_check_interval": entry.health_check_interval,
            "page": f"providers/{entry.slug}/",
        }
        for entry in registry
    ]
    for item in document["providers"]:
        listed = [setting["env_var"] for setting in item["settings"]]
        assert set(item["required_env_vars"]) <= set(listed)
        assert not set(listed) & set(Settings.model_fields), "named by env var, not field name"
    text = pages[PROVIDERS_JSON]
    assert text.isascii()
    lines = text.splitlines()
    assert (
        lines[0] == '{"providers": ['
        if registry
        else lines == [f'{{"providers": [], "schema_version": {SCHEMA_VERSION}}}']
    )
    # One provider per line, keys sorted, so a diff shows exactly which provider changed.
    per_line = [json.loads(line.strip().rstrip(",")) for line in lines[1:-1]]
    assert per_line == document["providers"]
    assert all(
        line.strip().rstrip(",") == json.dumps(item, sort_keys=True)
        for line, item in zip(lines[1:-1], per_line, strict=True)
    )


def assert_provider_page(
    source: str, entry: ProviderMetadata, settings_shown: Sequence[str]
) -> None:
    document = parse(source)
    assert document.raw_html() == []
    assert unsafe_html(document) == []
    name = visible_text(entry.display_name)
    assert html.unescape(document.meta["title"]) == name
    assert document.heading_texts(1) == [name]
    assert "Capabilities" in document.heading_texts(2)
    assert f"Setup: {entry.auth_type.label}" in document.heading_texts(2)
    assert one_line(entry.display_name) in html.unescape(document.meta["description"])
    # The badge row: chips for category, auth type and capabilities, then the slug.
    chips = ("category/", "auth-type/", "capability/")
    badges = next(
        p for p in document.paragraphs if p.links and all(h.startswith(chips) for _, h in p.links)
    )
    assert badges.links == [
        (entry.category.label, f"category/{entry.category.value}.md"),
        (entry.auth_type.label, f"auth-type/{entry.auth_type.value}.md"),
        *((c.label, f"capability/{c.value}.md") for c in entry.capabilities),
    ]
    assert "Fact" not in [table.header_texts[0] for table in document.tables]
    slug_line = document.paragraphs[document.paragraphs.index(badges) + 1]
    assert slug_line.codes[0] == str(entry.slug)
    words = " ".join(badge_words(entry))
    assert badges.text.startswith(words), "flag badges open the badge row"
    if entry.health_check_url is None:
        assert "Health check: None" in slug_line.text
    else:
        assert (entry.health_check_url, entry.health_check_url) in slug_line.links
        interval = entry.health_check_interval
        every = f"{interval // 60} minute" if interval % 60 == 0 else f"{interval} seconds"
        assert f", every {every}" in slug_line.text
    capabilities = table_with(document, "Capability").as_dicts()
    assert [(row["Capability"].text, row["What Dashtam gets"].text) for row in capabilities] == [
        (capability.label, capability.description) for capability in entry.capabilities
    ]
    if settings_shown:
        rows = table_with(document, "Env var").as_dicts()
        assert [row["Env var"].text for row in rows] == [name.upper() for name in settings_shown]
        for row, setting in zip(rows, settings_shown, strict=True):
            field = Settings.model_fields[setting]
            assert row["Description"].text == field.description
            value_type, allowed = setting_type(field.annotation)
            assert row["Type"].text == (
                "one of " + ", ".join(map(str, allowed)) if allowed else value_type
            )
            assert row["Required"].text == (
                "yes" if setting in entry.required_settings or field.is_required() else "no"
            )
        dotenv = [body for language, body in document.code_blocks if language == "dotenv"]
        assert len(dotenv) == 1
        for setting in entry.required_settings:
            assert f"\n{setting.upper()}=your-" in dotenv[0]
    else:
        assert "Env var" not in [table.header_texts[0] for table in document.tables]
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert entry.auth_type.description in text
    setup = entry.setup
    if entry.auth_type is ProviderAuthType.OAUTH and isinstance(setup, OAuthSetup):
        base = base_url_default().rstrip("/")
        if setup.requires_https_redirect:
            base = "https://" + base.removeprefix("http://")
            assert 'requires HTTPS redirect URIs"\n\n    ' in source  # the warning box
        uri = f"{base}/oauth/{entry.slug}/callback"
        assert ("text", uri + "\n") in document.code_blocks
        portal = setup.developer_portal_url
        # The href is the URL made safe: ")" or "%" come back percent-encoded.
        links = [(text, unquote(href)) for text, href in document.all_links()]
        assert (portal, unquote(portal)) in links
        for scope in setup.scopes:
            assert visible_text(scope) in text
        assert f"{setup.access_token_minutes} minute" in text
        assert f"{setup.refresh_token_days} day" in text
    elif entry.auth_type is ProviderAuthType.API_KEY and isinstance(setup, ApiKeySetup):
        assert visible_text(setup.key_header) in text
        assert visible_text(setup.secret_header) in text
        assert "entered per connection" in text
        hrefs = [unquote(href) for _, href in document.all_links()]
        assert unquote(setup.key_page_url) in hrefs
    elif entry.auth_type is ProviderAuthType.FILE_IMPORT and isinstance(setup, FileImportSetup):
        formats = table_with(document, "Format").as_dicts()
        assert [row["Format"].text for row in formats] == [fmt.label for fmt in setup.formats]
        assert [row["What it is"].text for row in formats] == [
            fmt.description for fmt in setup.formats
        ]
        assert [item.text for item in document.lists[0]] == [
            visible_text(step) for step in setup.export_steps
        ]
        for sample in setup.samples:
            shown = shown_block(sample.content)
            assert (sample.format.value, shown) in document.code_blocks
            if sample.format is ImportFormat.CSV:
                header, *rows = [
                    [visible_text(cell) for cell in row]
                    for row in csv.reader(io.StringIO(sample.content))
                    if row
                ]
                [table] = [t for t in document.tables if t.header_texts[: len(header)] == header]
                assert [
                    [cell.text for cell in row][: len(r)]
                    for row, r in zip(table.rows, rows, strict=True)
                ] == rows
    else:
        assert "no provider-specific steps" in text


def assert_site(
    pages: Mapping[str, str],
    registry: Sequence[ProviderMetadata],
    settings_shown: Mapping[str, Sequence[str]] | None = None,
) -> None:
    settings_shown = settings_shown or {}
    assert_catalogue(pages, registry)
    assert_group_pages(pages, registry)
    assert_statistics(pages, registry)
    assert_providers_json(pages, registry)
    for entry in registry:
        slug = str(entry.slug)
        shown = list(dict.fromkeys([*entry.required_settings, *settings_shown.get(slug, ())]))
        assert_provider_page(pages[provider_page(slug)], entry, shown)


def test_real_registry_pages_match_the_registry() -> None:
    assert_site(render_site(PROVIDER_REGISTRY, Settings), list(PROVIDER_REGISTRY))


@HYPOTHESIS
@given(registries())
def test_hostile_registries_render_exactly(registry: list[ProviderMetadata]) -> None:
    assert_site(render_site(registry, Settings), registry)


def test_provider_settings_add_every_setting_the_implementation_reads() -> None:
    optional = [
        name
        for name, field in Settings.model_fields.items()
        if not field.is_required() and field.default is not None
    ]
    shown = {"schwab": optional[:2], "alpaca": optional[-1:]}
    pages = render_site(PROVIDER_REGISTRY, Settings, provider_settings=shown)
    assert_site(pages, list(PROVIDER_REGISTRY), shown)
    rows = table_with(parse(pages[provider_page("alpaca")]), "Env var").as_dicts()
    field = Settings.model_fields[optional[-1]]
    assert rows[0]["Default"].text == str(field.default)
    assert rows[0]["Required"].text == "no"


def test_rendering_is_deterministic() -> None:
    first = render_site(PROVIDER_REGISTRY, Settings, prose={"schwab": "## Notes\n\nHi.\n"})
    second = render_site(PROVIDER_REGISTRY, Settings, prose={"schwab": "## Notes\n\nHi.\n"})
    assert first == second
    assert list(first) == list(second)


@HYPOTHESIS
@given(registries())
def test_hostile_registries_render_deterministically(registry: list[ProviderMetadata]) -> None:
    assert render_site(registry, Settings) == render_site(list(registry), Settings)


def test_prose_is_merged_after_the_summary() -> None:
    prose = "## Before you start\n\nApproval takes a few days.\n"
    page = render_site(PROVIDER_REGISTRY, Settings, prose={"alpaca": prose})[
        provider_page("alpaca")
    ]
    document = parse(page)
    assert document.heading_texts(2)[:2] == ["Before you start", "Capabilities"]
    assert page.index("dashtam-badges") < page.index(prose) < page.index("## Capabilities")
