"""The discovery API: the data of providers.json, ETag/304, a 404 listing the slugs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fixture_providers import FIXTURE_REGISTRY, FIXTURE_SLUGS, UNREGISTERED

from dashtam.docs import generate_docs, page_url
from dashtam.docs.zensical import load_mkdocs_config, uses_directory_urls
from dashtam.domain.providers import PROVIDER_REGISTRY, get_all_provider_slugs
from dashtam.presentation.api import create_app

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())  # the discovery API needs no database


def _published_providers_json() -> object:
    """providers.json as a build with the project's mkdocs.yml writes it (its URL scheme)."""
    config = load_mkdocs_config(DOCS.parent / "mkdocs.yml")
    directory_urls = uses_directory_urls(config)
    pages = generate_docs(
        DOCS, url_of=lambda page: page_url(page, directory_urls=directory_urls)
    ).pages
    return json.loads(pages["providers.json"])


def test_the_api_serves_exactly_the_data_of_providers_json(client: TestClient) -> None:
    published = _published_providers_json()
    answer = client.get("/api/v1/providers")
    assert answer.status_code == 200
    assert answer.json() == published
    assert [p["slug"] for p in answer.json()["providers"]] == [
        str(slug) for slug in get_all_provider_slugs()
    ]


def test_each_provider_has_its_own_record(client: TestClient) -> None:
    listed = client.get("/api/v1/providers").json()["providers"]
    for record in listed:
        one = client.get(f"/api/v1/providers/{record['slug']}")
        assert one.status_code == 200
        assert one.json() == record
    assert len(listed) == len(PROVIDER_REGISTRY)


def test_an_unknown_slug_is_a_404_listing_the_registered_slugs(client: TestClient) -> None:
    answer = client.get(f"/api/v1/providers/{UNREGISTERED}")
    assert answer.status_code == 404
    slugs = [str(slug) for slug in get_all_provider_slugs()]
    assert answer.json()["registered"] == slugs
    assert ", ".join(slugs) in answer.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/providers", f"/api/v1/providers/{PROVIDER_REGISTRY[0].slug}"]
)
def test_etag_and_cache_control_with_304_on_if_none_match(client: TestClient, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert "max-age" in first.headers["cache-control"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        cached = client.get(path, headers={"If-None-Match": header})
        assert cached.status_code == 304, header
        assert cached.content == b""
        assert cached.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_the_api_follows_any_registry() -> None:
    fixture = TestClient(create_app(registry=FIXTURE_REGISTRY))
    assert [p["slug"] for p in fixture.get("/api/v1/providers").json()["providers"]] == list(
        FIXTURE_SLUGS
    )
    assert (
        fixture.get("/api/v1/providers").headers["etag"]
        != TestClient(create_app()).get("/api/v1/providers").headers["etag"]
    )


def test_the_openapi_document_describes_the_discovery_routes(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    listed = document["paths"]["/api/v1/providers"]["get"]["responses"]["200"]
    schema = listed["content"]["application/json"]["schema"]
    assert schema["required"] == ["schema_version", "providers"]
    assert "404" in document["paths"]["/api/v1/providers/{slug}"]["get"]["responses"]
