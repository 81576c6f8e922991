"""The discovery serializer (``dashtam.core.discovery``) on the fictional fixture registry.

The same records are published as ``providers.json`` and served by the discovery API,
so these tests pin what a program may rely on: env var names, types, allowed values,
the page URL from the caller's URL function, and a document valid against the schema.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

import jsonschema
import pytest
from fixture_providers import (
    FIXTURE_REGISTRY,
    KEYS_ENTRY,
    LEGACY_ENTRY,
    FixtureSettings,
)
from pydantic import SecretStr

from dashtam.core.discovery import (
    PROVIDER_RECORD_SCHEMA,
    PROVIDERS_DOCUMENT_SCHEMA,
    SCHEMA_VERSION,
    provider_record,
    provider_records,
    providers_document,
    setting_type,
)


def _page(slug: str) -> str:
    return f"providers/{slug}.md"


def _html_url(page: str) -> str:
    return page.removesuffix(".md") + ".html"


def _records() -> list[dict[str, Any]]:
    return provider_records(FIXTURE_REGISTRY, FixtureSettings, _html_url, _page)


def test_settings_are_named_by_env_var_with_type_and_secrecy() -> None:
    [oauth, *_] = _records()

    settings = {setting["env_var"]: setting for setting in oauth["settings"]}

    assert oauth["required_env_vars"] == [
        "FIXTURE_OAUTH_CLIENT_ID",
        "FIXTURE_OAUTH_CLIENT_SECRET",
    ]
    assert list(settings)[:3] == oauth["required_env_vars"] + ["FIXTURE_OAUTH_MODE"]
    assert settings["FIXTURE_OAUTH_CLIENT_ID"] == {
        "env_var": "FIXTURE_OAUTH_CLIENT_ID",
        "required": True,
        "secret": True,
        "type": "string",
    }
    assert settings["FIXTURE_OAUTH_MODE"] == {
        "env_var": "FIXTURE_OAUTH_MODE",
        "required": False,
        "secret": False,
        "type": "string",
        "allowed_values": ["sandbox", "live"],
    }
    assert settings["PROVIDER_HTTP_MAX_RETRIES"]["type"] == "integer"
    assert settings["PROVIDER_HTTP_TIMEOUT_SECONDS"]["type"] == "number"


def test_page_urls_come_from_the_callers_url_function() -> None:
    pages = [record["page"] for record in _records()]

    assert pages == [f"providers/{entry.slug}.html" for entry in FIXTURE_REGISTRY]


def test_an_entry_without_schema_lists_its_required_settings() -> None:
    record = provider_record(LEGACY_ENTRY, FixtureSettings, _html_url, _page(LEGACY_ENTRY.slug))

    assert record["settings"] == [
        {"env_var": "FIXTURE_LEGACY_TOKEN", "required": True, "secret": True, "type": "string"}
    ]


def test_settings_read_overrides_the_schema_and_unknown_names_still_get_env_vars() -> None:
    record = provider_record(
        KEYS_ENTRY, FixtureSettings, _html_url, "x.md", settings_read=["fixture_nowhere"]
    )

    assert record["settings"] == [
        {"env_var": "FIXTURE_NOWHERE", "required": True, "secret": False, "type": "string"}
    ]
    assert record["page"] == "x.html"


def test_the_document_is_valid_against_its_schema() -> None:
    document = providers_document(_records())

    jsonschema.validate(document, PROVIDERS_DOCUMENT_SCHEMA)
    assert document["schema_version"] == SCHEMA_VERSION
    assert [record["slug"] for record in document["providers"]] == [
        str(entry.slug) for entry in FIXTURE_REGISTRY
    ]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda record: record.pop("page"), "page"),
        (lambda record: record.update(required_settings=["x"]), "required_settings"),
        (lambda record: record["settings"][0].update(env_var=""), "env_var"),
        (lambda record: record["settings"][0].update(type="list"), "type"),
        (lambda record: record.update(slug="Not A Slug"), "slug"),
    ],
)
def test_the_schema_rejects_what_a_consumer_could_not_use(mutate: Any, field: str) -> None:
    record = copy.deepcopy(_records()[0])
    mutate(record)

    with pytest.raises(jsonschema.ValidationError) as error:
        jsonschema.validate(record, PROVIDER_RECORD_SCHEMA)
    assert field in str(error.value)


def test_records_are_fresh_objects_a_caller_may_change() -> None:
    first = _records()
    first[0]["settings"][2]["allowed_values"].append("hacked")

    assert _records()[0]["settings"][2]["allowed_values"] == ["sandbox", "live"]


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (bool, ("boolean", ())),
        (int | None, ("integer", ())),
        (SecretStr | None, ("string", ())),
        (Literal[1, 2], ("integer", (1, 2))),
        (list[str], ("string", ())),
        (int | str, ("string", ())),
    ],
)
def test_setting_type(annotation: object, expected: tuple[str, tuple[object, ...]]) -> None:
    assert setting_type(annotation) == expected
