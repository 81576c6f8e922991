"""``POST /api/v1/providers/chase_file/imports``: upload a Chase export (multipart).

The size limit is Chase's registry entry's ``max_file_bytes``. It is enforced while
the body streams in: a declared ``Content-Length`` over the limit is refused before
reading, and an undeclared (chunked) body is cut off as soon as it passes the limit,
so an oversized upload is never held whole in memory. A rejected file gets a 422
listing each problem with its line; nothing from it is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import Message

from dashtam.domain.providers.enums import Provider
from dashtam.presentation.api.dependencies import services_of

#: Room for the multipart boundaries and the form's small text fields.
MULTIPART_OVERHEAD: Final = 64 * 1024
IMPORT_PATH: Final = f"/api/v1/providers/{Provider.CHASE_FILE}/imports"


class ImportOut(BaseModel):
    """What an accepted file added; a re-upload adds nothing."""

    provider: str
    account_id: str
    file_format: str
    transactions_in_file: int
    added: int
    already_stored: int


class ProblemOut(BaseModel):
    """One problem of a rejected file."""

    line: int | None
    message: str


class RejectionOut(BaseModel):
    """A rejected file: every problem, and the assurance nothing was stored."""

    provider: str
    message: str
    problems: list[ProblemOut]


_MULTIPART_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "account_id"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The Chase export: CSV, QFX or OFX.",
                        },
                        "account_id": {
                            "type": "string",
                            "description": "The Dashtam account the transactions belong to.",
                        },
                    },
                }
            }
        },
    }
}


def add_import_routes(app: FastAPI) -> None:
    """Add the upload route of Chase, the registry's file-import provider."""
    app.add_api_route(
        IMPORT_PATH,
        upload_chase_file,
        methods=["POST"],
        name="import_chase_file",
        summary="Import a Chase export (CSV, QFX or OFX)",
        tags=["imports"],
        response_model=ImportOut,
        status_code=201,
        responses={
            413: {"description": "The upload is larger than the registry's size limit."},
            422: {"model": RejectionOut, "description": "The file was rejected."},
        },
        openapi_extra=_MULTIPART_BODY,
    )


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(
        {
            "detail": f"The upload is larger than the {limit:,}-byte limit for Chase files. "
            "Download a shorter date range and import it in parts."
        },
        status_code=413,
    )


def _bad_form(message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=400)


def _replay(body: bytes) -> Callable[[], Awaitable[Message]]:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def upload_chase_file(request: Request) -> Any:
    """Stream the body within the limit, then parse the form and import the file."""
    # The database layer loads with the first upload, not with the app's routes.
    from dashtam.core.imports import ImportRejectedError, file_import_setup, import_chase_file

    limit = file_import_setup(Provider.CHASE_FILE).max_file_bytes
    ceiling = limit + MULTIPART_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > ceiling:
        return _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > ceiling:
            return _too_large(limit)
    replayed = Request(request.scope, _replay(bytes(body)))
    try:
        form = await replayed.form(max_files=1, max_fields=4)
    except Exception:
        return _bad_form(
            "The body is not multipart/form-data with a 'file' and an 'account_id' field."
        )
    upload, account_id = form.get("file"), form.get("account_id")
    if not isinstance(upload, UploadFile):
        return _bad_form("The form has no 'file' field holding the uploaded file.")
    if not isinstance(account_id, str) or not account_id.strip():
        return _bad_form("The form has no 'account_id' naming the Dashtam account.")
    content = await upload.read(limit + 1)
    if len(content) > limit:
        return _too_large(limit)
    services = services_of(request)
    try:
        result = await run_in_threadpool(
            import_chase_file,
            services.engine,
            content,
            account_id=account_id.strip(),
            filename=upload.filename,
        )
    except ImportRejectedError as rejected:
        return JSONResponse(
            RejectionOut(
                provider=rejected.provider,
                message=str(rejected),
                problems=[ProblemOut(line=p.line, message=p.message) for p in rejected.problems],
            ).model_dump(),
            status_code=422,
        )
    return JSONResponse(ImportOut(**vars(result)).model_dump(), status_code=201)
