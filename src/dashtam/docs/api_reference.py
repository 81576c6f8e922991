"""The service's API reference page, generated at build time from the app's OpenAPI document.

The page and ``reference/openapi.json`` are rendered from what
``dashtam.presentation.api.create_app().openapi()`` returns for the real registry,
the same document the running service serves at ``/openapi.json``; nothing about
the API is typed by hand, so the reference cannot drift from the routes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, Final

from dashtam.docs.escape import md_code, md_text
from dashtam.docs.markup import join_blocks, page_start, table

API_REFERENCE: Final = "reference/api.md"
API_REFERENCE_TITLE: Final = "Service API"
OPENAPI_JSON: Final = "reference/openapi.json"
_METHODS: Final = ("get", "post", "put", "patch", "delete")


@functools.lru_cache(maxsize=1)
def service_openapi() -> dict[str, Any]:
    """The OpenAPI document of the service for the real registry (built once per process)."""
    from dashtam.presentation.api import create_app

    document: dict[str, Any] = create_app().openapi()
    return document


def render_openapi_json(document: Mapping[str, Any]) -> str:
    """``reference/openapi.json``: the document, keys sorted, for tools and clients."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _parameters(operation: Mapping[str, Any]) -> str:
    names = [
        f"{md_code(str(p['name']))} ({md_text(str(p.get('in', '')))})"
        for p in operation.get("parameters", [])
    ]
    body = operation.get("requestBody", {}).get("content", {})
    names.extend(f"body: {md_code(media)}" for media in sorted(body))
    return ", ".join(names) or "none"


def _responses(operation: Mapping[str, Any]) -> str:
    return ", ".join(md_code(str(code)) for code in sorted(operation.get("responses", {})))


def render_api_reference(document: Mapping[str, Any]) -> str:
    """The reference page: every operation by tag, with parameters and response codes."""
    info = document.get("info", {})
    rows_by_tag: dict[str, list[list[str]]] = {}
    for path, operations in document.get("paths", {}).items():
        for method in _METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            rows_by_tag.setdefault(tag, []).append(
                [
                    md_code(method.upper()),
                    md_code(path),
                    md_text(str(operation.get("summary", ""))),
                    _parameters(operation),
                    _responses(operation),
                ]
            )
    sections = [
        f"## {md_text(tag.capitalize())}\n\n"
        + table(["Method", "Path", "What it does", "Parameters", "Responses"], rows)
        for tag, rows in rows_by_tag.items()
    ]
    intro = (
        f"{md_text(str(info.get('description', '')))}\n\n"
        "Generated at build time from the service's OpenAPI document, the one it serves at "
        "`/openapi.json` (interactive at `/docs` while it runs). Download it as "
        "[openapi.json](openapi.json). Start the service with `make api` after "
        "`python -m dashtam db upgrade`."
    )
    description = (
        "Reference of Dashtam's service API: every route with its parameters and responses, "
        "generated from the app's OpenAPI document."
    )
    return join_blocks(page_start(API_REFERENCE_TITLE, intro, description), *sections)
