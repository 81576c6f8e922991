"""validate_registry holds every text, URL and number of an entry to what may be shown.

A mechanism test on the fictional ``fixture_providers`` registry: each rule of
``input_rules`` and ``setup_rules`` is broken once and reported with its provider,
field and fix, alongside every other problem, never as a crash.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fixture_providers import (
    FILES_ENTRY,
    FILES_SETUP,
    FIXTURE_SLUGS,
    KEYS_ENTRY,
    KEYS_SETUP,
    LEGACY_ENTRY,
    OAUTH_ENTRY,
    OAUTH_SETUP,
)

from dashtam.domain.providers import (
    ImportFormat,
    ProviderMetadata,
    RegistryProblem,
    SampleFile,
    validate_registry,
)
from dashtam.domain.providers.input_rules import (
    MAX_NAME_CHARS,
    MAX_SLUG_CHARS,
    text_problem,
    url_problem,
)

DECLARED = tuple(slug for slug in FIXTURE_SLUGS if slug != str(LEGACY_ENTRY.slug))


def _problems(*changed: ProviderMetadata) -> list[RegistryProblem]:
    by_slug = {str(entry.slug): entry for entry in (OAUTH_ENTRY, KEYS_ENTRY, FILES_ENTRY)}
    for entry in changed:
        by_slug[str(entry.slug)] = entry
    return validate_registry(by_slug.values(), declared_slugs=DECLARED)


def _home(url: object) -> ProviderMetadata:
    return replace(OAUTH_ENTRY, homepage_url=url)


def _oauth(**setup: Any) -> ProviderMetadata:
    return replace(OAUTH_ENTRY, setup=replace(OAUTH_SETUP, **setup))


def _keys(**setup: Any) -> ProviderMetadata:
    return replace(KEYS_ENTRY, setup=replace(KEYS_SETUP, **setup))


def _files(**setup: Any) -> ProviderMetadata:
    return replace(FILES_ENTRY, setup=replace(FILES_SETUP, **setup))


CASES: list[tuple[str, ProviderMetadata, str, str]] = [
    ("rlo-name", replace(OAUTH_ENTRY, display_name="Bank\u202eknaB"), "display_name", "U+202E"),
    ("nul-name", replace(OAUTH_ENTRY, display_name="Bank\x00"), "display_name", "U+0000"),
    ("newline-name", replace(OAUTH_ENTRY, display_name="Bank\nX"), "display_name", "U+000A"),
    ("zwsp-name", replace(OAUTH_ENTRY, display_name="Ba\u200bnk"), "display_name", "U+200B"),
    (
        "long-name",
        replace(OAUTH_ENTRY, display_name="N" * 100_000),
        "display_name",
        f"is 100,000 characters long; at most {MAX_NAME_CHARS}",
    ),
    (
        "javascript-homepage",
        _home("javascript:alert(1)"),
        "homepage_url",
        "has javascript:; only https:// (or http://) URLs are linked",
    ),
    (
        "data-homepage",
        _home("data:text/html,<script>x</script>"),
        "homepage_url",
        "has data:",
    ),
    (
        "credentials-homepage",
        _home("https://user:pass@bank.example/"),
        "homepage_url",
        "carries credentials",
    ),
    (
        "ip-homepage",
        _home("https://192.168.1.10/"),
        "homepage_url",
        "names an IP address",
    ),
    (
        "ipv6-homepage",
        _home("https://[::1]/"),
        "homepage_url",
        "names an IP address",
    ),
    ("no-host", _home("https:///path"), "homepage_url", "no host"),
    (
        "spaced-url",
        _home("https://a.example/ x"),
        "homepage_url",
        "white space",
    ),
    (
        "bad-port",
        _home("https://a.example:x/"),
        "homepage_url",
        "not a valid URL",
    ),
    ("relative-url", _home("/local"), "homepage_url", "has no scheme"),
    ("number-url", _home(42), "homepage_url", "is int 42, not text"),
    ("token-url", _oauth(token_url="ftp://auth.example/token"), "setup.token_url", "has ftp:"),
    ("blank-scope", _oauth(scopes=["read", " "]), "setup.scopes[1]", "is blank"),
    ("spaced-scope", _oauth(scopes=["read write"]), "setup.scopes[0]", "contains white space"),
    (
        "minutes-none",
        _oauth(access_token_minutes=None),
        "setup.access_token_minutes",
        "is NoneType None, not a whole number",
    ),
    ("days-zero", _oauth(refresh_token_days=0), "setup.refresh_token_days", "is 0; it must be"),
    ("days-bool", _oauth(refresh_token_days=True), "setup.refresh_token_days", "is bool True"),
    ("key-page", _keys(key_page_url="http://10.0.0.1/keys"), "setup.key_page_url", "IP address"),
    ("header-space", _keys(key_header="X Key"), "setup.key_header", "not an HTTP header name"),
    ("header-blank", _keys(secret_header=""), "setup.secret_header", "is blank"),
    (
        "max-bytes-none",
        _files(max_file_bytes=None),
        "setup.max_file_bytes",
        "is NoneType None, not a whole number",
    ),
    ("max-bytes-text", _files(max_file_bytes="5"), "setup.max_file_bytes", "is str '5'"),
    ("max-bytes-negative", _files(max_file_bytes=-1), "setup.max_file_bytes", "is -1"),
    ("max-bytes-huge", _files(max_file_bytes=2**40), "setup.max_file_bytes", "from 1 to"),
    ("no-formats", _files(formats=[]), "setup.formats", "is empty"),
    ("format-text", _files(formats=["csv"]), "setup.formats[0]", "not an ImportFormat"),
    ("no-steps", _files(export_steps=[]), "setup.export_steps", "is empty"),
    ("bidi-step", _files(export_steps=["Go\u2066 on"]), "setup.export_steps[0]", "U+2066"),
    (
        "sample-name",
        _files(samples=[SampleFile(name="a\tb.csv", format=ImportFormat.CSV, content="x\n")]),
        "setup.samples[0].name",
        "U+0009",
    ),
    (
        "sample-content",
        _files(samples=[SampleFile(name="a.csv", format=ImportFormat.CSV, content="x\x07\n")]),
        "setup.samples[0].content",
        "U+0007",
    ),
    (
        "sample-format",
        _files(samples=[SampleFile(name="a.csv", format="csv", content="x\n")]),  # type: ignore[arg-type]
        "setup.samples[0].format",
        "not an ImportFormat",
    ),
]


@pytest.mark.parametrize(
    ("entry", "field", "fragment"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_input_rule_names_the_provider_the_field_and_the_fix(
    entry: ProviderMetadata, field: str, fragment: str
) -> None:
    problems = _problems(entry)

    assert [(problem.provider, problem.field) for problem in problems] == [
        (str(entry.slug), field)
    ], problems
    assert fragment in problems[0].problem
    assert "src/dashtam/domain/providers/registry.py" in problems[0].fix


def test_a_slug_too_long_for_a_file_name_is_refused_by_its_length() -> None:
    slug = "p" * 300
    entry = replace(KEYS_ENTRY, slug=slug)

    problems = validate_registry([entry], declared_slugs=[slug])

    assert [problem.field for problem in problems] == ["slug"]
    assert f"is 300 characters long; at most {MAX_SLUG_CHARS}" in problems[0].problem
    assert problems[0].provider == "p" * MAX_SLUG_CHARS + "..."
    assert "enums.py" in problems[0].fix


def test_every_broken_field_of_every_entry_is_reported_in_one_run() -> None:
    problems = _problems(
        replace(_oauth(token_url="javascript:x"), display_name="A\u202e", homepage_url="data:,"),
        _files(max_file_bytes=None, export_steps=[]),
    )

    assert sorted((problem.provider, problem.field) for problem in problems) == [
        ("fixture_files", "setup.export_steps"),
        ("fixture_files", "setup.max_file_bytes"),
        ("fixture_oauth", "display_name"),
        ("fixture_oauth", "homepage_url"),
        ("fixture_oauth", "setup.token_url"),
    ]


def test_a_setup_record_of_the_wrong_type_is_reported_once_not_field_by_field() -> None:
    problems = _problems(replace(OAUTH_ENTRY, setup=KEYS_SETUP))

    assert [(problem.field, problem.problem[:14]) for problem in problems] == [
        ("setup", "is a ApiKeySet")
    ]


@pytest.mark.parametrize(
    "url",
    ["https://www.schwab.com", "http://localhost:8000/x?a=(b)", "https://xn--bcher-kva.example/"],
)
def test_plain_web_urls_pass(url: str) -> None:
    assert url_problem(url) is None


def test_multi_line_text_keeps_line_breaks_and_tabs() -> None:
    assert text_problem("a,b\n1,\t2\r\n", 100, multiline=True) is None
    assert text_problem("a\nb", 100) is not None
